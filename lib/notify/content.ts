// What a notification says, from report.json alone: the verdict, the facts of the run, the checks (failed first,
// capped), the expected alarms' times and where the report is. Channel renderers (Slack, SNS) only lay it out.
// A report holds no secret values, but it is about to leave the machine: every string is scrubbed again, by the
// report's rules and against every secret value this process has seen (the webhook URL, the drill's secrets).
import { formatDuration, formatMs, formatRatio, formatRps } from '../../reports/format.ts';
import type { Report, ReportAlarm, ReportCheck, Verdict } from '../../reports/model.ts';
import { scrubLive } from '../../reports/redact.ts';

export interface NotifyLimits {
  /** Check lines listed before "and N more". */
  checks: number;
  alarms: number;
  /** Characters of any one line (a check message can be long). */
  lineChars: number;
}

export const DEFAULT_LIMITS: NotifyLimits = { checks: 15, alarms: 10, lineChars: 300 };

/** As the console prints checks (lib/run/finish.ts): a failed optional check warns; `skip` was not judged. */
export type CheckMark = 'FAIL' | 'warn' | 'skip' | 'ok';

export interface CheckLine {
  mark: CheckMark;
  name: string;
  observed: string;
  expected: string;
}

export interface NotifyContent {
  verdict: Verdict;
  /** "firedrill PASS: pool-exhaustion on staging" */
  title: string;
  /** One sentence on the outcome. */
  headline: string;
  facts: Array<{ label: string; value: string }>;
  checks: CheckLine[];
  /** Checks left out of `checks` by the limit. */
  moreChecks: number;
  alarms: string[];
  moreAlarms: number;
  runDir: string;
  reportUrl?: string;
}

const MARK_ORDER: Record<CheckMark, number> = { FAIL: 0, warn: 1, skip: 2, ok: 3 };

export const markOf = (c: Pick<ReportCheck, 'ok' | 'strict' | 'skipped'>): CheckMark => (c.skipped ? 'skip' : c.ok ? 'ok' : c.strict ? 'FAIL' : 'warn');

/** Failed strict checks, then warnings, then skipped ones, then passes; report order within each group. */
export function orderChecks(checks: ReportCheck[]): ReportCheck[] {
  return checks.map((c, i) => ({ c, i })).sort((a, b) => MARK_ORDER[markOf(a.c)] - MARK_ORDER[markOf(b.c)] || a.i - b.i).map((x) => x.c);
}

/** Free text on its way out: connection-string credentials and every secret value this process has seen removed. */
const scrub = scrubLive;

/** Scrubbed, on one line, at most `max` characters (code points, so an emoji is never cut in half). */
export function clean(text: string, max: number): string {
  const flat = scrub(text).replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length <= max ? flat : `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

export function buildContent(report: Report, where: { runDir: string; reportUrl?: string }, limits: NotifyLimits = DEFAULT_LIMITS): NotifyContent {
  const line = (text: string) => clean(text, limits.lineChars);
  const ordered = orderChecks(report.checks);
  const expected = report.alarms.filter((a) => a.expectation === 'fires');
  const skippedFaults = new Set(report.faults.filter((f) => f.skipped).map((f) => f.id));
  return {
    verdict: report.verdict,
    title: line(`firedrill ${report.verdict.toUpperCase()}: ${report.experiment.name} on ${report.environment.name}`),
    headline: line(headline(report)),
    facts: facts(report).map((f) => ({ label: f.label, value: line(f.value) })),
    checks: ordered.slice(0, limits.checks).map((c) => ({ mark: markOf(c), name: line(c.name), observed: line(c.observed), expected: line(c.expected) })),
    moreChecks: Math.max(0, ordered.length - limits.checks),
    alarms: expected.slice(0, limits.alarms).map((a) => line(a.after !== null && skippedFaults.has(a.after) ? `${a.name}: not judged (${a.after} was skipped)` : alarmLine(a))),
    moreAlarms: Math.max(0, expected.length - limits.alarms),
    runDir: line(where.runDir),
    ...(where.reportUrl ? { reportUrl: scrub(where.reportUrl) } : {}),
  };
}

function counts(report: Report): Record<CheckMark, number> {
  const out: Record<CheckMark, number> = { FAIL: 0, warn: 0, skip: 0, ok: 0 };
  for (const c of report.checks) out[markOf(c)]++;
  return out;
}

function headline(report: Report): string {
  const { FAIL: failed, warn: warnings } = counts(report);
  const warned = warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : '';
  switch (report.verdict) {
    case 'pass':
      return `Every strict check passed${warned}.`;
    case 'fail':
      return `${failed} strict check${failed === 1 ? '' : 's'} failed${warned}.`;
    case 'aborted':
      return `The drill was aborted${report.abortReason ? `: ${report.abortReason}` : ''}; every fault was restored.`;
    default:
      return `The drill did not complete${report.abortReason ? `: ${report.abortReason}` : ''}.`;
  }
}

function facts(report: Report): Array<{ label: string; value: string }> {
  const { FAIL: failed, warn: warnings, skip, ok } = counts(report);
  const seconds = (Date.parse(report.endedAt) - Date.parse(report.startedAt)) / 1000;
  const load = report.load;
  const list = [
    { label: 'Verdict', value: `${report.verdict.toUpperCase()} (exit ${report.exitCode})` },
    { label: 'Experiment', value: report.experiment.name },
    { label: 'Environment', value: `${report.environment.name}${report.environment.production ? ' (production)' : ''}` },
    { label: 'Run', value: report.runId },
    { label: 'Started', value: `${report.startedAt.slice(0, 19).replace('T', ' ')}Z, ran ${Number.isFinite(seconds) ? formatDuration(seconds) : 'n/a'}` },
    { label: 'Checks', value: `${ok} ok, ${warnings} warning${warnings === 1 ? '' : 's'}, ${failed} failed${skip > 0 ? `, ${skip} skipped` : ''}` },
    { label: 'Load', value: `${load.requests} requests, ${formatRps(load.rps)}, errors ${formatRatio(load.errorRate)}, p95 ${formatMs(load.p95Ms)}` },
  ];
  if (report.baseline) {
    const b = report.baseline;
    list.push({ label: 'Baseline', value: `${b.regressions} regression${b.regressions === 1 ? '' : 's'} against ${b.runId}` });
  }
  return list;
}

/** "pool-wait: ALARM 26s after small-pool (target 1m); OK 22s after the restore (target 1m)" */
export function alarmLine(a: ReportAlarm): string {
  const target = (s: number | null) => (s === null ? '' : ` (target ${formatDuration(s)})`);
  const fired = a.timeToAlarmSeconds === null
    ? `never reached ALARM${target(a.alarmTargetSeconds)}`
    : `ALARM ${formatDuration(a.timeToAlarmSeconds)} after ${a.after ?? 'the fault'}${target(a.alarmTargetSeconds)}`;
  if (a.timeToAlarmSeconds === null) return `${a.name}: ${fired}`;
  const recovered = a.timeToRecoverSeconds === null
    ? `not back to OK by the end${a.recoverTargetSeconds === null ? '' : target(a.recoverTargetSeconds)}`
    : `OK ${formatDuration(a.timeToRecoverSeconds)} after the restore${target(a.recoverTargetSeconds)}`;
  return `${a.name}: ${fired}; ${recovered}`;
}

/** The summary as plain text: the SNS message and Slack's notification fallback. */
export function plainText(content: NotifyContent): string {
  const lines = [content.title, content.headline, ''];
  for (const f of content.facts) lines.push(`${f.label}: ${f.value}`);
  lines.push('', 'Checks:');
  if (content.checks.length === 0) lines.push('  (no checks: the drill stopped before they could be judged)');
  for (const c of content.checks) lines.push(`  ${c.mark.padEnd(4)}  ${c.name}: ${c.observed} (expected ${c.expected})`);
  if (content.moreChecks > 0) lines.push(`  ... and ${content.moreChecks} more`);
  if (content.alarms.length > 0) {
    lines.push('', 'Alarms:');
    for (const a of content.alarms) lines.push(`  ${a}`);
    if (content.moreAlarms > 0) lines.push(`  ... and ${content.moreAlarms} more`);
  }
  lines.push('', `Report: ${content.runDir}`);
  if (content.reportUrl) lines.push(`        ${content.reportUrl}`);
  return `${lines.join('\n')}\n`;
}
