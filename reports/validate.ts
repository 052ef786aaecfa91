// Every report is checked against reports/schema/report.schema.json before anything is written: a report that does
// not validate is a harness bug (exit 4), never a file that CI later fails to read.
import { readFileSync } from 'node:fs';
import { HarnessError, InvalidInputError, type InputProblem } from '../lib/errors.ts';
import { checkSchema } from '../lib/experiment/schema-check.ts';
import { REPORT_SCHEMA_VERSION, type Report } from './model.ts';

const schemaUrl = new URL('./schema/report.schema.json', import.meta.url);

/** The report JSON Schema (draft 2020-12), read once. */
export const reportSchema: object = JSON.parse(readFileSync(schemaUrl, 'utf8')) as object;

/** Every way `value` differs from the report schema, located by field path (empty when valid). */
export function reportProblems(value: unknown): InputProblem[] {
  return checkSchema(reportSchema, value);
}

/** Throw a HarnessError naming every problem when a report the harness built does not validate. */
export function assertValidReport(report: Report): Report {
  const problems = reportProblems(report);
  if (problems.length === 0) return report;
  const list = problems.map((p) => `  ${p.path || '(report)'}: ${p.message}`).join('\n');
  throw new HarnessError(
    `the report built for run ${report.runId} does not match reports/schema/report.schema.json:\n${list}`,
    'this is a firedrill bug: please file it with the run directory attached; the evidence in the run directory is intact',
  );
}

/** A report.json written earlier (e.g. last month's, for --baseline), parsed and validated. */
export function readReport(file: string): Report {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `not JSON: ${(err as Error).message}`;
    throw new InvalidInputError(file, [{ path: '', message: `${reason}; --baseline expects the report.json of an earlier run` }]);
  }
  const version = (value as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (version !== REPORT_SCHEMA_VERSION) {
    throw new InvalidInputError(file, [{ path: 'schemaVersion', message: `expected report schema version ${REPORT_SCHEMA_VERSION}, got ${JSON.stringify(version)}; rebuild it with firedrill report <run-dir>` }]);
  }
  const problems = reportProblems(value);
  if (problems.length > 0) throw new InvalidInputError(file, problems);
  return value as Report;
}
