// How runs that never get going end: a scenario that throws, parameters the scenario rejects, an init that hangs.
// Each must end with an outcome the harness can report, never a hang or an unexplained failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runK6, startK6 } from '../../../lib/k6/runner.ts';
import { HarnessError } from '../../../lib/errors.ts';
import { k6Path } from './k6-path.ts';

let dir: string;
let k6: string;
const baseUrl = 'http://127.0.0.1:9'; // never contacted: none of these runs reaches the load

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-k6-life-'));
  k6 = await k6Path();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function scenario(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

describe('runs that do not start', () => {
  it('a scenario that throws while loading ends as script-error (107) with k6 message kept', async () => {
    const file = scenario('throws.ts', "throw new Error('cannot find the seed data');\nexport default function () {}\n");
    const result = await runK6({ k6Path: k6, scenario: file, runDir: join(dir, 'throws'), params: { baseUrl } });
    expect(result).toMatchObject({ exitCode: 107, outcome: 'script-error', loadCompleted: false, loadStartedAt: undefined, requests: 0 });
    expect(result.stderrTail).toContain('cannot find the seed data');
    result.evidence.dispose();
  });

  it('parameters the scenario rejects end as script-error naming the variable', async () => {
    const result = await runK6({ k6Path: k6, scenario: 'scenarios/api-mix.ts', runDir: join(dir, 'badenv'), params: { baseUrl }, env: { STAGES: 'ten seconds' } });
    expect(result.outcome).toBe('script-error');
    expect(result.stderrTail).toContain('STAGES: expected JSON');
    result.evidence.dispose();
  });

  it('an init that does not finish within the start-up timeout is killed and reported as such', async () => {
    const file = scenario('hangs.ts', 'const until = Date.now() + 60000;\nwhile (Date.now() < until) { /* a stuck init */ }\nexport default function () {}\n');
    const started = Date.now();
    const run = await startK6({ k6Path: k6, scenario: file, runDir: join(dir, 'hangs'), params: { baseUrl }, startupTimeoutMs: 1500 });
    expect(await run.ready).toBe(false);
    const result = await run.done;
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result).toMatchObject({ outcome: 'startup-timeout', description: 'the test did not start within 1.5 s', exitCode: null });
    result.evidence.dispose();
  });

  it('a k6 path that does not exist fails with a harness error saying how to get k6', async () => {
    const run = await startK6({ k6Path: join(dir, 'no-such-k6'), scenario: 'scenarios/api-mix.ts', runDir: join(dir, 'nok6'), params: { baseUrl } });
    const error = await run.done.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HarnessError);
    expect((error as HarnessError).message).toContain('cannot run k6 at');
    expect((error as HarnessError).hint).toMatch(/bootstrap|K6_BIN/);
    run.evidence.dispose();
  });
});
