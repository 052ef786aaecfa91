import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capacityTable } from '../../../lib/evidence/capacity.ts';
import { EvidenceStore } from '../../../lib/evidence/store.ts';
import { capacitySteps } from '../../../scenarios/lib/plans.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const spec = { startRate: 10, stepRate: 10, steps: 4, stepDuration: '10s', rampDuration: '2s', preAllocatedVUs: 5, maxVUs: 50 };

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-capacity-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A service that is fine up to 20 req/s, slows at 30 and starts failing at 40. */
function simulate(store: EvidenceStore): void {
  for (const step of capacitySteps(spec)) {
    const latencyMs = step.rate <= 20 ? 20 : step.rate === 30 ? 90 : 400;
    const failEvery = step.rate >= 40 ? 10 : 0;
    // The ramp before the hold is slow for every step: it must not count.
    for (let t = step.holdStartMs - 2000; t < step.holdEndMs; t += 1000) {
      for (let i = 0; i < step.rate; i++) {
        const inHold = t >= step.holdStartMs;
        const status = failEvery && inHold && i % failEvery === 0 ? 503 : 200;
        store.record(T0 + t + i, 'read-simple', status, (inHold ? latencyMs : 5000) * 1000);
      }
    }
  }
  store.finish();
}

describe('capacityTable', () => {
  it('measures each step over its hold and finds where latency degrades and where errors pass the limit', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'));
    simulate(store);
    const table = capacityTable(store, capacitySteps(spec), T0);
    // 10 s holds less 1 s at each end.
    expect(table.rows.map((r) => [r.targetRate, r.rps, r.count])).toEqual([
      [10, 10, 80],
      [20, 20, 160],
      [30, 30, 240],
      [40, 40, 320],
    ]);
    expect(table.rows.map((r) => Math.round(r.p99Ms ?? 0))).toEqual([20, 20, 90, 400]);
    expect(table.rows.map((r) => r.errorRatio)).toEqual([0, 0, 0, 0.1]);
    expect(table.degradesAt).toBe(2);
    expect(table.failsAt).toBe(3);
    store.dispose();
  });

  it('leaves the ramp out even without trimming', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'));
    simulate(store);
    const untrimmed = capacityTable(store, capacitySteps(spec), T0, { trimMs: 0 });
    expect(untrimmed.rows.map((r) => r.count)).toEqual([100, 200, 300, 400]);
    expect(untrimmed.rows.every((r) => (r.p99Ms ?? 0) < 1000)).toBe(true);
    store.dispose();
  });

  it('reports no knee when every step held up, and honours custom limits', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'));
    simulate(store);
    const lenient = capacityTable(store, capacitySteps(spec).slice(0, 2), T0);
    expect(lenient.degradesAt).toBeUndefined();
    expect(lenient.failsAt).toBeUndefined();
    const strict = capacityTable(store, capacitySteps(spec), T0, { degradeFactor: 10, p99LimitMs: 15, maxErrorRatio: 0.2 });
    expect(strict.options.trimMs).toBe(1000);
    expect(strict.degradesAt).toBe(0);
    expect(strict.failsAt).toBeUndefined();
    store.dispose();
  });
});
