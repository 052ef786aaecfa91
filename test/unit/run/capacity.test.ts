// The capacity table of a drill's run directory: steps from the scenario's config, figures from the evidence, and
// the tasks' CPU and memory per step from the AWS/ECS series in evidence/metrics.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../../lib/evidence/store.ts';
import { drillCapacityTable, meanDuring } from '../../../lib/run/capacity.ts';
import type { CollectedSeries } from '../../../lib/run/collect.ts';
import type { RunRecord } from '../../../lib/run/run-record.ts';
import { capacitySteps } from '../../../scenarios/lib/plans.ts';

const T0 = Date.UTC(2026, 10, 22, 6, 0, 0);
const spec = { startRate: 10, stepRate: 10, steps: 3, stepDuration: '20s', rampDuration: '4s', preAllocatedVUs: 5, maxVUs: 50 };
const record = { experiment: { load: { scenario: 'scenarios/capacity.ts', env: {} } }, loadStartMs: T0 } as unknown as RunRecord;

let dir: string;
let store: EvidenceStore;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-run-capacity-'));
  mkdirSync(join(dir, 'k6'));
  mkdirSync(join(dir, 'evidence'));
  writeFileSync(join(dir, 'k6', 'scenario-config.json'), JSON.stringify({ capacity: spec }));
  store = EvidenceStore.create(join(dir, 'e.hlog'));
  for (const step of capacitySteps(spec)) {
    for (let t = step.holdStartMs; t < step.holdEndMs; t += 1000) for (let i = 0; i < step.rate; i++) store.record(T0 + t + i, 'read-simple', 200, 20_000);
  }
  store.finish();
});
afterEach(() => {
  store.dispose();
  rmSync(dir, { recursive: true, force: true });
});

function series(name: string, points: Array<[number, number]>, o: Partial<CollectedSeries> = {}): CollectedSeries {
  return { namespace: 'AWS/ECS', name, stat: 'Average', periodSeconds: 10, dimensions: { ClusterName: 'sandbox', ServiceName: 'core-api' }, points: points.map(([at, value]) => ({ at: T0 + at, value })), ...o };
}

describe('drillCapacityTable', () => {
  it('averages the tasks\' CPU and memory datapoints stamped inside each step\'s hold, not its ramp', () => {
    // Holds: step 0 4-24 s, step 1 28-48 s, step 2 52-72 s. The datapoint at 0 s (ramp) and at 24 s (ramp) must not count.
    const cpu = series('CPUUtilization', [[0, 99], [4_000, 10], [14_000, 20], [24_000, 99], [30_000, 40], [40_000, 50]]);
    const memory = series('MemoryUtilization', [[10_000, 30], [34_000, 31], [60_000, 33]]);
    writeFileSync(join(dir, 'evidence', 'metrics.json'), JSON.stringify([cpu, memory]));
    const table = drillCapacityTable(dir, record, store)!;
    expect(table.steps.map((s) => s.cpuPct)).toEqual([15, 45, null]);
    expect(table.steps.map((s) => s.memoryPct)).toEqual([30, 31, 33]);
    expect(table.steps.map((s) => s.target)).toEqual([10, 20, 30]);
  });

  it('leaves CPU and memory out when the experiment collected no AWS/ECS averages', () => {
    writeFileSync(join(dir, 'evidence', 'metrics.json'), JSON.stringify([series('CPUUtilization', [[4_000, 10]], { stat: 'Maximum' })]));
    const table = drillCapacityTable(dir, record, store)!;
    expect(table.steps.every((s) => !('cpuPct' in s) && !('memoryPct' in s))).toBe(true);
    rmSync(join(dir, 'evidence', 'metrics.json'));
    expect(drillCapacityTable(dir, record, store)!.steps[0]).not.toHaveProperty('cpuPct');
  });
});

describe('meanDuring', () => {
  it('counts a datapoint by the start of its period: [from, to)', () => {
    const s = { points: [{ at: 0, value: 1 }, { at: 10, value: 3 }, { at: 20, value: 100 }] };
    expect(meanDuring(s, 0, 20)).toBe(2);
    expect(meanDuring(s, 21, 30)).toBeNull();
  });
});
