// A long drill for the report benchmark: the pool-exhaustion fixture stretched to `minutes` of load at `rps`
// requests/s over the five SLO classes, with a fault every quarter hour (held 5 minutes), the alarm firing and
// clearing for each, and /health sampled every 5 s. Recorded into a real EvidenceStore by the fixture loader.
import { readRawDrill, type RawDrill } from '../test/fixtures/reports/drill-fixture.ts';
import type { ClassLoad, LoadSegment } from '../test/fixtures/reports/synthetic-load.ts';

const SHARE: Record<string, number> = { 'read-simple': 0.5, 'read-complex': 0.25, 'write-simple': 0.125, 'write-complex': 0.1, export: 0.025 };
const NORMAL: Record<string, [number, number]> = { 'read-simple': [6, 40], 'read-complex': [25, 180], 'write-simple': [12, 90], 'write-complex': [40, 300], export: [900, 4000] };

function classes(rps: number, slow: number, errorRate: number): Record<string, ClassLoad> {
  return Object.fromEntries(Object.entries(SHARE).map(([c, share]) => [c, { rps: rps * share, medianMs: NORMAL[c]![0] * slow, p99Ms: NORMAL[c]![1] * slow, errorRate }]));
}

export function syntheticDrill(minutes: number, rps: number): RawDrill {
  const raw = readRawDrill();
  const end = minutes * 60;
  const faultStarts = Array.from({ length: Math.floor((end - 600) / 900) + 1 }, (_, i) => 600 + i * 900).filter((s) => s + 300 < end);
  const segments: LoadSegment[] = [];
  let at = 0;
  for (const s of faultStarts) {
    segments.push({ fromS: at, toS: s, classes: classes(rps, 1, 0) }, { fromS: s, toS: s + 300, classes: classes(rps, 40, 0.25) });
    at = s + 300;
  }
  segments.push({ fromS: at, toS: end, classes: classes(rps, 1, 0) });
  const ids = faultStarts.map((_, i) => `small-pool-${i + 1}`);
  raw.runId = `synthetic-${minutes}m-${rps}rps`;
  raw.loadEndS = end;
  raw.endS = end + 60;
  raw.endedAtS = end + 70;
  raw.experiment.faults = ids.map((id, i) => ({ id, action: 'shrink-db-pool', atMs: faultStarts[i]! * 1000, holdMs: 300_000, params: { poolMax: 1 } }));
  raw.experiment.expect.alarms = [{ name: 'sandbox-pool-wait', fires: { withinMs: 60_000, after: ids[0]! }, recovers: { withinMs: 60_000 }, quiet: false, strict: true }];
  raw.experiment.expect.slo = raw.experiment.expect.slo.filter((s) => s.phase === 'baseline');
  raw.faults = ids.map((id, i) => ({ id, action: 'shrink-db-pool', plannedAtS: faultStarts[i]!, plannedHoldS: 300, injectedAtS: faultStarts[i]!, effectiveAtS: faultStarts[i]! + 10, restoredAtS: faultStarts[i]! + 300, restoreVerified: true, params: { poolMax: 1 } }));
  raw.phases = [{ name: 'baseline', kind: 'baseline', startS: 0, endS: (faultStarts[0] ?? end) + 10 }];
  ids.forEach((id, i) => {
    const s = faultStarts[i]!;
    raw.phases.push({ name: id, kind: 'fault', faultId: id, startS: s + 10, endS: s + 300 }, { name: i + 1 < ids.length ? `recovery-${id}` : 'recovery', kind: 'recovery', faultId: id, startS: s + 300, endS: faultStarts[i + 1] ?? end });
  });
  const transitions = faultStarts.flatMap((s) => [{ atS: s + 50, from: 'OK', to: 'ALARM', reason: 'Threshold Crossed' }, { atS: s + 330, from: 'ALARM', to: 'OK', reason: 'Threshold Crossed' }]);
  raw.alarms = [{ name: 'sandbox-pool-wait', exists: true, initialState: 'OK', transitions }];
  raw.scopedAlarms = raw.alarms;
  raw.health = { everyS: 5, fromS: 0, toS: end + 60, statuses: [[0, 'healthy'], ...faultStarts.flatMap((s): Array<[number, 'healthy' | 'degraded']> => [[s + 15, 'degraded'], [s + 305, 'healthy']])] };
  raw.load = { seed: 7, segments };
  raw.notes = [];
  raw.checks = raw.checks.filter((c) => c.kind === 'slo' && c.name.includes('baseline'));
  return raw;
}
