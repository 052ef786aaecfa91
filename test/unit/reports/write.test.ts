import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { renderMarkdown } from '../../../reports/render/markdown.ts';
import { buildSeries, type ReportSeries } from '../../../reports/series.ts';
import { stepSummaryText, writeReports } from '../../../reports/write.ts';
import { openDrillFixture, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

let fixture: DrillFixture;
let report: Report;
let series: ReportSeries;
let dir: string;

beforeAll(() => {
  fixture = openDrillFixture();
  report = buildReport(fixture.input);
  // A short slice of the run is enough here: what the charts carry is tested in html.test.ts.
  series = buildSeries(fixture.evidence.load, { fromMs: fixture.evidence.loadStartMs, toMs: fixture.evidence.loadStartMs + 20_000 });
  dir = mkdtempSync(join(tmpdir(), 'firedrill-write-'));
});
afterAll(() => {
  fixture?.dispose();
  rmSync(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes report.json, report.md, report.html and junit.xml into the run directory', async () => {
    const runDir = join(dir, 'run-1');
    const paths = await writeReports(runDir, report, series, {});
    expect(paths).toEqual({ json: join(runDir, 'report.json'), markdown: join(runDir, 'report.md'), html: join(runDir, 'report.html'), junit: join(runDir, 'junit.xml') });
    expect(readdirSync(runDir).sort()).toEqual(['junit.xml', 'report.html', 'report.json', 'report.md']);
    expect(JSON.parse(readFileSync(paths.json, 'utf8'))).toEqual(report);
    expect(readFileSync(paths.markdown, 'utf8')).toBe(renderMarkdown(report));
    expect(readFileSync(paths.html, 'utf8')).toMatch(/^<!doctype html>/);
    expect(readFileSync(paths.junit, 'utf8')).toMatch(/^<\?xml/);
  });

  it("appends the Markdown to GitHub's job summary when $GITHUB_STEP_SUMMARY is set", async () => {
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const paths = await writeReports(join(dir, 'run-2'), report, series, { GITHUB_STEP_SUMMARY: summary });
    expect(paths.stepSummary).toBe(summary);
    expect(readFileSync(summary, 'utf8')).toBe(`# earlier step\n${renderMarkdown(report)}\n`);
  });

  it('writes nothing when the report does not validate', async () => {
    const runDir = join(dir, 'run-3');
    const broken = { ...report, exitCode: -1 };
    await expect(writeReports(runDir, broken, series, {})).rejects.toThrow(/exitCode: must be >= 0/);
    expect(existsSync(runDir)).toBe(false);
  });
});

describe('stepSummaryText', () => {
  it("cuts an oversized summary at a line boundary under GitHub's limit and says where the rest is", () => {
    const long = Array.from({ length: 200 }, (_, i) => `| row ${i} | ${'x'.repeat(40)} |`).join('\n');
    const text = stepSummaryText(long, 2000);
    expect(Buffer.byteLength(text)).toBeLessThan(2200);
    expect(text).toMatch(/\| row \d+ \| x+ \|\n\n_Summary truncated at GitHub's size limit: see report.md in the run's artefacts._\n\n$/);
    expect(stepSummaryText('short')).toBe('short\n');
  });
});
