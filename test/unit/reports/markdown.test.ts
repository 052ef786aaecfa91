import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { escapeMarkdown, renderMarkdown } from '../../../reports/render/markdown.ts';
import { openDrillFixture, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

let fixture: DrillFixture;
let report: Report;
let md: string;

beforeAll(() => {
  fixture = openDrillFixture();
  report = buildReport(fixture.input);
  md = renderMarkdown(report);
});
afterAll(() => fixture?.dispose());

/** The rows of the table under `### title`, as cell arrays (header and rule excluded). */
function tableRows(markdown: string, title: string): string[][] {
  const start = markdown.indexOf(`### ${title}\n`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const lines = markdown.slice(start).split('\n').slice(1);
  const table = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  const rows = table.slice(0, table.findIndex((l) => !l.startsWith('|')));
  return rows.slice(2).map((r) => r.slice(2, -2).split(/(?<!\\) \| /));
}

describe('report.md', () => {
  it('starts with the verdict line', () => {
    expect(md.split('\n')[0]).toBe('## ✅ PASS: pool-exhaustion: 16 of 16 strict checks passed, 2 warnings');
  });

  it('has the sections in reading order, observations right after the success criteria', () => {
    const titles = [...md.matchAll(/^### (.+)$/gm)].map((m) => m[1]);
    expect(titles).toEqual(['Success criteria', 'Observations', 'Questions for the retrospective', 'Alarms', 'SLOs by phase and class', 'Load and latency distribution', 'Faults (actual timings)', 'Phases', 'Game-day log']);
    expect(md).toContain('<details><summary>Appendix: alarm state changes</summary>');
  });

  it('has a success-criteria table with criterion, target, actual and PASS/FAIL per check', () => {
    const rows = tableRows(md, 'Success criteria');
    expect(rows).toHaveLength(report.checks.length);
    expect(rows[1]).toEqual(['alarm sandbox-pool-wait fires within 1m of small-pool', 'ALARM within 1m of small-pool', 'ALARM 38s after small-pool', '✅ PASS']);
    expect(rows.find((r) => r[0]!.startsWith('slo write-complex in recovery'))).toEqual(['slo write-complex in recovery: p99 (optional)', 'p99 ≤ 250ms', 'p99 325ms over 124 requests', '⚠️ WARN']);
  });

  it('shows time to alarm and time to recover against their targets', () => {
    const rows = tableRows(md, 'Alarms');
    expect(rows[0]).toEqual(['sandbox-pool-wait', 'fires within 1m of small-pool, recovers within 1m', '12:01:31Z (+1m31s)', '38s (target 1m)', '12:02:18Z (+2m18s)', '25s (target 1m)', '✅ PASS']);
    expect(rows[2]).toEqual(['sandbox-pool-utilization', 'not expected', '12:01:40Z (+1m40s)', '—', '12:02:30Z (+2m30s)', '—', '⚠️ WARN']);
  });

  it('shows SLOs per phase and class, and faults with their actual timings', () => {
    const slos = tableRows(md, 'SLOs by phase and class');
    expect(slos).toHaveLength(report.slos.length);
    expect(slos[0]!.slice(0, 4)).toEqual(['baseline', 'read-simple', 'p95', '&lt;= 100 ms']);
    expect(slos.find((r) => r[2] === 'errorRate')!.slice(0, 4)).toEqual(['small-pool', 'all', 'errorRate', '&lt;= 50 %']);
    const faults = tableRows(md, 'Faults (actual timings)');
    expect(faults[0]!.slice(0, 8)).toEqual(['small-pool', 'shrink-db-pool', '12:00:40Z (+40s)', '12:00:40Z (+40s)', '12:00:53Z (+53s)', '12:01:53Z (+1m53s)', '1m (1m)', '✅ PASS']);
    expect(faults[0]![8]).toContain('\\[redacted\\]'); // secretId is a secret-looking key
  });

  it('lists graded observations with a recommendation each, the retrospective questions, and the notes in the game-day log', () => {
    expect(md).toMatch(/^- ⚠️ \*\*WARNING\*\* Alarm sandbox-pool-utilization fired at \+1m40s, .*<br>_Recommendation: .+_$/m);
    expect(md).toMatch(/^- ℹ️ \*\*INFO\*\* Alarm sandbox-pool-wait fired 38s after small-pool took effect \(target 1m\)\./m);
    expect(md).toContain('1. unexpected alarm sandbox-pool-utilization fired at 12:01:40Z (+1m40s): expected or noise?\n2. ');
    expect(tableRows(md, 'Game-day log')).toContainEqual(['12:01:32Z (+1m32s)', 'ℹ️ note', 'P0 page for pool-wait arrived in \\#ops-alerts.']);
  });

  it('keeps every table row as wide as its header', () => {
    const tables = md.split('\n\n').filter((block) => block.startsWith('|'));
    expect(tables.length).toBeGreaterThanOrEqual(6);
    for (const t of tables) {
      const widths = t.split('\n').map((line) => line.split(/(?<!\\)\|/).length);
      expect(new Set(widths).size, t.slice(0, 80)).toBe(1);
    }
  });

  it('names the failed strict checks on the verdict line of a failing or aborted drill', () => {
    const failed = { ...report, verdict: 'fail' as const, exitCode: 1, checks: report.checks.map((c, i) => (i === 0 ? { ...c, ok: false } : c)) };
    expect(renderMarkdown(failed).split('\n')[0]).toBe('## ❌ FAIL: pool-exhaustion: 1 of 16 strict checks failed, 2 warnings');
    const aborted = { ...report, verdict: 'aborted' as const, exitCode: 3, outcome: 'aborted' as const, abortReason: 'guardrail sandbox-db-connect-errors in ALARM' };
    expect(renderMarkdown(aborted).split('\n')[0]).toBe('## ⛔ ABORTED: pool-exhaustion: guardrail sandbox-db-connect-errors in ALARM');
  });

  it('shows capacity with the degradation and failure steps when the report has them', () => {
    // CPU and memory are averages of CloudWatch datapoints: floating-point noise must not reach the table.
    const cpu = [30, 4.8725000000000005, 90];
    const memory = [17.240000000000002, null, 0.5];
    const capacity = { steps: [50, 100, 150].map((target, i) => ({ target, rps: target * 2, p99Ms: 100 * (i + 1) ** 3, errorRate: i === 2 ? 0.12 : 0, cpuPct: cpu[i]!, memoryPct: memory[i]! })), degradationStep: 1, failureStep: 2, scalingTrigger: '75 % CPU' };
    const rows = tableRows(renderMarkdown({ ...report, capacity }), 'Capacity');
    expect(rows.map((r) => [r[0], r[2], r[3], r[5], r[6], r[7]])).toEqual([
      ['1', '100 req/s', '100 ms', '30 %', '17.24 %', ''],
      ['2', '200 req/s', '800 ms', '4.87 %', '—', '⚠️ DEGRADES'],
      ['3', '300 req/s', '2.7 s', '90 %', '0.5 %', '❌ **FAILS**'],
    ]);
  });
});

describe('escapeMarkdown', () => {
  it('neutralises HTML, table pipes, emphasis, links and line breaks', () => {
    expect(escapeMarkdown('a | b <script>alert(1)</script> *x* [l](u)\nnext')).toBe('a \\| b &lt;script&gt;alert(1)&lt;/script&gt; \\*x\\* \\[l\\](u)<br>next');
  });
});
