// Builds DrillEvidence for assertion tests: a flagship-shaped drill (one fault, small-pool) on a fixed clock, with a
// load backed by in-memory requests merged through the real WindowEvidence (so percentiles are computed exactly as
// in a real run) and the EvidenceStore's window rule: 1 s buckets whose interval starts in [from, to).
import type { AlarmEvidence, AlarmTransition, DrillEvidence, FaultRecord, HealthSample, LoadEvidence, Phase } from '../../../assertions/evidence.ts';
import type { AlarmExpectation, Experiment, Slo } from '../../../lib/experiment/model.ts';
import { msToMicros, newHistogram, type Histogram } from '../../../lib/evidence/histogram.ts';
import { seriesKey, statusClassOf } from '../../../lib/evidence/keys.ts';
import { WindowEvidence } from '../../../lib/evidence/window.ts';

/** 2025-01-01 12:00:00 UTC: the load starts here. */
export const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
export const at = (seconds: number): number => T0 + seconds * 1000;

export interface Req {
  atMs: number;
  category: string;
  status: number;
  ms: number;
}

/** `rps` requests in every second of [fromS, toS) after T0, evenly spread, all with the same latency and status. */
export function steady(o: { fromS: number; toS: number; rps: number; ms: number; category?: string; status?: number }): Req[] {
  const reqs: Req[] = [];
  for (let s = o.fromS; s < o.toS; s++) {
    for (let i = 0; i < o.rps; i++) reqs.push({ atMs: at(s) + Math.floor((i * 1000) / o.rps), category: o.category ?? 'read-simple', status: o.status ?? 200, ms: o.ms });
  }
  return reqs;
}

export function memoryLoad(reqs: readonly Req[]): LoadEvidence & { calls: number } {
  const bySecond = new Map<number, Map<string, Histogram>>();
  for (const r of reqs) {
    const second = Math.floor(r.atMs / 1000);
    const bucket = bySecond.get(second) ?? bySecond.set(second, new Map()).get(second)!;
    const key = seriesKey(r.category, statusClassOf(r.status));
    const h = bucket.get(key) ?? bucket.set(key, newHistogram()).get(key)!;
    h.recordValue(msToMicros(r.ms));
  }
  const seconds = [...bySecond.keys()];
  const first = Math.min(...seconds);
  const last = Math.max(...seconds) + 1;
  const load = {
    calls: 0,
    window(fromMs: number, toMs: number) {
      load.calls++;
      const from = Math.ceil(fromMs / 1000);
      const to = Math.ceil(toMs / 1000);
      const series = new Map<string, Histogram>();
      for (const [second, bucket] of bySecond) {
        if (second < from || second >= to) continue;
        for (const [key, h] of bucket) (series.get(key) ?? series.set(key, newHistogram()).get(key)!).add(h);
      }
      const span = seconds.length ? Math.max(0, Math.min(to, last) - Math.max(from, first)) : 0;
      return new WindowEvidence(series, fromMs, toMs, span);
    },
  };
  return load;
}

export function experiment(expect: Partial<Experiment['expect']> = {}, faults?: Experiment['faults']): Experiment {
  return {
    file: 'experiments/pool-exhaustion.yaml',
    name: 'pool-exhaustion',
    description: 'test drill',
    load: { scenario: 'scenarios/api-mix.ts', stages: [{ durationMs: 180_000, target: 20 }], env: {}, durationMs: 180_000, peakVus: 20 },
    faults: faults ?? [{ id: 'small-pool', action: 'shrink-db-pool', atMs: 30_000, holdMs: 60_000, params: { poolMax: 2 } }],
    expect: { alarms: [], slo: [], health: [], ...expect },
    guardrails: { stopOn: [] },
    metrics: [],
  };
}

export const fires = (name: string, withinS: number, recoversS?: number, strict = true): AlarmExpectation => ({
  name,
  fires: { withinMs: withinS * 1000, after: 'small-pool' },
  ...(recoversS !== undefined ? { recovers: { withinMs: recoversS * 1000 } } : {}),
  quiet: false,
  strict,
});

export const quiet = (name: string, strict = true): AlarmExpectation => ({ name, quiet: true, strict });

export const slo = (s: Partial<Slo> & { phase: string }): Slo => ({ category: 'all', strict: true, ...s });

/** An existing alarm; `changes` are [seconds after T0, new state] in order. */
export function alarm(name: string, changes: Array<[number, string]> = [], initialState = 'OK'): AlarmEvidence {
  let from = initialState;
  const transitions: AlarmTransition[] = changes.map(([s, to]) => {
    const t = { atMs: at(s), from, to, reason: `Threshold Crossed: 1 datapoint was ${to === 'ALARM' ? 'greater' : 'not greater'} than the threshold` };
    from = to;
    return t;
  });
  return { name, exists: true, initialState, transitions };
}

/** small-pool: injected at 30 s, in effect at 40 s, restored (and verified) at 90 s. */
export function smallPool(over: Partial<FaultRecord> = {}): FaultRecord {
  return { id: 'small-pool', action: 'shrink-db-pool', plannedAtMs: 30_000, plannedHoldMs: 60_000, injectedAtMs: at(30), effectiveAtMs: at(40), restoredAtMs: at(90), restoreVerified: true, params: { poolMax: 2 }, ...over };
}

export const PHASES: Phase[] = [
  { name: 'baseline', kind: 'baseline', startMs: at(0), endMs: at(30) },
  { name: 'small-pool', kind: 'fault', faultId: 'small-pool', startMs: at(40), endMs: at(90) },
  { name: 'recovery', kind: 'recovery', faultId: 'small-pool', startMs: at(90), endMs: at(180) },
];

export function healthEvery(fromS: number, toS: number, status: HealthSample['status']): HealthSample[] {
  const samples: HealthSample[] = [];
  for (let s = fromS; s < toS; s += 2) samples.push({ atMs: at(s), httpStatus: status === 'unhealthy' ? 503 : status === 'unreachable' ? 0 : 200, status });
  return samples;
}

/** A completed drill: load 0–180 s, evidence until 240 s (settle), small-pool as above, healthy throughout. */
export function drill(over: Partial<DrillEvidence> = {}): DrillEvidence {
  return {
    experiment: experiment(),
    loadStartMs: at(0),
    loadEndMs: at(180),
    endMs: at(240),
    outcome: 'completed',
    faults: [smallPool()],
    phases: PHASES,
    alarms: [],
    scopedAlarms: [],
    health: healthEvery(0, 180, 'healthy'),
    load: memoryLoad(steady({ fromS: 0, toS: 180, rps: 10, ms: 50 })),
    ...over,
  };
}
