// The report of one drill: a pure function of the evidence, the judged checks and the run's facts, validated
// against the schema before anyone writes it. Same input, same report (apart from generatedAt).
import type { CheckResult, DrillEvidence } from '../assertions/evidence.ts';
import { HarnessError } from '../lib/errors.ts';
import { ExitCode } from '../lib/exit-codes.ts';
import { baselineCheck, compareWithBaseline, type BaselineOptions } from './baseline.ts';
import { iso } from './format.ts';
import { REPORT_SCHEMA_VERSION, type CapacityTable, type Note, type Report, type ReportCheck, type Verdict } from './model.ts';
import { observe, type ReportDraft } from './observations.ts';
import { scrubStrings } from './redact.ts';
import { retrospectiveQuestions } from './retrospective.ts';
import { reportAlarms } from './sections/alarms.ts';
import { reportHost } from './sections/host.ts';
import { reportLoad } from './sections/load.ts';
import { reportSlos } from './sections/slos.ts';
import { reportFaults, reportHealth, reportPhases } from './sections/timeline.ts';
import { withCachedLoad } from './sections/window-cache.ts';
import { drillErrorSeries, type ErrorSeries } from './series.ts';
import { assertValidReport } from './validate.ts';

export interface BuildReportInput {
  runId: string;
  evidence: DrillEvidence;
  checks: readonly CheckResult[];
  verdict: Verdict;
  exitCode: number;
  environment: { name: string; production: boolean };
  /** ISO 8601 (any offset; stored as UTC). */
  startedAt: string;
  endedAt: string;
  k6: { version: string; exitCode: number | null };
  /** Game-day notes taken by the operator. */
  notes?: ReadonlyArray<{ at: string; text: string }>;
  /** An earlier report.json to compare with (the monthly regression run). */
  baseline?: Report;
  baselineOptions?: BaselineOptions;
  /** Filled by the capacity experiment. */
  capacity?: CapacityTable;
  /**
   * The chart series (drillSeries of the evidence; its error rate is what the retrospective reads bursts from). When
   * not given, only the request and error rates are built here; a caller that also writes report.html passes the
   * series it built for it, so nothing is computed twice.
   */
  series?: ErrorSeries;
  /** Clock for generatedAt (tests). */
  now?: () => Date;
}

function utc(value: string, field: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new HarnessError(`report ${field}: expected an ISO 8601 time, got ${JSON.stringify(value)}`, 'the orchestrator passes the run times it recorded; this is a firedrill bug');
  return iso(ms);
}

const toReportCheck = (c: CheckResult): ReportCheck => ({
  name: c.name,
  kind: c.kind,
  ok: c.ok,
  strict: c.strict,
  observed: c.observed,
  expected: c.expected,
  message: c.message,
  ...(c.skipped ? { skipped: { reason: c.skipped.reason } } : {}),
});

function notes(input: BuildReportInput): Note[] {
  const list = (input.notes ?? []).map((n, i) => ({ at: utc(n.at, `notes[${i}].at`), text: n.text }));
  return list.sort((a, b) => a.at.localeCompare(b.at));
}

function draftReport(input: BuildReportInput, generatedAt: string): ReportDraft {
  const evidence = withCachedLoad(input.evidence);
  const { experiment } = evidence;
  const host = reportHost(evidence);
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    runId: input.runId,
    experiment: { name: experiment.name, file: experiment.file, description: experiment.description },
    environment: { name: input.environment.name, production: input.environment.production },
    startedAt: utc(input.startedAt, 'startedAt'),
    endedAt: utc(input.endedAt, 'endedAt'),
    generatedAt,
    verdict: input.verdict,
    exitCode: input.exitCode,
    outcome: evidence.outcome,
    ...(evidence.abortReason ? { abortReason: evidence.abortReason } : {}),
    phases: reportPhases(evidence.phases, evidence.loadStartMs),
    faults: reportFaults(evidence),
    alarms: reportAlarms(evidence, input.checks),
    slos: reportSlos(evidence),
    load: reportLoad(evidence),
    health: reportHealth(evidence.health),
    ...(host ? { host } : {}),
    checks: input.checks.map(toReportCheck),
    k6: { version: input.k6.version, exitCode: input.k6.exitCode },
    notes: notes(input),
    ...(input.capacity ? { capacity: input.capacity } : {}),
  };
}

/** Compare with the baseline; with failOnRegression, a regression turns a pass into a fail (exit 1). */
function applyBaseline(draft: ReportDraft, baseline: Report, options: BaselineOptions = {}): ReportDraft {
  const comparison = compareWithBaseline(draft, baseline, options);
  const failed = comparison.failOnRegression && comparison.regressions > 0 && draft.verdict === 'pass';
  return {
    ...draft,
    ...(failed ? { verdict: 'fail' as const, exitCode: ExitCode.AssertionsFailed } : {}),
    checks: [...draft.checks, baselineCheck(comparison)],
    baseline: comparison,
  };
}

/** Build, redact and validate the report. Throws HarnessError when the result does not match the schema. */
export function buildReport(input: BuildReportInput): Report {
  const generatedAt = (input.now ?? (() => new Date()))().toISOString();
  let draft = draftReport(input, generatedAt);
  if (input.baseline) draft = applyBaseline(draft, input.baseline, input.baselineOptions);
  const { notes: taken, capacity, ...rest } = draft;
  const retrospective = retrospectiveQuestions(draft, input.series ?? drillErrorSeries(input.evidence));
  const ordered: Report = { ...rest, observations: observe(draft), retrospective, notes: taken, ...(capacity ? { capacity } : {}) };
  return assertValidReport(scrubStrings(ordered));
}
