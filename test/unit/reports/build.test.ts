import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge } from '../../../assertions/index.ts';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { assertValidReport, reportProblems } from '../../../reports/validate.ts';
import { reportJson } from '../../../reports/write.ts';
import { openDrillFixture, readRawDrill, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

let fixture: DrillFixture;
let report: Report;

beforeAll(() => {
  fixture = openDrillFixture();
  report = buildReport(fixture.input);
});
afterAll(() => fixture?.dispose());

describe('buildReport on the pool-exhaustion fixture', () => {
  it('produces a report that validates against reports/schema/report.schema.json', () => {
    expect(reportProblems(report)).toEqual([]);
    expect(report.schemaVersion).toBe(1);
    expect(report.verdict).toBe('pass');
    expect(report.startedAt).toBe('2026-06-14T11:59:40.000Z');
    expect(report.generatedAt).toBe('2026-06-14T12:05:00.000Z');
  });

  it('is deterministic: the same evidence recorded twice gives the same report.json apart from generatedAt', () => {
    const again = openDrillFixture();
    try {
      const second = buildReport({ ...again.input, now: () => new Date('2030-01-01T00:00:00.000Z') });
      expect(second.generatedAt).not.toBe(report.generatedAt);
      expect(reportJson({ ...second, generatedAt: 'x' })).toBe(reportJson({ ...report, generatedAt: 'x' }));
    } finally {
      again.dispose();
    }
  });

  it('measures time to alarm from when the fault took effect and time to recover from its restore', () => {
    const poolWait = report.alarms.find((a) => a.name === 'sandbox-pool-wait')!;
    expect(poolWait).toMatchObject({ expectation: 'fires', ok: true, after: 'small-pool', timeToAlarmSeconds: 38, alarmTargetSeconds: 60, timeToRecoverSeconds: 25, recoverTargetSeconds: 60 });
    expect(poolWait.firstAlarmAt).toBe('2026-06-14T12:01:30.500Z');
    expect(poolWait.okAt).toBe('2026-06-14T12:02:17.600Z');
    expect(poolWait.transitions.map((t) => t.to)).toEqual(['ALARM', 'OK']);
  });

  it('lists quiet alarms and in-scope alarms that fired unexpectedly, with ok taken from the judging checks', () => {
    expect(report.alarms.map((a) => [a.name, a.expectation, a.ok, a.strict])).toEqual([
      ['sandbox-pool-wait', 'fires', true, true],
      ['sandbox-db-connect-errors', 'quiet', true, true],
      ['sandbox-pool-utilization', 'unexpected', false, false],
    ]);
  });

  it('measures every stated SLO figure in the phase it names, recovery SLOs after their grace period', () => {
    expect(report.slos).toHaveLength(11);
    const recovery = report.slos.find((s) => s.category === 'read-simple' && s.phase === 'recovery')!;
    expect(recovery.windowStart).toBe('2026-06-14T12:02:37.600Z'); // restore + 45 s
    expect(recovery.ok).toBe(true);
    const errors = report.slos.find((s) => s.stat === 'errorRate')!;
    expect(errors).toMatchObject({ category: 'all', phase: 'small-pool', threshold: 0.5, ok: true });
    expect(errors.observed).toBeGreaterThan(0.2);
    expect(errors.observed).toBeLessThan(0.32);
    const optional = report.slos.find((s) => s.category === 'write-complex' && s.phase === 'recovery')!;
    expect(optional).toMatchObject({ stat: 'p99', ok: false, strict: false });
  });

  it('reports the load per class from the merged histograms', () => {
    expect(report.load.requests).toBe(fixture.requests);
    expect(Object.keys(report.load.byCategory)).toEqual(['read-simple', 'read-complex', 'write-simple', 'write-complex']);
    const sum = Object.values(report.load.byCategory).reduce((n, f) => n + f.requests, 0);
    expect(sum).toBe(report.load.requests);
    expect(report.load.byStatusClass['5xx']).toBe(report.load.errors);
  });

  it('records faults with their actual timings and health as merged segments', () => {
    expect(report.faults[0]).toMatchObject({ id: 'small-pool', plannedAt: '2026-06-14T12:00:40.000Z', injectedAt: '2026-06-14T12:00:40.200Z', effectiveAt: '2026-06-14T12:00:52.500Z', restoredAt: '2026-06-14T12:01:52.600Z', heldSeconds: 60.1, restoreVerified: true });
    expect(report.health.segments.map((s) => s.status)).toEqual(['healthy', 'degraded', 'healthy']);
    expect(report.health.byStatus.degraded).toBe(12);
  });

  it('grades observations critical, warning, info, each with a recommendation', () => {
    expect(report.observations.map((o) => o.severity)).toEqual(['warning', 'warning', 'info', 'info']);
    expect(report.observations[0]!.text).toContain('sandbox-pool-utilization');
    expect(report.observations.every((o) => o.recommendation.length > 20)).toBe(true);
  });

  it('keeps the game-day notes in time order', () => {
    expect(report.notes.map((n) => n.at)).toEqual(['2026-06-14T12:01:01.000Z', '2026-06-14T12:01:32.000Z']);
  });
});

describe('observations from failing evidence', () => {
  it('flags a slow alarm with the target and what to change, and a fault left unrestored', () => {
    const raw = readRawDrill();
    const alarm = raw.alarms[0]!;
    alarm.transitions[0]!.atS = 52.5 + 160; // 2m40s after the fault took effect
    alarm.transitions[1]!.atS = 230;
    raw.faults[0]!.restoreVerified = false;
    raw.checks = raw.checks.filter((c) => !c.name.includes('sandbox-pool-wait'));
    const f = openDrillFixture(raw);
    try {
      const r = buildReport(f.input);
      const texts = r.observations.filter((o) => o.severity === 'critical').map((o) => `${o.text} ${o.recommendation}`);
      expect(texts).toContainEqual(expect.stringMatching(/sandbox-pool-wait took 2m40s to fire .*target is 1m.*evaluation periods/));
      expect(texts).toContainEqual(expect.stringMatching(/small-pool .* not verified as restored.*firedrill restore/));
      expect(r.alarms[0]!.ok).toBe(false); // no check judged it: the expectation read literally
    } finally {
      f.dispose();
    }
  });

  it('calls out an SLO class with no samples as critical', () => {
    const raw = readRawDrill();
    raw.experiment.expect.slo.push({ category: 'export', phase: 'baseline', p95Ms: 5000, strict: true });
    const f = openDrillFixture(raw);
    try {
      const r = buildReport(f.input);
      expect(r.slos.at(-1)).toMatchObject({ category: 'export', samples: 0, observed: null, ok: false });
      expect(r.load.byCategory.export!.requests).toBe(0);
      expect(r.observations[0]).toMatchObject({ severity: 'critical', text: expect.stringContaining('No export requests in phase baseline') });
    } finally {
      f.dispose();
    }
  });
});

describe('a drill that stopped before its load', () => {
  it('validates and says why once, instead of a critical for every phase and alarm it never reached', () => {
    const raw = readRawDrill();
    Object.assign(raw, { outcome: 'error', abortReason: 'preflight: the target is not healthy', verdict: 'error', exitCode: 4, loadEndS: 0, endS: 0 });
    Object.assign(raw, { faults: [], phases: [], alarms: [], scopedAlarms: [], checks: [], notes: [] });
    raw.health = { everyS: 5, fromS: 0, toS: -1, statuses: [] };
    raw.load = { seed: 1, segments: [{ fromS: 0, toS: 0.5, classes: {} }] };
    const f = openDrillFixture(raw);
    try {
      const r = buildReport(f.input);
      expect(reportProblems(r)).toEqual([]);
      expect(r.load.requests).toBe(0);
      expect(r.slos.every((s) => s.windowStart === null && !s.ok)).toBe(true);
      expect(r.observations).toEqual([{ severity: 'critical', text: 'The drill ended in a harness error: preflight: the target is not healthy.', recommendation: expect.stringContaining('journal') }]);
    } finally {
      f.dispose();
    }
  });
});

describe('report validation', () => {
  it('throws a HarnessError naming the field when a built report does not match the schema', () => {
    const broken = { ...report, verdict: 'maybe' } as unknown as Report;
    expect(() => assertValidReport(broken)).toThrow(/verdict: expected one of "pass", "fail", "aborted", "error", got "maybe"/);
    const badTime = { ...report, endedAt: '14/06/2026' };
    expect(() => assertValidReport(badTime)).toThrow(/endedAt: "14\/06\/2026" is not valid: use ISO 8601 UTC/);
  });

  it('stores run times as UTC and refuses a time it cannot read', () => {
    const utc = buildReport({ ...fixture.input, startedAt: '2026-06-14T13:59:40+02:00' });
    expect(utc.startedAt).toBe('2026-06-14T11:59:40.000Z');
    expect(() => buildReport({ ...fixture.input, endedAt: 'soon' })).toThrow(/report endedAt: expected an ISO 8601 time, got "soon"/);
  });
});

describe('agreement with assertions/judge() on the same evidence', () => {
  it('shows the alarm timings and SLO figures the checks judged, with the same ok', () => {
    const { checks, verdict } = judge(fixture.evidence);
    const r = buildReport({ ...fixture.input, checks, verdict });
    expect(r.verdict).toBe(verdict);
    const timed = checks.filter((c) => c.kind === 'alarm-fires' || c.kind === 'alarm-recovers');
    expect(timed.length).toBeGreaterThan(0);
    for (const c of timed) {
      const row = r.alarms.find((a) => c.name.startsWith(`alarm ${a.name} `))!;
      expect(row.ok, c.name).toBe(c.ok);
      if (c.kind === 'alarm-fires') expect(row.timeToAlarmSeconds, c.name).toBe(c.data?.timeToAlarmSeconds);
      else expect(row.timeToRecoverSeconds, c.name).toBe(c.data?.timeToRecoverSeconds);
    }
    const slos = checks.filter((c) => c.kind === 'slo' && typeof c.data?.value === 'number');
    expect(slos).toHaveLength(r.slos.length);
    for (const c of slos) {
      const stat = c.name.slice(c.name.lastIndexOf(': ') + 2).replace('minRps', 'rps');
      const row = r.slos.find((s) => s.stat === stat && c.name.startsWith(`slo ${s.category} in `) && Date.parse(s.windowStart!) === c.data!.fromMs && Date.parse(s.windowEnd!) === c.data!.toMs);
      expect(row, c.name).toBeDefined();
      expect(row!.observed!, c.name).toBeCloseTo(c.data!.value as number, 3);
      expect(row!.samples, c.name).toBe(c.data!.samples);
      expect(row!.ok, c.name).toBe(c.ok);
    }
  });
});
