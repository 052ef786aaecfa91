import { describe, expect, it } from 'vitest';
import type { CheckResult, DrillEvidence, FaultRecord, Phase } from '../../../assertions/evidence.ts';
import { judge } from '../../../assertions/index.ts';
import { phaseSkippedBy } from '../../../assertions/skipped.ts';
import type { AlarmExpectation, Experiment } from '../../../lib/experiment/model.ts';
import { alarm, at, drill, experiment, fires, healthEvery, quiet, slo, smallPool } from './drill-builder.ts';

// A game day in which the operator skipped small-pool at its prompt (30 s into the load): it was never injected, so
// there is no fault phase and no recovery phase, only the baseline over the whole load.
const SKIPPED: FaultRecord = smallPool({ injectedAtMs: undefined, effectiveAtMs: undefined, restoredAtMs: undefined, restoreVerified: false, skipped: { atMs: at(30), reason: 'the DBA asked us to wait' } });
const ONLY_BASELINE: Phase[] = [{ name: 'baseline', kind: 'baseline', startMs: at(0), endMs: at(180) }];
const NOT_JUDGED = 'not judged: fault small-pool was skipped by the operator (the DBA asked us to wait)';

const EXPECT: Partial<Experiment['expect']> = {
  alarms: [fires('sandbox-pool-wait', 60, 90), quiet('sandbox-5xx-high')],
  unexpectedAlarms: { prefix: 'sandbox-', severity: 'fail', ignore: [] },
  slo: [
    slo({ category: 'read-simple', phase: 'baseline', p95Ms: 100 }),
    slo({ phase: 'small-pool', errorRateMax: 0.5 }),
    slo({ phase: 'fault', p95Ms: 500 }),
    slo({ category: 'read-simple', phase: 'recovery', p95Ms: 300, withinMs: 30_000 }),
  ],
  health: [{ phase: 'small-pool', status: 'degraded', strict: true }],
};

function skippedDrill(over: Partial<DrillEvidence> = {}): DrillEvidence {
  return drill({
    experiment: experiment(EXPECT),
    faults: [SKIPPED],
    phases: ONLY_BASELINE,
    alarms: [alarm('sandbox-pool-wait'), alarm('sandbox-5xx-high')],
    scopedAlarms: [alarm('sandbox-pool-wait'), alarm('sandbox-5xx-high'), alarm('sandbox-cpu')],
    ...over,
  });
}

const byName = (checks: CheckResult[], name: string): CheckResult => {
  const c = checks.find((x) => x.name === name);
  expect(c, name).toBeDefined();
  return c!;
};

describe('checks that depend on a skipped fault', () => {
  const { checks, verdict } = judge(skippedDrill());

  it('skips fault-restored for the skipped fault instead of failing "never injected"', () => {
    const c = byName(checks, 'fault small-pool restored');
    expect(c).toMatchObject({ kind: 'fault-restored', ok: true, strict: true, observed: NOT_JUDGED, skipped: { reason: 'fault small-pool was skipped by the operator (the DBA asked us to wait)' } });
    expect(c.message).toContain('at 12:00:30 UTC');
  });

  it('skips the fires and recovers checks of an alarm timed after the skipped fault, keeping their strictness', () => {
    for (const name of ['alarm sandbox-pool-wait fires within 1m of small-pool', 'alarm sandbox-pool-wait recovers within 1m30s of restoring small-pool']) {
      expect(byName(checks, name)).toMatchObject({ ok: true, strict: true, observed: NOT_JUDGED, skipped: expect.any(Object) });
    }
  });

  it("skips SLOs, health and recovery time on the skipped fault's phase, on `fault`, and on `recovery` when it was the only fault", () => {
    for (const name of ['slo all in small-pool', 'slo all in small-pool', 'health degraded during small-pool', 'slo read-simple in recovery after 30s', 'recovery of read-simple in recovery within 30s']) {
      expect(byName(checks, name)).toMatchObject({ ok: true, observed: NOT_JUDGED });
    }
    expect(checks.filter((c) => c.name === 'slo all in small-pool')).toHaveLength(2); // the named phase and `fault`
    expect(checks.filter((c) => c.skipped)).toHaveLength(8);
  });

  it('still judges what does not depend on the fault: the baseline SLO, quiet alarms and unexpected alarms', () => {
    expect(byName(checks, 'slo read-simple in baseline: p95')).toMatchObject({ ok: true, observed: 'p95 50ms over 1800 requests' });
    expect(byName(checks, 'slo read-simple in baseline: p95').skipped).toBeUndefined();
    expect(byName(checks, 'alarm sandbox-5xx-high stays quiet')).toMatchObject({ ok: true, observed: 'stayed OK' });
    expect(byName(checks, 'no unexpected alarms under sandbox-')).toMatchObject({ ok: true });
    const noisy = judge(skippedDrill({ alarms: [alarm('sandbox-pool-wait'), alarm('sandbox-5xx-high', [[50, 'ALARM']])], scopedAlarms: [alarm('sandbox-pool-wait'), alarm('sandbox-5xx-high', [[50, 'ALARM']]), alarm('sandbox-cpu', [[60, 'ALARM']])] }));
    expect(byName(noisy.checks, 'alarm sandbox-5xx-high stays quiet')).toMatchObject({ ok: false, observed: 'ALARM at 12:00:50 UTC, 50s into the load' });
    expect(byName(noisy.checks, 'unexpected alarm sandbox-cpu')).toMatchObject({ ok: false, strict: true });
    expect(noisy.verdict).toBe('fail');
  });

  it('never fails the verdict: a drill whose only non-passing checks are skipped passes', () => {
    expect(verdict).toBe('pass');
    expect(checks.every((c) => c.ok)).toBe(true);
  });

  it('is skipped even when the operator then aborted the drill', () => {
    const aborted = judge(skippedDrill({ outcome: 'aborted', abortReason: 'operator abort' }));
    expect(byName(aborted.checks, 'fault small-pool restored')).toMatchObject({ observed: NOT_JUDGED });
    expect(aborted.verdict).toBe('aborted');
  });

  it('still fails a completed drill that never injected a fault it did not skip', () => {
    const missed = judge(skippedDrill({ faults: [{ ...SKIPPED, skipped: undefined }] }));
    expect(byName(missed.checks, 'fault small-pool restored')).toMatchObject({ ok: false, observed: 'never injected' });
    expect(byName(missed.checks, 'slo all in small-pool')).toMatchObject({ ok: false, observed: 'phase did not happen' });
    expect(missed.verdict).toBe('fail');
  });
});

// Two faults: small-pool ran (40-90 s), slow-db (planned at 120 s) was skipped because no time was left. The actual
// timeline names small-pool's recovery `recovery` (it runs to the load's end); `recovery-small-pool` never existed.
describe('a skipped fault after one that ran', () => {
  const slowDb: FaultRecord = { id: 'slow-db', action: 'pg-sleep', plannedAtMs: 120_000, plannedHoldMs: 20_000, restoreVerified: false, params: {}, skipped: { atMs: at(121), reason: 'no time left in the load' } };
  const planned: Experiment['faults'] = [
    { id: 'small-pool', action: 'shrink-db-pool', atMs: 30_000, holdMs: 60_000, params: {} },
    { id: 'slow-db', action: 'pg-sleep', atMs: 120_000, holdMs: 20_000, params: {} },
  ];
  const slowDbAlarm: AlarmExpectation = { name: 'sandbox-slow-queries', fires: { withinMs: 60_000, after: 'slow-db' }, quiet: false, strict: true };
  const ev = drill({
    experiment: experiment({ alarms: [fires('sandbox-pool-wait', 60), slowDbAlarm], slo: [slo({ phase: 'recovery', p95Ms: 100 }), slo({ phase: 'recovery-small-pool', p95Ms: 100 }), slo({ phase: 'slow-db', p95Ms: 100 })] }, planned),
    faults: [smallPool(), slowDb],
    alarms: [alarm('sandbox-pool-wait', [[60, 'ALARM'], [100, 'OK']]), alarm('sandbox-slow-queries')],
    health: healthEvery(0, 180, 'healthy'),
  });
  const { checks, verdict } = judge(ev);

  it('judges the fault that ran and its recovery, and skips what depends on the skipped one', () => {
    expect(byName(checks, 'fault small-pool restored')).toMatchObject({ ok: true, observed: expect.stringContaining('verified') });
    expect(byName(checks, 'alarm sandbox-pool-wait fires within 1m of small-pool')).toMatchObject({ ok: true, observed: 'ALARM 20s after small-pool' });
    expect(byName(checks, 'slo all in recovery: p95')).toMatchObject({ ok: true, observed: 'p95 50ms over 900 requests' });
    expect(checks.filter((c) => c.skipped).map((c) => c.name)).toEqual(['fault slow-db restored', 'alarm sandbox-slow-queries fires within 1m of slow-db', 'slo all in recovery-small-pool', 'slo all in slow-db']);
    const why = 'not judged: fault slow-db was skipped by the operator (no time left in the load)';
    for (const name of ['fault slow-db restored', 'alarm sandbox-slow-queries fires within 1m of slow-db', 'slo all in slow-db', 'slo all in recovery-small-pool']) {
      expect(byName(checks, name)).toMatchObject({ ok: true, observed: why });
    }
    expect(verdict).toBe('pass');
  });

  it('names which skipped fault a missing phase depended on', () => {
    expect(phaseSkippedBy(ev, 'slow-db')?.id).toBe('slow-db');
    expect(phaseSkippedBy(ev, 'recovery-small-pool')?.id).toBe('slow-db');
    expect(phaseSkippedBy(ev, 'recovery')?.id).toBe('slow-db');
    expect(phaseSkippedBy(ev, 'small-pool')).toBeUndefined();
    expect(phaseSkippedBy(ev, 'baseline')).toBeUndefined();
    expect(phaseSkippedBy(ev, 'recovery-unknown')).toBeUndefined();
  });
});
