// Writing a drill's reports into its run directory: report.json, report.md, report.html and junit.xml, and the
// Markdown into GitHub's job summary when running there. Everything is rendered (and the report validated) before
// the first byte is written, and each file appears whole (written aside, then renamed) or not at all.
import { appendFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Report } from './model.ts';
import { renderHtml } from './render/html.ts';
import { renderJunit } from './render/junit.ts';
import { renderMarkdown } from './render/markdown.ts';
import type { ReportSeries } from './series.ts';
import { assertValidReport } from './validate.ts';

export interface ReportPaths {
  json: string;
  markdown: string;
  html: string;
  junit: string;
  /** The job summary file appended to, when $GITHUB_STEP_SUMMARY was set. */
  stepSummary?: string;
}

/** GitHub refuses job summaries over 1 MiB; stay under it with room for other steps. */
export const STEP_SUMMARY_LIMIT = 900 * 1024;

/** report.json as written: stable key order, two-space indent, trailing newline. */
export const reportJson = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`;

async function writeWhole(file: string, text: string): Promise<void> {
  const aside = `${file}.partial`;
  await writeFile(aside, text, 'utf8');
  await rename(aside, file);
}

export function stepSummaryText(markdown: string, limit = STEP_SUMMARY_LIMIT): string {
  if (Buffer.byteLength(markdown) <= limit) return `${markdown}\n`;
  const cut = Buffer.from(markdown).subarray(0, limit).toString('utf8').replace(/\uFFFD$/, '');
  return `${cut.slice(0, cut.lastIndexOf('\n'))}\n\n_Summary truncated at GitHub's size limit: see report.md in the run's artefacts._\n\n`;
}

export async function writeReports(runDir: string, report: Report, series: ReportSeries, env: NodeJS.ProcessEnv = process.env): Promise<ReportPaths> {
  assertValidReport(report);
  const markdown = renderMarkdown(report);
  const outputs: Array<[keyof Omit<ReportPaths, 'stepSummary'>, string, string]> = [
    ['json', 'report.json', reportJson(report)],
    ['markdown', 'report.md', markdown],
    ['html', 'report.html', renderHtml(report, series)],
    ['junit', 'junit.xml', renderJunit(report)],
  ];
  await mkdir(runDir, { recursive: true });
  const paths = {} as ReportPaths;
  for (const [key, name, text] of outputs) {
    paths[key] = join(runDir, name);
    await writeWhole(paths[key], text);
  }
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary) {
    await appendFile(summary, stepSummaryText(markdown), 'utf8');
    paths.stepSummary = summary;
  }
  return paths;
}
