// The other stock scenarios through the runner: smoke (preflight's gate), capacity (stepped arrival rate, cut
// into steps from the same plan the scenario uses) and monthly (the platform's profile, scaled down).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capacityTable } from '../../../lib/evidence/capacity.ts';
import { runK6 } from '../../../lib/k6/runner.ts';
import { capacitySteps } from '../../../scenarios/lib/plans.ts';
import { DEFAULT_PARAMS } from '../../../scenarios/lib/params.ts';
import { CATEGORIES } from '../../../scenarios/lib/slo.ts';
import { startLoopbackApi, type LoopbackApi } from '../../support/loopback-api.ts';
import { k6Path } from './k6-path.ts';

let api: LoopbackApi;
let dir: string;
let k6: string;

beforeAll(async () => {
  api = await startLoopbackApi();
  dir = mkdtempSync(join(tmpdir(), 'firedrill-k6-scen-'));
  k6 = await k6Path();
});
afterAll(async () => {
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('smoke', () => {
  it('calls every endpoint once and passes against a healthy API', async () => {
    const result = await runK6({ k6Path: k6, scenario: 'scenarios/smoke.ts', runDir: join(dir, 'smoke-ok'), params: { baseUrl: api.url } });
    expect(result.outcome, result.stderrTail).toBe('completed');
    expect(result.requests).toBe(8); // 6 catalogue endpoints + /health + /health/ready
    expect(result.coverage.expected.map((e) => [e.category, e.requests])).toEqual(CATEGORIES.map((c) => [c, c === 'read-complex' ? 2 : 1]));
    expect(result.coverage.untagged).toBe(2);
    result.evidence.dispose();
  });

  it('fails its checks threshold (exit 99) when one endpoint answers 503', async () => {
    api.failures.export = 503;
    try {
      const result = await runK6({ k6Path: k6, scenario: 'scenarios/smoke.ts', runDir: join(dir, 'smoke-fail'), params: { baseUrl: api.url } });
      expect(result).toMatchObject({ exitCode: 99, outcome: 'thresholds-failed', loadCompleted: true });
      expect(result.failedThresholds).toEqual(['checks: rate==1']);
      expect(result.evidence.window().stats({ categories: ['export'] }).byStatusClass['5xx']).toBe(1);
      result.evidence.dispose();
    } finally {
      delete api.failures.export;
    }
  });
});

describe('capacity', () => {
  it('holds each arrival-rate step, and the evidence cut by the same plan shows the achieved rates', async () => {
    const capacity = { ...DEFAULT_PARAMS.capacity, startRate: 20, stepRate: 20, steps: 2, stepDuration: '4s', rampDuration: '1s' };
    const result = await runK6({ k6Path: k6, scenario: 'scenarios/capacity.ts', runDir: join(dir, 'capacity'), params: { baseUrl: api.url, capacity } });
    expect(result.outcome, result.stderrTail).toBe('completed');
    const table = capacityTable(result.evidence, capacitySteps(capacity), result.loadStartedAt!.getTime());
    expect(table.rows.map((r) => r.targetRate)).toEqual([20, 40]);
    // Each 4 s hold less 1 s at each end; k6's arrival rate is exact, the 1 s intervals are clock-aligned.
    expect(table.rows[0]!.rps).toBeGreaterThan(17);
    expect(table.rows[0]!.rps).toBeLessThan(23);
    expect(table.rows[1]!.rps).toBeGreaterThan(35);
    expect(table.rows[1]!.rps).toBeLessThan(45);
    expect(table.failsAt).toBeUndefined();
    result.evidence.dispose();
  });
});

describe('monthly', () => {
  it('runs the 100-then-200-VU profile scaled to a few seconds with the platform thresholds', async () => {
    const result = await runK6({ k6Path: k6, scenario: 'scenarios/monthly.ts', runDir: join(dir, 'monthly'), params: { baseUrl: api.url, scale: 0.01 } });
    expect(result.outcome, result.stderrTail).toBe('completed');
    expect(result.summary?.metrics.vus_max?.values.max).toBe(200);
    expect(Object.keys(result.summary?.metrics ?? {})).toEqual(expect.arrayContaining(['http_req_duration', 'http_req_failed']));
    expect(result.coverage.missing).toEqual([]);
    result.evidence.dispose();
  });
});
