import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareWithBaseline } from '../../../reports/baseline.ts';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { chartData } from '../../../reports/render/chart-data.ts';
import { renderHtml } from '../../../reports/render/html.ts';
import { renderJunit } from '../../../reports/render/junit.ts';
import { renderMarkdown } from '../../../reports/render/markdown.ts';
import { drillSeries, type ReportSeries } from '../../../reports/series.ts';
import { reportProblems } from '../../../reports/validate.ts';
import { HOSTILE_NOTE, openGamedayFixture, SKIP_REASON } from '../../fixtures/reports/gameday-fixture.ts';
import type { DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

let fixture: DrillFixture;
let report: Report;
let series: ReportSeries;
let md: string;
let html: string;

beforeAll(() => {
  fixture = openGamedayFixture();
  series = drillSeries(fixture.evidence);
  report = buildReport({ ...fixture.input, series });
  md = renderMarkdown(report);
  html = renderHtml(report, series);
});
afterAll(() => fixture?.dispose());

const SKIPPED = `fault locked-appointments was skipped by the operator (${SKIP_REASON})`;

/** The rows of the Markdown table under `### title`, as cell arrays (header and rule excluded). */
function tableRows(markdown: string, title: string): string[][] {
  const lines = markdown.slice(markdown.indexOf(`### ${title}\n`)).split('\n');
  const table = lines.slice(lines.findIndex((l) => l.startsWith('|')));
  return table
    .slice(2, table.findIndex((l) => !l.startsWith('|')))
    .map((r) => r.slice(2, -2).split(/(?<!\\) \| /));
}

describe('a game-day report with a skipped fault and notes', () => {
  it('validates against the schema with skipped faults and checks, notes and retrospective questions', () => {
    expect(reportProblems(report)).toEqual([]);
    expect(report.faults[1]).toMatchObject({ id: 'locked-appointments', injectedAt: null, skipped: { at: '2026-06-14T12:02:10.400Z', reason: SKIP_REASON } });
    expect(report.checks.filter((c) => c.skipped).map((c) => c.name)).toEqual([
      'fault locked-appointments restored',
      'alarm sandbox-slow-queries fires within 1m of locked-appointments',
      'slo read-simple in locked-appointments',
      'health degraded during locked-appointments',
    ]);
    for (const c of report.checks.filter((x) => x.skipped)) expect(c).toMatchObject({ ok: true, skipped: { reason: SKIPPED }, observed: `not judged: ${SKIPPED}` });
    expect(report.notes.map((n) => n.at)).toEqual(['2026-06-14T12:01:01.000Z', '2026-06-14T12:01:32.000Z', '2026-06-14T12:01:35.000Z', '2026-06-14T12:02:10.500Z']);
    expect(report.retrospective).toContain(`fault locked-appointments (pg-sleep) was skipped (${SKIP_REASON}): run it next time?`);
    // A schema that refuses what it must refuse: a skipped fault needs its time, a skipped check its reason.
    expect(reportProblems({ ...report, faults: [{ ...report.faults[1]!, skipped: { reason: 'x' } }] }).map((p) => p.path)).toEqual(['faults[0].skipped']);
    expect(reportProblems({ ...report, checks: [{ ...report.checks[1]!, skipped: {} }] }).map((p) => p.path)).toEqual(['checks[0].skipped']);
  });

  it('passes: skipped checks never fail the verdict, and the verdict line counts them apart', () => {
    expect(report.verdict).toBe('pass');
    expect(md.split('\n')[0]).toBe('## ✅ PASS: pool-exhaustion: 16 of 16 strict checks passed, 2 warnings, 4 skipped');
    expect(report.slos.map((s) => s.phase)).not.toContain('locked-appointments'); // measured nothing, so no SLO row
    expect(report.observations.filter((o) => o.severity !== 'info').map((o) => o.text).join('\n')).not.toMatch(/locked-appointments|slow-queries/);
  });

  it('shows skipped checks as SKIP, not PASS, in the Markdown and the HTML', () => {
    const criteria = tableRows(md, 'Success criteria');
    expect(criteria.find((r) => r[0] === 'fault locked-appointments restored')).toEqual(['fault locked-appointments restored', 'restored and the restore verified', `not judged: ${SKIPPED}`, '⏭️ SKIP']);
    expect(criteria.filter((r) => r[3] === '⏭️ SKIP')).toHaveLength(4);
    expect(tableRows(md, 'Alarms').find((r) => r[0] === 'sandbox-slow-queries')?.at(-1)).toBe('⏭️ SKIP');
    expect(html).toContain(`<td>not judged: ${SKIPPED}</td><td class="tone-skip">SKIP</td>`);
    expect(html.match(/<td class="tone-skip">SKIP<\/td>/g)).toHaveLength(5); // four checks and the alarm row
  });

  it('says in the faults table when the operator skipped the fault and why', () => {
    const row = tableRows(md, 'Faults (actual timings)').find((r) => r[0] === 'locked-appointments')!;
    expect(row[3]).toBe(`⏭️ skipped by the operator at 12:02:10Z (+2m10s): ${SKIP_REASON}`);
    expect(html).toContain(`<td class="tone-skip">skipped by the operator at 12:02:10Z (+2m10s): ${SKIP_REASON}</td>`);
  });

  it('writes <skipped message> into junit.xml and counts skipped tests on the suite, with no failure', () => {
    const xml = renderJunit(report);
    expect(xml).toMatch(/<testsuite name="pool-exhaustion" tests="22" failures="0" errors="0" skipped="4" /);
    expect(xml).toContain(`<testcase name="fault locked-appointments restored" classname="firedrill.pool-exhaustion.fault-restored" time="0">\n    <skipped message="${SKIPPED}"/>\n  </testcase>`);
    expect(xml.match(/<skipped /g)).toHaveLength(4);
    expect(xml).not.toContain('<failure');
  });
});

describe('a baseline comparison of a run with a skipped fault', () => {
  it('shows what the skipped fault would have measured as not measured, never as a regression', () => {
    // Last month's run measured the fault: its alarm fired in 30 s and read-simple's p95 under the lock was 150 ms.
    const measured = { ...report.slos[0]!, phase: 'locked-appointments', observed: 150 };
    const previous: Report = {
      ...report,
      slos: [...report.slos, measured, { ...report.slos[0]!, phase: 'gone-phase' }],
      alarms: report.alarms.map((a) => (a.name === 'sandbox-slow-queries' ? { ...a, timeToAlarmSeconds: 30 } : a)),
    };
    const c = compareWithBaseline(report, previous);
    const row = (name: string) => c.rows.find((r) => r.name === name)!;
    expect(row('read-simple locked-appointments p95')).toMatchObject({ previous: 150, current: null, regression: false, note: 'not measured now: fault locked-appointments was skipped' });
    expect(row('sandbox-slow-queries time to alarm')).toMatchObject({ previous: 30, current: null, regression: false, note: 'not measured now: fault locked-appointments was skipped' });
    expect(row('read-simple gone-phase p95')).toMatchObject({ current: null, regression: true }); // anything else missing still is
    expect(c.regressions).toBe(1);
  });
});

describe('the game-day log', () => {
  it('merges fault events, alarm transitions and notes in time order, a note between the transitions around it', () => {
    const rows = tableRows(md, 'Game-day log');
    const events = rows.map((r) => `${r[0]} ${r[1]} ${r[2]}`);
    expect(events.slice(0, 5)).toEqual([
      '12:00:40Z (+40s) fault small-pool planned: shrink-db-pool, hold 1m',
      '12:00:40Z (+40s) fault small-pool injected',
      '12:00:53Z (+53s) fault small-pool in effect',
      '12:01:01Z (+1m01s) ℹ️ note Pool wait visible in the API logs; chat quiet so far.',
      '12:01:31Z (+1m31s) alarm sandbox-pool-wait ❌ **OK -&gt; ALARM**',
    ]);
    const index = (text: string) => events.findIndex((e) => e.includes(text));
    const page = index('P0 page for pool-wait');
    expect(page).toBe(index('sandbox-pool-wait ❌ **OK -&gt; ALARM**') + 1);
    expect(page).toBeLessThan(index('sandbox-pool-utilization ❌ **OK -&gt; ALARM**'));
    expect(events[index('skipped by the operator')]).toBe(`12:02:10Z (+2m10s) fault locked-appointments ⏭️ skipped by the operator: ${SKIP_REASON}`);
    expect(index('Skipped locked-appointments')).toBe(index('skipped by the operator') + 1);
    expect(events.at(-1)).toBe('12:02:30Z (+2m30s) alarm sandbox-pool-utilization ✅ ALARM -&gt; OK');
    expect(rows).toHaveLength(3 + 1 + 2 + 4 + 4); // small-pool events, its restore, the skipped fault, alarm changes, notes
  });

  it('is the same log in the HTML, replacing the old notes section', () => {
    expect(html).toContain('<h2>Game-day log</h2>');
    expect(html).not.toContain('Game-day notes');
    const log = html.slice(html.indexOf('<section id="gameday-log">'), html.indexOf('</section>', html.indexOf('<section id="gameday-log">')));
    const order = ['OK -&gt; ALARM', 'P0 page for pool-wait', '&lt;script&gt;', 'sandbox-pool-utilization'].map((t) => log.indexOf(t));
    expect(order.every((at) => at > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(log).toContain('<td>12:01:32Z (+1m32s)</td><td class="tone-info">note</td><td>P0 page for pool-wait arrived in #ops-alerts.</td>');
  });

  it('escapes hostile note text and masks a pasted password and connection string, in Markdown and HTML alike', () => {
    const row = tableRows(md, 'Game-day log').find((r) => r[2]!.includes('alert(1)'))!;
    expect(row).toHaveLength(3); // the pipes in the note did not split the row
    expect(row[2]).toBe('&lt;script&gt;alert(1)&lt;/script&gt; \\| col \\| DB\\_PASSWORD=\\[redacted\\] and postgres://app:\\[redacted\\]@db/clinic');
    expect(html).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt; | col | DB_PASSWORD=[redacted] and postgres://app:[redacted]@db/clinic</td>');
    for (const page of [md, html]) expect(page).not.toContain('<script>alert(1)');
    // report.json is data: it keeps the note's text as typed, but never the secrets in it.
    for (const page of [md, html, JSON.stringify(report)]) {
      expect(page).not.toContain('hunter2');
      expect(page).not.toContain('s3cr3t');
    }
    expect(HOSTILE_NOTE).toContain('hunter2'); // the fixture really planted them
  });

  it('puts every note on the charts as a marker at its time, text (redacted) included for the tooltip', () => {
    const data = chartData(report, series);
    expect(data.notes.map((n) => n.at - data.from)).toEqual([61, 92, 95, 130.5]);
    expect(data.notes[2]!.text).toBe('<script>alert(1)</script> | col | DB_PASSWORD=[redacted] and postgres://app:[redacted]@db/clinic');
    expect(html).toContain('el.title = ');
    expect(html).not.toContain('innerHTML');
  });

  it('is left out of a CI report with neither notes nor skipped faults', () => {
    const ci: Report = { ...report, notes: [], faults: report.faults.filter((f) => !f.skipped) };
    expect(renderMarkdown(ci)).not.toContain('Game-day log');
    expect(renderHtml(ci, series)).not.toContain('id="gameday-log"');
    const skippedOnly: Report = { ...report, notes: [] };
    expect(tableRows(renderMarkdown(skippedOnly), 'Game-day log').map((r) => r[1])).not.toContain('ℹ️ note');
  });
});
