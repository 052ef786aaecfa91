// The end of every drill and all of `firedrill report`: evidence -> checks -> verdict -> report files. A pure
// function of the run directory (plus an optional baseline), so a report rebuilt later says what the drill said.
import { judge } from '../../assertions/index.ts';
import type { CheckResult } from '../../assertions/evidence.ts';
import { buildReport, drillSeries, hostConsoleLine, readReport, writeReports } from '../../reports/index.ts';
import { ExitCode, type ExitCodeValue } from '../exit-codes.ts';
import { drillCapacityTable } from './capacity.ts';
import { loadRun } from './evidence-loader.ts';

const EXIT_FOR: Record<string, ExitCodeValue> = { pass: ExitCode.Pass, fail: ExitCode.AssertionsFailed, aborted: ExitCode.Aborted, error: ExitCode.HarnessError };

/** One console line per check: `ok`, `FAIL`, `warn` (a failed optional check) or `skip` (its fault was skipped). */
export function checkLine(c: Pick<CheckResult, 'ok' | 'strict' | 'name' | 'observed' | 'expected' | 'skipped'>): string {
  const mark = c.skipped ? 'skip' : c.ok ? 'ok  ' : c.strict ? 'FAIL' : 'warn';
  return `  ${mark} ${c.name}: ${c.observed} (expected ${c.expected})`;
}

export interface BaselineChoice {
  file?: string;
  /** A regression beyond tolerance fails a drill that otherwise passed (exit 1). */
  failOnRegression?: boolean;
}

export interface FinishOptions {
  /** Print the questions for the retrospective after the verdict (game-day mode). */
  retrospective?: boolean;
}

/** "checks (13/13 ok, 3 skipped):" */
function checksHeading(checks: readonly Pick<CheckResult, 'ok' | 'skipped'>[]): string {
  const judged = checks.filter((c) => !c.skipped);
  const skipped = checks.length - judged.length;
  return `checks (${judged.filter((c) => c.ok).length}/${judged.length} ok${skipped > 0 ? `, ${skipped} skipped` : ''}):`;
}

/** Judge the run directory's evidence, write report.json/.md/.html and junit.xml, print the verdict; returns the exit code. */
export async function finishDrill(runDir: string, baseline: BaselineChoice, say: (line: string) => void, options: FinishOptions = {}): Promise<number> {
  const { record, evidence, store } = loadRun(runDir);
  const capacity = store ? drillCapacityTable(runDir, record, store) : undefined;
  const { checks, verdict } = judge(evidence);
  const series = drillSeries(evidence);
  const report = buildReport({
    runId: record.runId,
    evidence,
    checks,
    verdict,
    exitCode: EXIT_FOR[verdict] ?? ExitCode.HarnessError,
    environment: { name: record.environment.name, production: record.environment.production },
    startedAt: record.startedAt,
    endedAt: record.endedAt,
    k6: { version: record.k6.version, exitCode: record.k6.exitCode },
    notes: record.notes,
    series,
    ...(capacity ? { capacity } : {}),
    ...(baseline.file ? { baseline: readReport(baseline.file), baselineOptions: { failOnRegression: baseline.failOnRegression ?? false } } : {}),
  });
  const paths = await writeReports(runDir, report, series);
  say('');
  say(checksHeading(report.checks));
  for (const c of report.checks) say(checkLine(c));
  // Read next to the latency checks: a starved load generator reports its own queueing as the service's latency.
  if (report.host) say(hostConsoleLine(report.host));
  if (record.abortReason) say(`aborted: ${record.abortReason}`);
  if (record.error) say(`error: ${record.error}`);
  say(`\nverdict: ${report.verdict.toUpperCase()} (exit ${report.exitCode})`);
  if (options.retrospective) {
    const questions = report.retrospective ?? [];
    say(questions.length > 0 ? 'questions for the retrospective:' : 'questions for the retrospective: none from the evidence');
    for (const q of questions) say(`  - ${q}`);
  }
  say(`report: ${paths.html}`);
  say(`        ${paths.markdown}, ${paths.json}, ${paths.junit}`);
  return report.exitCode;
}
