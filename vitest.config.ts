import { defineConfig } from 'vitest/config';

// Two projects: `unit` is pure logic and fast; `integration` drives real processes (sandbox, k6, Postgres)
// and runs its files one at a time because they share loopback ports, the CPU and the sandbox state folder.
export default defineConfig({
  test: {
    // The SDK is pinned; its notice that future releases need Node 22 is noise in test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          pool: 'forks',
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
