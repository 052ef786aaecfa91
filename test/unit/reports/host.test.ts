import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSample } from '../../../assertions/evidence.ts';
import { judge } from '../../../assertions/index.ts';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { observe, type ReportDraft } from '../../../reports/observations.ts';
import { renderHtml } from '../../../reports/render/html.ts';
import { renderMarkdown } from '../../../reports/render/markdown.ts';
import { drillSeries } from '../../../reports/series.ts';
import { hostConsoleLine, hostFigures, isSaturated, reportHost } from '../../../reports/sections/host.ts';
import { reportProblems } from '../../../reports/validate.ts';
import { openDrillFixture, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

// The pool-exhaustion fixture: load from t0 to t0+175 s; baseline 0-52.5 s, small-pool 52.5-112.6 s, recovery
// 112.6-175 s, each with SLOs. Host samples every 2 s, whose figures a test picks per second of the load.
type Cpu = Pick<HostSample, 'busyPct' | 'stealPct' | 'iowaitPct'>;
const CALM: Cpu = { busyPct: 40, stealPct: 0, iowaitPct: 1 };
const STARVED: Cpu = { busyPct: 97, stealPct: 12, iowaitPct: 2 };

let fixture: DrillFixture;
let plain: Report;
let t0: number;

function samples(cpuAt: (s: number) => Cpu, fromS = 2, toS = 176): HostSample[] {
  const out: HostSample[] = [];
  for (let s = fromS; s <= toS; s += 2) out.push({ atMs: t0 + s * 1000, intervalMs: 2000, cpus: 2, load1: 1.2, ...cpuAt(s) });
  return out;
}

function reportWith(host: HostSample[]): Report {
  return buildReport({ ...fixture.input, evidence: { ...fixture.input.evidence, host } });
}

const draftOf = ({ observations: _o, ...rest }: Report): ReportDraft => rest;
const hostWarnings = (r: Pick<Report, 'observations'>) => r.observations.filter((o) => o.text.startsWith('The machine running the drill'));

beforeAll(() => {
  fixture = openDrillFixture();
  t0 = fixture.input.evidence.loadStartMs;
  plain = buildReport(fixture.input);
});
afterAll(() => fixture?.dispose());

describe('saturation', () => {
  it('is busy >= 90 %, steal >= 10 % or iowait >= 20 %, each on its own', () => {
    const at = (c: Partial<Cpu>) => isSaturated({ atMs: 0, intervalMs: 2000, cpus: 2, load1: null, ...CALM, ...c });
    expect(at({})).toBe(false);
    expect([at({ busyPct: 89.9 }), at({ busyPct: 90 })]).toEqual([false, true]);
    expect([at({ stealPct: 9.9 }), at({ stealPct: 10 })]).toEqual([false, true]);
    expect([at({ iowaitPct: 19.9 }), at({ iowaitPct: 20 })]).toEqual([false, true]);
  });

  it('sums the intervals of saturated samples into saturatedSeconds', () => {
    const list = [CALM, STARVED, STARVED].map((c, i) => ({ atMs: i * 3000, intervalMs: 3000, cpus: 4, load1: null, ...c }));
    expect(hostFigures(list)).toEqual({ samples: 3, busyPctMean: 78, busyPctMax: 97, stealPctMax: 12, iowaitPctMax: 2, saturatedSamples: 2, saturatedSeconds: 6 });
  });
});

describe('report.json host', () => {
  it('is absent without host samples, and such a report still validates (runs recorded before it existed)', () => {
    expect(plain.host).toBeUndefined();
    expect(reportHost({ ...fixture.input.evidence, host: [] })).toBeUndefined();
    expect(reportProblems(plain)).toEqual([]);
  });

  it('covers samples taken while the load ran, overall and per phase by the midpoint of each interval', () => {
    // One sample before the load and one after it: neither is about the latency measured.
    const host = [...samples(() => CALM, -10, -10), ...samples((s) => (s <= 52 ? STARVED : CALM)), ...samples(() => STARVED, 200, 200)];
    const report = reportWith(host);
    expect(reportProblems(report)).toEqual([]);
    expect(report.host).toMatchObject({ cpus: 2, samples: 87, busyPctMax: 97, stealPctMax: 12, saturatedSamples: 26, saturatedSeconds: 52 });
    expect(report.host!.phases.map((p) => [p.phase, p.samples, p.saturatedSamples])).toEqual([
      ['baseline', 26, 26],
      // The sample at 54 s covers 52-54 s: its midpoint (53 s) is in small-pool.
      ['small-pool', 30, 0],
      ['recovery', 31, 0],
    ]);
    expect(report.host!.phases[1]).toMatchObject({ busyPctMean: 40, busyPctMax: 40, stealPctMax: 0, iowaitPctMax: 1 });
  });

  it('does not change the checks or the verdict: they judge the service, not the machine measuring it', () => {
    const starved = { ...fixture.input.evidence, host: samples(() => STARVED) };
    expect(judge(starved)).toEqual(judge(fixture.input.evidence));
    const report = reportWith(starved.host);
    expect([report.verdict, report.exitCode, report.checks]).toEqual([plain.verdict, plain.exitCode, plain.checks]);
  });

  it('is rejected by the schema with a figure out of range or a field it does not know', () => {
    const report = reportWith(samples(() => CALM));
    expect(reportProblems({ ...report, host: { ...report.host!, busyPctMax: 120 } }).map((p) => p.path)).toContain('host.busyPctMax');
    expect(reportProblems({ ...report, host: { ...report.host!, extra: 1 } })).not.toEqual([]);
    const phases = report.host!.phases.map((p) => ({ ...p, cpuSeconds: 3 }));
    expect(reportProblems({ ...report, host: { ...report.host!, phases } })).not.toEqual([]);
  });
});

describe('the saturation observation', () => {
  it('warns when a phase with an SLO was saturated for at least 20 % of its samples, with its figures', () => {
    // 6 of baseline's 26 samples (23 %).
    const report = reportWith(samples((s) => (s <= 12 ? STARVED : CALM)));
    expect(hostWarnings(report)).toEqual([
      {
        severity: 'warning',
        text: "The machine running the drill was saturated during baseline (CPU busy 97 %, steal 12 %; 6 of 26 samples): latency figures may be the load generator's, not the service's.",
        recommendation: 'Run the load generator on a machine of its own, or lower the load; for the sandbox: fewer parallel jobs on the runner.',
      },
    ]);
  });

  it('stays quiet below 20 % of the samples, and when the machine was calm', () => {
    // 5 of 26 (19 %).
    expect(hostWarnings(reportWith(samples((s) => (s <= 10 ? STARVED : CALM))))).toEqual([]);
    expect(hostWarnings(reportWith(samples(() => CALM)))).toEqual([]);
    expect(hostWarnings(plain)).toEqual([]);
  });

  it('names only the figure that saturated: iowait alone reads as iowait, not steal', () => {
    const report = reportWith(samples((s) => (s > 112 ? { busyPct: 30, stealPct: 0, iowaitPct: 35 } : CALM)));
    expect(hostWarnings(report).map((o) => o.text)).toEqual(["The machine running the drill was saturated during recovery (CPU busy 30 %, iowait 35 %; 31 of 31 samples): latency figures may be the load generator's, not the service's."]);
  });

  it('lists every saturated phase in one warning', () => {
    const [warning, ...rest] = hostWarnings(reportWith(samples(() => STARVED)));
    expect(rest).toEqual([]);
    expect(warning!.text).toContain('during baseline (CPU busy 97 %, steal 12 %; 26 of 26 samples), small-pool (');
    expect(warning!.text).toContain(') and recovery (');
  });

  it('ignores a phase without an SLO, and reads an SLO on the whole load as "the load"', () => {
    const draft = draftOf(reportWith(samples((s) => (s <= 52 ? STARVED : CALM))));
    const noBaselineSlo = { ...draft, slos: draft.slos.filter((s) => s.phase !== 'baseline') };
    expect(hostWarnings({ observations: observe(noBaselineSlo) })).toEqual([]);
    const wholeLoad = { ...draft, slos: draft.slos.filter((s) => s.phase !== 'baseline').map((s) => ({ ...s, phase: 'all' })) };
    expect(hostWarnings({ observations: observe(wholeLoad) }).map((o) => o.text)).toEqual([
      "The machine running the drill was saturated during the load (CPU busy 97 %, steal 12 %; 26 of 87 samples): latency figures may be the load generator's, not the service's.",
    ]);
  });
});

describe('the load generator line', () => {
  it('is a fact under the verdict in report.md and report.html, and absent without host data', () => {
    const report = reportWith(samples((s) => (s <= 4 ? STARVED : CALM)));
    const line = 'CPU busy mean 41 % (max 97 %), steal 12 %, iowait 2 % (2 CPUs, 87 samples, saturated for 4s)';
    expect(renderMarkdown(report)).toContain(`- **Load generator**: ${line}\n`);
    expect(renderHtml(report, drillSeries(fixture.evidence))).toContain(`<dt>Load generator</dt><dd>${line}</dd>`);
    expect(renderMarkdown(plain)).not.toContain('Load generator');
  });

  it('is printed to the console after the checks, with the saturated share when there was one', () => {
    const calm = reportWith(samples(() => CALM)).host!;
    expect(hostConsoleLine(calm)).toBe('load generator host: CPU busy mean 40 % (max 40 %), steal 0 %, iowait 1 %');
    const mixed = reportWith(samples((s) => (s <= 4 ? STARVED : CALM))).host!;
    expect(hostConsoleLine(mixed)).toBe('load generator host: CPU busy mean 41 % (max 97 %), steal 12 %, iowait 2 %; saturated in 2 of 87 samples (4s)');
  });
});
