// report.html in a real browser: Debian's chromium, driven by playwright-core, with every network request blocked.
// Every chart must render (a drawn canvas with the expected series, in their colours), with no console errors;
// junit.xml must parse as XML in the shape CI JUnit readers expect. Artefacts: test/artifacts/reports/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { drillSeries } from '../../../reports/series.ts';
import { writeReports, type ReportPaths } from '../../../reports/write.ts';
import { openDrillFixture, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';
import { ARTIFACTS, openReportBrowser, probeCharts, type ReportBrowser } from '../../support/report-browser.ts';

/** Series per chart for the pool-exhaustion fixture: p50/p95/p99 plus one dashed line per latency SLO of the class. */
const EXPECTED_SERIES: Record<string, number> = {
  'latency-all': 3,
  'latency-read-simple': 6,
  'latency-read-complex': 5,
  'latency-write-simple': 5,
  'latency-write-complex': 6,
  load: 2,
  alarms: 3,
  health: 1,
};

/** Colours each chart must show (charts.js): the percentile lines, the rate lines, the notes, the alarm and health states. */
const EXPECTED_COLOURS: Record<string, string[]> = {
  'latency-read-simple': ['#2f9e44', '#e8590c', '#c2255c'],
  load: ['#1971c2', '#e03131', '#7048e8'],
  alarms: ['#2f9e44', '#e03131'],
  health: ['#2f9e44', '#f59f00'],
};

let fixture: DrillFixture;
let report: Report;
let paths: ReportPaths;
let browser: ReportBrowser | undefined;
let page: Page;

beforeAll(async () => {
  fixture = openDrillFixture();
  report = buildReport(fixture.input);
  paths = await writeReports(join(ARTIFACTS, 'pool-exhaustion'), report, drillSeries(fixture.evidence), {});
  browser = await openReportBrowser();
  page = browser.page;
});

afterAll(async () => {
  await browser?.close();
  fixture?.dispose();
});

/** Every chart carries one hover marker per note, left to right in time order, inside the plot, titled with the note. */
async function expectNoteMarkers(p: Page): Promise<void> {
  const markers = await p.evaluate(() => {
    type Box = { left: number; right: number };
    type El = { title: string; parentElement: El; getBoundingClientRect(): Box; closest(s: string): { id: string } | null };
    const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): ArrayLike<El> } }).document;
    return Array.from(doc.querySelectorAll('.note-marker'), (el) => ({ chart: el.closest('.chart')?.id ?? '', title: el.title, x: el.getBoundingClientRect().left, plot: el.parentElement.getBoundingClientRect() }));
  });
  const chartIds = Object.keys(EXPECTED_SERIES);
  expect(markers).toHaveLength(chartIds.length * report.notes.length);
  for (const id of chartIds) {
    const own = markers.filter((m) => m.chart === `chart-${id}`);
    expect(own.map((m) => m.title)).toEqual(report.notes.map((n, i) => `note ${i + 1}, ${n.at.slice(11, 19)} UTC: ${n.text}`));
    for (const m of own) expect(m.x, id).toBeGreaterThan(m.plot.left);
    // Notes at 61 s and 92 s of a 205 s chart: each sits at its share of the plot's width (within 2 %).
    own.forEach((m, i) => expect(Math.abs((m.x + 4 - m.plot.left) / (m.plot.right - m.plot.left) - [61, 92][i]! / 205)).toBeLessThan(0.02));
  }
}

describe('report.html in headless Chromium, offline', () => {
  it('renders every chart with its series, makes no network request and logs no error', async () => {
    await browser!.open(paths.html);
    expect(await page.getAttribute('body', 'data-charts')).toBe('ready');
    const charts = await probeCharts(page, EXPECTED_COLOURS);
    expect(Object.fromEntries(charts.map((c) => [c.id, c.series]))).toEqual(EXPECTED_SERIES);
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(300);
      expect(c.painted / (c.width * c.height), `${c.id} painted share`).toBeGreaterThan(0.02);
      for (const [colour, count] of Object.entries(c.colours)) expect(count, `${c.id} pixels in ${colour}`).toBeGreaterThan(20);
    }
    expect(await page.locator('section#criteria tbody tr').count()).toBe(report.checks.length);
    await expectNoteMarkers(page);
    expect(browser!.consoleErrors).toEqual([]);
    expect(browser!.blocked).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'report-html.png'), fullPage: true });
  });

  it('parses junit.xml as XML with the structure of the Ant and Jenkins JUnit schemas', async () => {
    const xml = readFileSync(paths.junit, 'utf8');
    const shape = await page.evaluate((text) => {
      // Runs in the page (see probeCharts for why the DOM is typed by hand).
      type El = { nodeName: string; children: ArrayLike<El>; getAttribute(n: string): string | null; getAttributeNames(): string[]; getElementsByTagName(n: string): ArrayLike<El> };
      type Parser = new () => { parseFromString(text: string, type: string): { documentElement: El; getElementsByTagName(n: string): ArrayLike<El> } };
      const doc = new (globalThis as unknown as { DOMParser: Parser }).DOMParser().parseFromString(text, 'application/xml');
      const root = doc.documentElement;
      return {
        parseError: doc.getElementsByTagName('parsererror').length > 0,
        root: root.nodeName,
        attributes: root.getAttributeNames().sort(),
        children: Array.from(root.children, (e) => e.nodeName),
        cases: Array.from(root.getElementsByTagName('testcase'), (t) => ({ name: t.getAttribute('name'), classname: t.getAttribute('classname'), time: t.getAttribute('time'), children: Array.from(t.children, (e) => e.nodeName) })),
      };
    }, xml);
    expect(shape.parseError).toBe(false);
    expect(shape.root).toBe('testsuite');
    expect(shape.attributes).toEqual(['errors', 'failures', 'hostname', 'name', 'tests', 'time', 'timestamp']);
    // Ant's order: properties, testcase*, system-out, system-err.
    expect(shape.children).toEqual(['properties', ...report.checks.map(() => 'testcase'), 'system-out', 'system-err']);
    expect(shape.cases.map((c) => c.name)).toEqual(report.checks.map((c) => c.name));
    for (const c of shape.cases) {
      expect(c.classname).toMatch(/^firedrill\.pool-exhaustion\.[a-z-]+$/);
      expect(c.time).toBe('0');
      expect(c.children.every((n) => n === 'failure' || n === 'error')).toBe(true);
    }
  });
});
