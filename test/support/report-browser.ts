// report.html in a real browser for tests: Debian's chromium driven by playwright-core, every request that is not a
// file: URL blocked and recorded, console errors collected, and a probe of what each chart drew.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.FIREDRILL_CHROMIUM ?? '/usr/bin/chromium';
/** Screenshots and reports kept as test artefacts. */
export const ARTIFACTS = resolve(import.meta.dirname, '../artifacts/reports');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ChartProbe {
  id: string;
  series: number;
  width: number;
  height: number;
  painted: number;
  /** Pixels near each wanted colour (hex). */
  colours: Record<string, number>;
}

export interface ReportBrowser {
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  consoleErrors: string[];
  /** URLs the page tried to fetch from the network (all refused). */
  blocked: string[];
  /** Opens a report and waits until its charts say they are drawn. */
  open(htmlFile: string): Promise<void>;
  close(): Promise<void>;
}

export async function openReportBrowser(): Promise<ReportBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}. The report browser tests need Debian's chromium: install it with \`sudo apt-get install -y chromium\` (or set FIREDRILL_CHROMIUM to a Chromium binary).`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const userDataDir = mkdtempSync(join(tmpdir(), 'firedrill-chromium-'));
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 900 } });
  const consoleErrors: string[] = [];
  const blocked: string[] = [];
  await context.route('**', (route) => (route.request().url().startsWith('file:') ? route.continue() : (blocked.push(route.request().url()), route.abort())));
  const page = await context.newPage();
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  return {
    page,
    consoleErrors,
    blocked,
    async open(htmlFile) {
      await page.goto(pathToFileURL(htmlFile).href);
      await page.waitForSelector('body[data-charts]', { timeout: 15_000 });
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** What each uPlot instance drew: its series count, canvas size, painted pixels and pixels near each wanted colour. */
export async function probeCharts(p: Page, wantedColours: Record<string, string[]> = {}): Promise<ChartProbe[]> {
  return p.evaluate((wanted) => {
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
    // Runs in the page; the project's TypeScript has no DOM types, so the little it touches is typed here.
    type Canvas2D = { canvas: { width: number; height: number }; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
    type Chart = { id: string; series: number; chart: { ctx: Canvas2D } };
    return ((globalThis as unknown as { firedrillCharts?: Chart[] }).firedrillCharts ?? []).map((c) => {
      const canvas = c.chart.ctx.canvas;
      const pixels = c.chart.ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const targets = (wanted[c.id] ?? []).map((hex) => ({ hex, rgb: rgb(hex), n: 0 }));
      let painted = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (pixels[i + 3]! === 0) continue;
        painted++;
        for (const t of targets) if (Math.abs(pixels[i]! - t.rgb[0]!) + Math.abs(pixels[i + 1]! - t.rgb[1]!) + Math.abs(pixels[i + 2]! - t.rgb[2]!) < 24) t.n++;
      }
      return { id: c.id, series: c.series, width: canvas.width, height: canvas.height, painted, colours: Object.fromEntries(targets.map((t) => [t.hex, t.n])) };
    });
  }, wantedColours);
}
