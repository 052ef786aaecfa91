// The reports module's public surface: build a report from a drill's evidence, compare it with a baseline, chart
// series, and write every format into the run directory.
export { buildReport, type BuildReportInput } from './build.ts';
export { compareWithBaseline, baselineCheck, DEFAULT_TOLERANCE, type BaselineOptions } from './baseline.ts';
export { buildSeries, buildErrorSeries, drillSeries, drillErrorSeries, chooseBucketSeconds, type ErrorSeries, type ReportSeries } from './series.ts';
export { hostSummary, hostConsoleLine, isSaturated, SATURATION, SATURATED_SHARE } from './sections/host.ts';
export { retrospectiveQuestions, MAX_QUESTIONS } from './retrospective.ts';
export { writeReports, reportJson, type ReportPaths } from './write.ts';
export { readReport, reportProblems, assertValidReport } from './validate.ts';
export { renderMarkdown } from './render/markdown.ts';
export { renderHtml } from './render/html.ts';
export { renderJunit } from './render/junit.ts';
export type * from './model.ts';
export { REPORT_SCHEMA_VERSION } from './model.ts';
