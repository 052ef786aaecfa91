import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { chartData, type ChartData } from '../../../reports/render/chart-data.ts';
import { renderHtml, scriptJson } from '../../../reports/render/html.ts';
import { drillSeries, type ReportSeries } from '../../../reports/series.ts';
import { openDrillFixture, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

let fixture: DrillFixture;
let report: Report;
let series: ReportSeries;
let html: string;

beforeAll(() => {
  fixture = openDrillFixture();
  report = buildReport(fixture.input);
  series = drillSeries(fixture.evidence);
  html = renderHtml(report, series);
});
afterAll(() => fixture?.dispose());

const embedded = (page: string): ChartData => JSON.parse(/<script type="application\/json" id="firedrill-data">(.*?)<\/script>/s.exec(page)![1]!) as ChartData;

describe('report.html', () => {
  it('is one self-contained file: uPlot and the chart code inline, nothing fetched', () => {
    expect(html).toContain('/*! https://github.com/leeoniya/uPlot (v1.6.32) */');
    expect(html).toContain("window.firedrillCharts = []");
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">`);
    expect(html).not.toMatch(/<(script|img|iframe)\b[^>]*\bsrc=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|url\((?!data:)/i);
    expect(html.length).toBeLessThan(400_000);
  });

  it('carries every chart series: latency per class with SLO lines, load, alarm lanes, health', () => {
    const data = embedded(html);
    expect(data).toEqual(JSON.parse(JSON.stringify(chartData(report, series))));
    expect(data.t).toEqual(series.t);
    expect(data.t).toHaveLength(205);
    expect(data.latency.map((l) => l.id)).toEqual(['latency-all', 'latency-read-simple', 'latency-read-complex', 'latency-write-simple', 'latency-write-complex']);
    for (const l of data.latency) {
      const category = l.id === 'latency-all' ? 'all' : l.id.slice('latency-'.length);
      expect(l.p95).toEqual(series.latency[category]!.p95);
    }
    const readSimple = data.latency[1]!;
    expect(readSimple.slo.map((s) => s.label)).toEqual(['SLO p95 baseline (100 ms)', 'SLO p99 baseline (200 ms)', 'SLO p95 recovery (100 ms)']);
    expect(readSimple.slo[0]!.values.filter((v) => v === 100)).toHaveLength(53); // the baseline phase's buckets only
    expect(data.rps).toEqual(series.rps);
    expect(data.faults).toEqual([{ id: 'small-pool', injected: 1781438440.2, start: 1781438452.5, end: 1781438512.6, restored: 1781438512.6 }]);
    expect(data.alarms.map((a) => a.name)).toEqual(['sandbox-pool-wait', 'sandbox-db-connect-errors', 'sandbox-pool-utilization']);
    const lane = data.alarms[0]!.segments.map(([from, to, state]) => [from - data.from, to - data.from, data.states[state]]);
    expect(lane).toEqual([[0, 90.5, 'OK'], [90.5, expect.closeTo(137.6, 6), 'ALARM'], [expect.closeTo(137.6, 6), 205, 'OK']]);
    expect(data.health.map(([, , s]) => data.states[s])).toEqual(['healthy', 'degraded', 'healthy']);
    for (const id of [...data.latency.map((l) => l.id), 'load', 'alarms', 'health']) expect(html).toContain(`<div class="chart" id="chart-${id}"></div>`);
  });

  it('shows the verdict first and the same tables as the Markdown', () => {
    expect(html).toMatch(/<body>\n<header class="verdict pass"><h1>PASS: pool-exhaustion: 16 of 16 strict checks passed, 2 warnings<\/h1><\/header>/);
    for (const title of ['Success criteria', 'Observations', 'Questions for the retrospective', 'Charts', 'Alarms', 'SLOs by phase and class', 'Load and latency distribution', 'Faults (actual timings)', 'Phases', 'Game-day log']) {
      expect(html).toContain(`<h2>${title}</h2>`);
    }
    expect(html).toContain('<td>sandbox-pool-wait</td><td>fires within 1m of small-pool, recovers within 1m</td><td>12:01:31Z (+1m31s)</td><td class="num">38s (target 1m)</td>');
  });

  it('escapes every piece of text, including inside the chart data', () => {
    const hostile = '</script><script>alert(1)</script><b onmouseover=x>';
    const evil: Report = { ...report, notes: [{ at: report.notes[0]!.at, text: hostile }], alarms: report.alarms.map((a, i) => (i === 0 ? { ...a, name: hostile } : a)) };
    const page = renderHtml(evil, series);
    expect(page).not.toContain('<script>alert(1)');
    expect(page).not.toContain('<b onmouseover');
    expect(page).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;b onmouseover=x&gt;');
    expect(embedded(page).alarms[0]!.name).toBe(hostile); // the JSON still round-trips
    expect(scriptJson({ s: '<!-- & \u2028' })).toBe('{"s":"\\u003c!-- \\u0026 \\u2028"}');
  });
});
