// report.html for a synthetic 1-hour drill at 200 requests/s: file size (target under 2 MB) and time until every
// chart is drawn in headless Chromium (target under 2 s), each also as a ratio to a baseline measured in the same
// run: the report of the same drill with its load cut to one second (same page, tables and code; almost no data).
// Also prints how long Node takes to build the report and the chart series (not part of the targets).
// Run: npx tsx bench/report-html.ts   (not part of the test suite; needs /usr/bin/chromium or FIREDRILL_CHROMIUM)
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';
import { buildReport } from '../reports/build.ts';
import { buildSeries, drillSeries } from '../reports/series.ts';
import { writeReports } from '../reports/write.ts';
import { drillFixture } from '../test/fixtures/reports/drill-fixture.ts';
import { syntheticDrill } from './report-synthetic-drill.ts';

const CHROMIUM = process.env.FIREDRILL_CHROMIUM ?? '/usr/bin/chromium';
const MINUTES = 60;
const RPS = 200;
const LOADS = 7; // page loads per file; the median is reported
const SIZE_TARGET = 2 * 1024 * 1024;
const RENDER_TARGET_MS = 2000;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Navigation start to every chart drawn (charts.js marks the body when done), median of LOADS page loads. */
async function renderMs(context: BrowserContext, file: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < LOADS; i++) {
    const page = await context.newPage();
    const started = performance.now();
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector('body[data-charts="ready"]', { timeout: 30_000 });
    times.push(performance.now() - started);
    await page.close();
  }
  return median(times);
}

async function main(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'firedrill-bench-report-'));
  const userDataDir = mkdtempSync(join(tmpdir(), 'firedrill-bench-chromium-'));
  let context: BrowserContext | undefined;
  try {
    let t = performance.now();
    const drill = drillFixture(syntheticDrill(MINUTES, RPS), work);
    const recordMs = performance.now() - t;
    t = performance.now();
    const report = buildReport(drill.input);
    const buildMs = performance.now() - t;
    t = performance.now();
    const series = drillSeries(drill.evidence);
    const seriesMs = performance.now() - t;
    const full = await writeReports(join(work, 'hour'), report, series, {});
    const tiny = buildSeries(drill.evidence.load, { fromMs: drill.evidence.loadStartMs, toMs: drill.evidence.loadStartMs + 1000 });
    const empty = await writeReports(join(work, 'baseline'), report, tiny, {});
    drill.dispose();

    context = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    await context.route('**', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
    await renderMs(context, empty.html); // warm up the browser once
    const baseMs = await renderMs(context, empty.html);
    const fullMs = await renderMs(context, full.html);
    const baseSize = statSync(empty.html).size;
    const fullSize = statSync(full.html).size;

    console.log(`report.html, synthetic ${MINUTES}-minute drill at ${RPS} req/s (${drill.requests} requests, ${series.t.length} points of ${series.bucketSeconds} s per series)`);
    console.log(`  size:   ${kib(fullSize)}: ${(fullSize / SIZE_TARGET).toFixed(2)} of the 2 MB target; ${(fullSize / baseSize).toFixed(2)}x the baseline report (${kib(baseSize)})`);
    console.log(`  render: ${fullMs.toFixed(0)} ms median of ${LOADS}: ${(fullMs / RENDER_TARGET_MS).toFixed(2)} of the 2 s target; ${(fullMs / baseMs).toFixed(2)}x the baseline report (${baseMs.toFixed(0)} ms)`);
    console.log(`  node:   recording the evidence ${seconds(recordMs)}, buildReport ${seconds(buildMs)}, chart series ${seconds(seriesMs)}`);
  } finally {
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
