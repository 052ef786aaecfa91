// The reconciler's options: defaults, and errors that name the field and the fix. Plus the exit code convention.
import { describe, expect, it } from 'vitest';
import { createEcs } from '../../../sandbox/aws/ecs/index.ts';
import { createSecretsManager } from '../../../sandbox/aws/secretsmanager/index.ts';
import { resolveReconcilerOptions, type ReconcilerOptions } from '../../../sandbox/ecs/options.ts';
import { exitCodeOf } from '../../../sandbox/ecs/process-group.ts';

const valid = (): ReconcilerOptions => ({
  scheduler: createEcs().scheduler,
  secrets: createSecretsManager().store,
  images: { 'firedrill/reference-api': { command: process.execPath, args: ['--import', 'tsx', 'sandbox/service/main.ts'] } },
  logsDir: '/tmp/logs',
});

describe('resolveReconcilerOptions', () => {
  it('fills the defaults', () => {
    const o = resolveReconcilerOptions(valid());
    expect(o).toMatchObject({ tickMs: 1000, listenTimeoutMs: 30_000, shutdownGraceMs: 5000, env: {} });
    expect(o.loadBalancers).toBeInstanceOf(Map);
    expect(o.metrics).toBeUndefined();
    const m = resolveReconcilerOptions({ ...valid(), metrics: { publish: async () => undefined } }).metrics;
    expect(m).toMatchObject({ intervalMs: 10_000, taskCpuUnits: 1024, taskMemoryMiB: 512 });
  });

  it.each<[string, Partial<ReconcilerOptions> | Record<string, unknown>, RegExp]>([
    ['scheduler', { scheduler: {} }, /^startReconciler: scheduler: expected the EcsScheduler from createEcs\(\)/],
    ['secrets', { secrets: undefined }, /^startReconciler: secrets: expected the SecretStore/],
    ['logsDir', { logsDir: '' }, /^startReconciler: logsDir: expected the directory for task logs/],
    ['images', { images: { x: { command: '', args: [] } } }, /^startReconciler: images\["x"\]\.command: expected the program to run/],
    ['image args', { images: { x: { command: 'node', args: 'main.ts' } } }, /^startReconciler: images\["x"\]\.args: expected an array of strings/],
    ['tickMs', { tickMs: 0 }, /^startReconciler: tickMs: expected an integer from 10 to 60000, got 0/],
    ['env value', { env: { AWS_REGION: 1 } }, /^startReconciler: env\.AWS_REGION: expected a string value$/],
    ['metrics target', { metrics: {} }, /^startReconciler: metrics: give either metrics\.publish/],
    ['metrics both', { metrics: { publish: async () => 1, cloudwatch: {} } }, /^startReconciler: metrics: give only one/],
    ['loadBalancers', { loadBalancers: [] }, /^startReconciler: loadBalancers: expected a Map/],
  ])('rejects a bad %s, naming the field', (_name, patch, message) => {
    expect(() => resolveReconcilerOptions({ ...valid(), ...patch } as ReconcilerOptions)).toThrow(message);
  });

  it('never quotes an env value in its error (it may be a credential)', () => {
    expect(() => resolveReconcilerOptions({ ...valid(), env: { AWS_SECRET_ACCESS_KEY: { secret: 'do-not-print' } } } as unknown as ReconcilerOptions)).toThrow(
      /^(?!.*do-not-print).*AWS_SECRET_ACCESS_KEY/,
    );
  });
});

describe('exitCodeOf', () => {
  it("keeps an exit code and turns a signal into 128 + its number, Docker's convention", () => {
    expect(exitCodeOf(3, null)).toEqual({ code: 3 });
    expect(exitCodeOf(null, 'SIGKILL')).toEqual({ code: 137, signal: 'SIGKILL' });
    expect(exitCodeOf(null, 'SIGTERM')).toEqual({ code: 143, signal: 'SIGTERM' });
  });
});
