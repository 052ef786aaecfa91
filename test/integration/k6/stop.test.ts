// Stopping a running load: through the REST API (what guardrails use) and through an abort signal (Ctrl-C).
// k6 must end promptly with exit 103, and its summary and the evidence must still be collected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { startK6, type K6Run } from '../../../lib/k6/runner.ts';
import { startLoopbackApi, type LoopbackApi } from '../../support/loopback-api.ts';
import { k6Path } from './k6-path.ts';

let api: LoopbackApi;
let dir: string;
let k6: string;

beforeAll(async () => {
  api = await startLoopbackApi();
  dir = mkdtempSync(join(tmpdir(), 'firedrill-k6-stop-'));
  k6 = await k6Path();
});

afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

function start(name: string, signal?: AbortSignal): Promise<K6Run> {
  return startK6({
    k6Path: k6,
    scenario: 'scenarios/api-mix.ts',
    runDir: join(dir, name),
    params: { baseUrl: api.url, thinkTimeMs: 50 },
    stages: [{ duration: '1s', target: 5 }, { duration: '2m', target: 5 }],
    signal,
  });
}

/** Poll k6's live metrics until it has sent `n` requests (bounded). */
async function untilRequests(run: K6Run, n: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const live = await run.live();
    if ((live?.counters.requests ?? 0) >= n) return;
    await delay(100);
  }
  throw new Error(`k6 did not reach ${n} requests within ${timeoutMs} ms`);
}

describe('stopping a run', () => {
  it('through the REST API ends k6 within 2 s with exit 103 (stopped) and still collects summary and evidence', async () => {
    const run = await start('rest');
    expect(await run.ready).toBe(true);
    await untilRequests(run, 50);
    const asked = Date.now();
    await run.stop('guardrail: error rate above 90 % for 20 s');
    const exited = (await run.exited).getTime();
    expect(exited - asked).toBeLessThan(2000);
    const result = await run.done;
    expect(result.exitCode).toBe(103);
    expect(result.outcome).toBe('stopped');
    expect(result.loadCompleted).toBe(false);
    expect(result.stopReason).toBe('guardrail: error rate above 90 % for 20 s');
    expect(existsSync(result.files.summary)).toBe(true);
    const k6Requests = result.summary?.metrics.http_reqs?.values.count ?? 0;
    expect(k6Requests).toBeGreaterThanOrEqual(50);
    expect(result.requests).toBe(k6Requests);
    expect(result.evidence.window().stats().count).toBe(k6Requests);
    result.evidence.dispose();
  });

  it('through an aborted signal (Ctrl-C in the harness) the same way, recording why', async () => {
    const controller = new AbortController();
    const run = await start('abort', controller.signal);
    expect(await run.ready).toBe(true);
    await untilRequests(run, 20);
    const asked = Date.now();
    controller.abort();
    const result = await run.done;
    expect(result.endedAt.getTime() - asked).toBeLessThan(2000);
    expect(result).toMatchObject({ exitCode: 103, outcome: 'stopped', stopReason: 'interrupted by the operator' });
    expect(result.summary?.metrics.http_reqs?.values.count).toBeGreaterThanOrEqual(20);
    result.evidence.dispose();
  });
});
