import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../../reports/baseline.ts';
import { buildReport } from '../../../reports/build.ts';
import type { Report, ReportSlo } from '../../../reports/model.ts';
import { renderMarkdown } from '../../../reports/render/markdown.ts';
import { readReport } from '../../../reports/validate.ts';
import { reportJson } from '../../../reports/write.ts';
import { openDrillFixture, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

let fixture: DrillFixture;
let current: Report;

beforeAll(() => {
  fixture = openDrillFixture();
  current = buildReport(fixture.input);
});
afterAll(() => fixture?.dispose());

/** The current report as last month's, with figures changed so that `current` differs from it as wanted. */
function previousWith(change: { slo?: (s: ReportSlo) => ReportSlo; timeToAlarm?: number | null; runId?: string }): Report {
  return {
    ...current,
    runId: change.runId ?? '20260514T115940Z-pool-exhaustion',
    startedAt: '2026-05-14T11:59:40.000Z',
    slos: current.slos.map(change.slo ?? ((s) => s)),
    alarms: current.alarms.map((a) => (a.name === 'sandbox-pool-wait' && change.timeToAlarm !== undefined ? { ...a, timeToAlarmSeconds: change.timeToAlarm } : a)),
  };
}

const rowFor = (c: ReturnType<typeof compareWithBaseline>, name: string) => c.rows.find((r) => r.name === name)!;
const isStat = (s: ReportSlo, category: string, stat: string) => s.category === category && s.phase === 'baseline' && s.stat === stat;

describe('compareWithBaseline', () => {
  it('has a row for every SLO figure and alarm timing; identical runs have no regression', () => {
    const c = compareWithBaseline(current, previousWith({}));
    expect(c.rows).toHaveLength(current.slos.length + 2);
    expect(c.rows.filter((r) => r.kind === 'alarm').map((r) => r.name)).toEqual(['sandbox-pool-wait time to alarm', 'sandbox-pool-wait time to recover']);
    expect(c.regressions).toBe(0);
    expect(c.rows.every((r) => r.delta === 0)).toBe(true);
    expect(c.sameExperiment).toBe(true);
  });

  it('flags p95 growth beyond +20 % as a regression, with its delta', () => {
    const observed = current.slos.find((s) => isStat(s, 'read-complex', 'p95'))!.observed!;
    const c = compareWithBaseline(current, previousWith({ slo: (s) => (isStat(s, 'read-complex', 'p95') ? { ...s, observed: observed / 1.3 } : s) }));
    const row = rowFor(c, 'read-complex baseline p95');
    expect(row.regression).toBe(true);
    expect(row.deltaPct).toBeCloseTo(30, 0);
    expect(row.note).toMatch(/^regression: \+30 % is beyond the tolerance \(\+20 %/);
    expect(c.regressions).toBe(1);
  });

  it('does not flag growth within the tolerance, nor a large percentage of a few milliseconds', () => {
    const c = compareWithBaseline(current, previousWith({
      slo: (s) => (isStat(s, 'read-complex', 'p95') ? { ...s, observed: s.observed! / 1.15 } : isStat(s, 'read-simple', 'p95') ? { ...s, observed: s.observed! - 4 } : s),
    }));
    expect(rowFor(c, 'read-complex baseline p95').regression).toBe(false);
    const small = rowFor(c, 'read-simple baseline p95');
    expect(small.deltaPct).toBeGreaterThan(20);
    expect(small.regression).toBe(false);
  });

  it('flags time to alarm beyond +50 %, and an alarm that fired before but not now', () => {
    expect(rowFor(compareWithBaseline(current, previousWith({ timeToAlarm: 24 })), 'sandbox-pool-wait time to alarm')).toMatchObject({ previous: 24, current: 38, delta: 14, regression: true });
    expect(rowFor(compareWithBaseline(current, previousWith({ timeToAlarm: 28 })), 'sandbox-pool-wait time to alarm').regression).toBe(false);
    const never = { ...current, alarms: current.alarms.map((a) => (a.name === 'sandbox-pool-wait' ? { ...a, timeToAlarmSeconds: null } : a)) };
    expect(rowFor(compareWithBaseline(never, previousWith({})), 'sandbox-pool-wait time to alarm')).toMatchObject({ current: null, regression: true, note: 'measured in the baseline run, missing now' });
  });

  it('judges error rate in absolute points and request-rate floors downwards', () => {
    const c = compareWithBaseline(current, previousWith({ slo: (s) => (s.stat === 'errorRate' ? { ...s, observed: s.observed! - 0.02 } : s) }));
    expect(rowFor(c, 'all small-pool errorRate').regression).toBe(true);
    const lenient = compareWithBaseline(current, previousWith({ slo: (s) => (s.stat === 'errorRate' ? { ...s, observed: s.observed! - 0.02 } : s) }), { tolerance: { errorRatePoints: 0.05 } });
    expect(rowFor(lenient, 'all small-pool errorRate').regression).toBe(false);
    const withFloor = { ...current, slos: [...current.slos, { ...current.slos[0]!, stat: 'rps' as const, threshold: 5, observed: 7 }] };
    const before = { ...previousWith({}), slos: [...current.slos, { ...current.slos[0]!, stat: 'rps' as const, threshold: 5, observed: 10 }] };
    expect(rowFor(compareWithBaseline(withFloor, before), 'read-simple baseline rps')).toMatchObject({ unit: 'req/s', regression: true });
  });

  it('shows figures new in this run without calling them regressions', () => {
    const c = compareWithBaseline(current, { ...previousWith({}), slos: current.slos.slice(1) });
    expect(rowFor(c, 'read-simple baseline p95')).toMatchObject({ previous: null, regression: false, note: 'new: not measured in the baseline run' });
  });
});

describe('buildReport with a baseline', () => {
  const slower = () => previousWith({ slo: (s) => (isStat(s, 'read-complex', 'p95') ? { ...s, observed: s.observed! / 1.5 } : s) });

  it('reports a regression as a warning that leaves the verdict alone by default', () => {
    const r = buildReport({ ...fixture.input, baseline: slower() });
    expect(r.verdict).toBe('pass');
    expect(r.baseline).toMatchObject({ regressions: 1, failOnRegression: false, runId: '20260514T115940Z-pool-exhaustion' });
    expect(r.checks.at(-1)).toMatchObject({ kind: 'baseline-regression', ok: false, strict: false });
    expect(r.observations).toContainEqual(expect.objectContaining({ severity: 'warning', text: expect.stringMatching(/^read-complex baseline p95 regressed against run 20260514T115940Z-pool-exhaustion: [\d.]+ ms -> [\d.]+ ms\.$/) }));
  });

  it('fails the drill (exit 1) on a regression when asked to', () => {
    const r = buildReport({ ...fixture.input, baseline: slower(), baselineOptions: { failOnRegression: true } });
    expect(r.verdict).toBe('fail');
    expect(r.exitCode).toBe(1);
    expect(r.checks.at(-1)).toMatchObject({ kind: 'baseline-regression', ok: false, strict: true, observed: '1 regressed: read-complex baseline p95' });
    expect(r.observations[0]!.severity).toBe('critical');
  });

  it('renders the comparison table in Markdown', () => {
    const md = renderMarkdown(buildReport({ ...fixture.input, baseline: slower() }));
    expect(md).toContain('### Baseline comparison\n\nAgainst run 20260514T115940Z-pool-exhaustion (pool-exhaustion, 2026-05-14T11:59:40.000Z): 1 regression.');
    expect(md).toMatch(/\| read-complex baseline p95 \| [\d.]+ ms \| [\d.]+ ms \| \+[\d.]+ ms \(\+50 %\) \| ⚠️ REGRESSION \|/);
    expect(md).toContain('| sandbox-pool-wait time to alarm | 38s | 38s | +0s (+0 %) | ✅ ok |');
  });
});

describe('readReport', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-baseline-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and validates an earlier report.json', () => {
    const file = join(dir, 'report.json');
    writeFileSync(file, reportJson(current));
    expect(readReport(file)).toEqual(current);
  });

  it('says what is wrong with a file that is not a usable report', () => {
    const old = join(dir, 'old.json');
    writeFileSync(old, JSON.stringify({ ...current, schemaVersion: 0 }));
    expect(() => readReport(old)).toThrow(/schemaVersion: expected report schema version 1, got 0; rebuild it with firedrill report <run-dir>/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...current, alarms: [{ name: 'x' }] }));
    expect(() => readReport(broken)).toThrow(/alarms\[0\]: missing required field "expectation"/);
    expect(() => readReport(join(dir, 'missing.json'))).toThrow(/file not found; --baseline expects the report.json of an earlier run/);
  });
});
