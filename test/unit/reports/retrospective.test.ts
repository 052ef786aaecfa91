import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../reports/build.ts';
import type { Report, ReportAlarm, ReportSlo } from '../../../reports/model.ts';
import { errorBursts, inAlarmDuring, MAX_QUESTIONS, retrospectiveQuestions } from '../../../reports/retrospective.ts';
import type { ErrorSeries } from '../../../reports/series.ts';
import { openDrillFixture, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

// The pool-exhaustion fixture's report (load 12:00:00-12:02:55; small-pool in effect 52.5-112.6 s; sandbox-pool-wait in
// ALARM 90.5-137.6 s, sandbox-pool-utilization 100-150 s), changed one figure at a time.
let fixture: DrillFixture;
let report: Report;
let t0: number;

beforeAll(() => {
  fixture = openDrillFixture();
  report = buildReport(fixture.input);
  t0 = Date.parse(report.load.start) / 1000;
});
afterAll(() => fixture?.dispose());

const poolWait = (over: Partial<ReportAlarm>): ReportAlarm[] => report.alarms.map((a) => (a.name === 'sandbox-pool-wait' ? { ...a, ...over } : a));
/** Only the fires alarm, so that one rule speaks at a time. */
const onlyPoolWait = (over: Partial<ReportAlarm> = {}): ReportAlarm[] => poolWait(over).filter((a) => a.name === 'sandbox-pool-wait');
const ask = (over: Partial<Report>, rates?: ErrorSeries) => retrospectiveQuestions({ ...report, slos: [], ...over }, rates);

/** 1 s buckets over the load at 20 req/s; `errors` maps seconds from the load start to an error ratio. */
function rates(errors: Record<number, number>, seconds = 205): ErrorSeries {
  const t = Array.from({ length: seconds }, (_, i) => t0 + i);
  return { fromMs: t0 * 1000, toMs: (t0 + seconds) * 1000, bucketSeconds: 1, t, rps: t.map(() => 20), errorRate: t.map((_, i) => errors[i] ?? 0) };
}
const burst = (from: number, to: number, ratio: number) => Object.fromEntries(Array.from({ length: to - from }, (_, i) => [from + i, ratio]));

describe('retrospective questions: alarms that fired late or not at all', () => {
  it('asks whether the target is right when an alarm missed its deadline', () => {
    expect(ask({ alarms: onlyPoolWait({ timeToAlarmSeconds: 160 }) })).toEqual(['sandbox-pool-wait took 2m40s to fire after small-pool: is 1m the target?']);
  });

  it('asks about the margin when it fired later than half its deadline, and nothing when it fired well within', () => {
    expect(ask({ alarms: onlyPoolWait({ timeToAlarmSeconds: 38 }) })).toEqual(['sandbox-pool-wait took 38s to fire after small-pool, more than half its 1m target: is that margin enough?']);
    expect(ask({ alarms: onlyPoolWait({ timeToAlarmSeconds: 30 }) })).toEqual([]);
  });

  it('asks what would have told us when the alarm never fired', () => {
    expect(ask({ alarms: onlyPoolWait({ firstAlarmAt: null, timeToAlarmSeconds: null, okAt: null, timeToRecoverSeconds: null }) })).toEqual(['sandbox-pool-wait never fired after small-pool (target 1m): what would have told us, and how soon?']);
  });

  it('says nothing about an alarm timed after a skipped fault', () => {
    const faults = report.faults.map((f) => ({ ...f, skipped: { at: f.plannedAt, reason: 'not today' } }));
    const questions = ask({ faults, alarms: onlyPoolWait({ firstAlarmAt: null, timeToAlarmSeconds: null }) });
    expect(questions).toEqual(['fault small-pool (shrink-db-pool) was skipped (not today): run it next time?']);
  });
});

describe('retrospective questions: alarm recovery', () => {
  it('asks when recovery took more than half its target, or longer than the target, and nothing when it was quick', () => {
    expect(ask({ alarms: onlyPoolWait({ timeToAlarmSeconds: 20, timeToRecoverSeconds: 45 }) })).toEqual(['the sandbox-pool-wait alarm took 45s to recover after the restore of small-pool: is that soon enough to call the all-clear?']);
    expect(ask({ alarms: onlyPoolWait({ timeToAlarmSeconds: 20, timeToRecoverSeconds: 70 }) })).toEqual(['sandbox-pool-wait took 1m10s to recover after small-pool was restored (target 1m): what kept it in ALARM?']);
    expect(ask({ alarms: onlyPoolWait({ timeToAlarmSeconds: 20, timeToRecoverSeconds: 25 }) })).toEqual([]);
  });

  it('asks why an alarm never cleared after the restore', () => {
    expect(ask({ alarms: onlyPoolWait({ timeToAlarmSeconds: 20, okAt: null, timeToRecoverSeconds: null }) })).toEqual([
      'sandbox-pool-wait was still in ALARM when the drill ended, though small-pool was restored at 12:01:53Z (+1m53s): why did it not clear?',
    ]);
  });
});

describe('retrospective questions: error bursts no alarm caught', () => {
  const quiet = () => onlyPoolWait({ timeToAlarmSeconds: 20 });

  it('names the burst, its times and peak when no alarm in the report was in ALARM during it', () => {
    expect(ask({ alarms: quiet() }, rates(burst(155, 165, 0.12)))).toEqual([
      'no alarm fired for the 5xx burst between 12:02:35Z (+2m35s) and 12:02:45Z (+2m45s) (error rate up to 12 %, about 24 failed requests): which alarm should have caught it?',
    ]);
  });

  it('does not ask when an alarm was in ALARM at any time during the burst', () => {
    expect(ask({ alarms: [] }, rates(burst(80, 95, 0.3)))).toHaveLength(1); // with no alarm at all, it is asked
    expect(ask({ alarms: quiet() }, rates(burst(80, 95, 0.3)))).toEqual([]); // sandbox-pool-wait went into ALARM at 90.5 s
    expect(ask({ alarms: quiet() }, rates(burst(100, 110, 0.3)))).toEqual([]); // and was still there
  });

  it('ignores error rates at or under the 1 % alert level, a stray error or two, and buckets after the load', () => {
    expect(ask({ alarms: quiet() }, rates(burst(155, 165, 0.01)))).toEqual([]);
    expect(ask({ alarms: quiet() }, rates({ 160: 0.05, 170: 0.05 }))).toEqual([]); // one failed request each, 10 s apart: 2 in all
    expect(ask({ alarms: quiet() }, rates(burst(180, 200, 0.5)))).toEqual([]); // the load ended at 175 s
  });

  it('merges bursts less than 10 s apart and keeps further ones apart', () => {
    const near = errorBursts(rates({ ...burst(150, 153, 0.1), ...burst(160, 163, 0.1) }), t0 * 1000, (t0 + 175) * 1000);
    expect(near.map((b) => [b.fromS - t0, b.toS - t0, Math.round(b.errors)])).toEqual([[150, 163, 12]]);
    const far = errorBursts(rates({ ...burst(120, 123, 0.1), ...burst(160, 163, 0.1) }), t0 * 1000, (t0 + 175) * 1000);
    expect(far.map((b) => b.fromS - t0)).toEqual([120, 160]);
  });

  it('reads an alarm as in ALARM over an interval from its initial state and transitions', () => {
    const a = report.alarms.find((x) => x.name === 'sandbox-pool-wait')!;
    const at = (s: number) => (t0 + s) * 1000;
    expect(inAlarmDuring(a, at(80), at(90))).toBe(false);
    expect(inAlarmDuring(a, at(80), at(91))).toBe(true);
    expect(inAlarmDuring(a, at(100), at(101))).toBe(true);
    expect(inAlarmDuring(a, at(138), at(170))).toBe(false);
    expect(inAlarmDuring({ ...a, initialState: 'ALARM', transitions: [] }, at(0), at(1))).toBe(true);
  });
});

describe('retrospective questions: SLOs, surprises and skipped faults', () => {
  const miss = (phase: string, stat: ReportSlo['stat'], observed: number, threshold: number, strict = true): ReportSlo => ({
    category: 'read-simple', phase, stat, threshold, observed, samples: 100, ok: false, strict, windowStart: report.load.start, windowEnd: report.load.end,
  });

  it('asks one question per class and phase that missed its SLO, worded for the kind of phase', () => {
    const slos = [miss('small-pool', 'p95', 450, 100), miss('small-pool', 'p99', 900, 200), miss('baseline', 'p95', 130, 100), { ...miss('recovery', 'p95', 50, 100), ok: true }];
    expect(ask({ alarms: [], slos })).toEqual([
      'read-simple missed its SLO in small-pool: p95 450 ms (SLO 100 ms), p99 900 ms (SLO 200 ms); should it hold under this fault, or is this SLO too strict for it?',
      'read-simple missed its SLO in baseline: p95 130 ms (SLO 100 ms); before any fault: is the service healthy enough to drill?',
    ]);
    expect(ask({ alarms: [], slos: [{ ...miss('recovery', 'p95', 450, 100), samples: 0 }] })).toEqual([]); // no evidence: the observations say so
  });

  it('asks whether an unexpected alarm was expected or noise, and why a quiet alarm fired', () => {
    const quietFired = report.alarms.map((a) => (a.name === 'sandbox-db-connect-errors' ? { ...a, firstAlarmAt: '2026-06-14T12:01:10.000Z' } : a)).filter((a) => a.expectation !== 'fires');
    expect(ask({ alarms: quietFired })).toEqual([
      'sandbox-db-connect-errors fired at 12:01:10Z (+1m10s) though it should have stayed quiet: did the fault spill over, or is it too sensitive?',
      'unexpected alarm sandbox-pool-utilization fired at 12:01:40Z (+1m40s): expected or noise?',
    ]);
  });

  it('asks about the fixture as it is: the unexpected alarm, the close call and the optional SLO miss, in that order', () => {
    expect(report.retrospective).toEqual([
      'unexpected alarm sandbox-pool-utilization fired at 12:01:40Z (+1m40s): expected or noise?',
      'sandbox-pool-wait took 38s to fire after small-pool, more than half its 1m target: is that margin enough?',
      'write-complex missed its SLO in recovery: p99 325.2 ms (SLO 250 ms); what slowed the recovery?',
    ]);
  });

  it('ranks detection first and keeps at most eight questions', () => {
    const slos = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((p) => miss(p, 'p95', 500, 100));
    const questions = ask({ alarms: poolWait({ timeToAlarmSeconds: 160 }), slos }, rates(burst(155, 165, 0.2)));
    expect(questions).toHaveLength(MAX_QUESTIONS);
    expect(questions[0]).toMatch(/^sandbox-pool-wait took 2m40s to fire/);
    expect(questions[1]).toMatch(/^no alarm fired for the 5xx burst/);
    expect(questions.slice(2).every((q) => q.startsWith('read-simple missed its SLO'))).toBe(true);
  });
});
