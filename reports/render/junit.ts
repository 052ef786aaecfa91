// junit.xml: one testsuite per drill, one testcase per check. Failed strict checks are failures carrying the
// message; failed optional checks pass (they do not fail the drill, so they must not fail CI) and are listed as
// warnings on the suite's system-out; an aborted or errored drill adds a testcase with an <error>.
// The root is a single <testsuite> with only the elements and attributes that both the Ant JUnit schema and the
// Jenkins xunit schema allow (properties, testcase*, system-out, system-err), which every common CI reader accepts.
// Checks not judged because their fault was skipped carry <skipped message>, and the suite a `skipped` count: the
// Jenkins/Surefire form that CI readers show as skipped tests (both only appear when something was skipped).
import { epochMs } from '../format.ts';
import type { Report, ReportCheck } from '../model.ts';
import { headline } from './document.ts';

/** XML 1.0 text: escaped, with the characters XML cannot carry at all (most control characters) removed. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const attrs = (pairs: Record<string, string | number>): string =>
  Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');

const details = (c: ReportCheck) => `observed: ${c.observed}\nexpected: ${c.expected}\n${c.message}`;

function testcase(c: ReportCheck, suite: string): string {
  const head = `  <testcase${attrs({ name: c.name, classname: `firedrill.${suite}.${c.kind}`, time: 0 })}`;
  if (c.skipped) return `${head}>\n    <skipped${attrs({ message: c.skipped.reason })}/>\n  </testcase>`;
  if (c.ok || !c.strict) return `${head}/>`;
  return `${head}>\n    <failure${attrs({ message: c.message || `${c.name} failed`, type: c.kind })}>${escapeXml(details(c))}</failure>\n  </testcase>`;
}

function drillErrorCase(report: Report, suite: string): string | undefined {
  if (report.verdict !== 'aborted' && report.verdict !== 'error') return undefined;
  const message = headline(report);
  return `  <testcase${attrs({ name: 'drill ran to completion', classname: `firedrill.${suite}.drill`, time: 0 })}>\n    <error${attrs({ message, type: report.verdict })}>${escapeXml(message)}</error>\n  </testcase>`;
}

function warnings(report: Report): string {
  const failed = report.checks.filter((c) => !c.ok && !c.strict);
  return failed.map((c) => `WARNING (optional check failed): ${c.name}\n${details(c)}`).join('\n\n');
}

export function renderJunit(report: Report): string {
  const suite = report.experiment.name;
  const cases = report.checks.map((c) => testcase(c, suite));
  const errorCase = drillErrorCase(report, suite);
  if (errorCase) cases.push(errorCase);
  const skipped = report.checks.filter((c) => c.skipped).length;
  const suiteAttrs = {
    name: suite,
    tests: cases.length,
    failures: report.checks.filter((c) => !c.ok && c.strict).length,
    errors: errorCase ? 1 : 0,
    ...(skipped > 0 ? { skipped } : {}),
    time: Math.max(0, (epochMs(report.endedAt) - epochMs(report.startedAt)) / 1000),
    // The Ant schema's timestamp is an ISO 8601 date-time without a zone (it is UTC).
    timestamp: report.startedAt.replace(/(\.\d+)?Z$/, ''),
    hostname: report.environment.name,
  };
  const properties = Object.entries({ runId: report.runId, environment: report.environment.name, verdict: report.verdict, exitCode: String(report.exitCode), k6: report.k6.version });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite${attrs(suiteAttrs)}>`,
    '  <properties>',
    ...properties.map(([name, value]) => `    <property${attrs({ name, value })}/>`),
    '  </properties>',
    ...cases,
    `  <system-out>${escapeXml(warnings(report))}</system-out>`,
    '  <system-err></system-err>',
    '</testsuite>',
    '',
  ].join('\n');
}
