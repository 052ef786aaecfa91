// Before the real load: one VU sends every endpoint once (scenarios/smoke.ts). A target that fails its own smoke
// test would make every later number meaningless, so the drill stops here (exit 4) with nothing changed.
import { join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { runK6 } from '../k6/runner.ts';
import { projectRoot } from '../paths.ts';
import type { RunDir } from './run-dir.ts';

export async function smokeTest(k6Path: string, baseUrl: string, runDir: RunDir, say: (line: string) => void): Promise<void> {
  say('smoke test: every endpoint once');
  const result = await runK6({ k6Path, scenario: join(projectRoot, 'scenarios', 'smoke.ts'), runDir: runDir.file('k6-smoke'), params: { baseUrl }, raw: 'delete', startupTimeoutMs: 60_000 });
  if (result.outcome !== 'completed') {
    throw new HarnessError(
      `the smoke test failed before the drill started (${result.description}); nothing was changed`,
      `its output is in ${runDir.file('k6-smoke')}; check that ${baseUrl} serves the endpoint catalogue`,
    );
  }
  say(`smoke test passed (${result.requests} requests)`);
}
