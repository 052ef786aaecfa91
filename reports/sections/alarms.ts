// Alarm rows: for each expected alarm, when it first reached ALARM after its fault took effect and when it was OK
// again after the restore; quiet alarms; and in-scope alarms that fired without being expected. `ok` follows the
// checks that judged the alarm when there are any, so the report never contradicts the verdict.
import type { AlarmEvidence, CheckResult, DrillEvidence } from '../../assertions/evidence.ts';
import type { AlarmExpectation } from '../../lib/experiment/model.ts';
import { iso, round } from '../format.ts';
import type { ReportAlarm, ReportTransition } from '../model.ts';
import { scrubText } from '../redact.ts';

const ALARM_CHECKS = new Set<string>(['alarm-fires', 'alarm-recovers', 'alarm-quiet', 'unexpected-alarm']);

/** The checks about one alarm: by `data.alarm` when the assertion set it, else by the name appearing as a word. */
export function checksAbout(checks: readonly CheckResult[], alarm: string): CheckResult[] {
  return checks.filter((c) => ALARM_CHECKS.has(c.kind) && (c.data?.alarm === alarm || ` ${c.name} `.includes(` ${alarm} `)));
}

/** When a fault was in effect: from the actual fault phase, else from the fault's own record. */
export function faultWindow(evidence: DrillEvidence, faultId: string | undefined): { startMs?: number; restoredMs?: number } {
  if (!faultId) return {};
  const phase = evidence.phases.find((p) => p.kind === 'fault' && p.faultId === faultId);
  const fault = evidence.faults.find((f) => f.id === faultId);
  return { startMs: phase?.startMs ?? fault?.effectiveAtMs ?? fault?.injectedAtMs, restoredMs: fault?.restoredAtMs ?? phase?.endMs };
}

const seconds = (ms: number) => round(ms / 1000, 3);
const transitions = (a: AlarmEvidence | undefined): ReportTransition[] =>
  [...(a?.transitions ?? [])].sort((x, y) => x.atMs - y.atMs).map((t) => ({ at: iso(t.atMs), from: t.from, to: t.to, reason: scrubText(t.reason) }));

interface Timing {
  firstAlarmMs?: number;
  okMs?: number;
}

/** First ALARM at or after `fromMs` (or, failing that, any ALARM: it fired before the fault), then the next OK. */
function timing(alarm: AlarmEvidence | undefined, fromMs: number | undefined): Timing {
  const list = [...(alarm?.transitions ?? [])].sort((x, y) => x.atMs - y.atMs);
  const first = list.find((t) => t.to === 'ALARM' && (fromMs === undefined || t.atMs >= fromMs)) ?? list.find((t) => t.to === 'ALARM');
  const ok = first ? list.find((t) => t.to === 'OK' && t.atMs > first.atMs) : undefined;
  return { firstAlarmMs: first?.atMs, okMs: ok?.atMs };
}

/** Timings as the judging checks measured them (their `data`), so the report and the verdict agree to the ms. */
function judgedTiming(judged: readonly CheckResult[], own: Timing): Timing {
  const number = (kind: string, key: string) => {
    const value = judged.find((c) => c.kind === kind)?.data?.[key];
    return typeof value === 'number' ? value : undefined;
  };
  return { firstAlarmMs: number('alarm-fires', 'alarmAtMs') ?? own.firstAlarmMs, okMs: number('alarm-recovers', 'okAtMs') ?? own.okMs };
}

function expectedRow(e: AlarmExpectation, evidence: DrillEvidence, checks: readonly CheckResult[]): ReportAlarm {
  const alarm = evidence.alarms.find((a) => a.name === e.name) ?? evidence.scopedAlarms.find((a) => a.name === e.name);
  const after = e.fires?.after;
  const { startMs, restoredMs } = faultWindow(evidence, after);
  const judged = checksAbout(checks, e.name);
  const t = judgedTiming(judged, timing(alarm, e.quiet ? undefined : startMs));
  // A recovery before the restore counts as immediate, as the recovers check counts it.
  const timeToRecover = t.okMs !== undefined && restoredMs !== undefined ? seconds(Math.max(0, t.okMs - restoredMs)) : null;
  const row: ReportAlarm = {
    name: e.name,
    expectation: e.quiet ? 'quiet' : 'fires',
    strict: e.strict,
    exists: alarm?.exists ?? false,
    ok: false,
    initialState: alarm?.initialState ?? null,
    after: after ?? null,
    firstAlarmAt: t.firstAlarmMs === undefined ? null : iso(t.firstAlarmMs),
    timeToAlarmSeconds: t.firstAlarmMs !== undefined && startMs !== undefined ? seconds(t.firstAlarmMs - startMs) : null,
    alarmTargetSeconds: e.fires ? seconds(e.fires.withinMs) : null,
    okAt: t.okMs === undefined ? null : iso(t.okMs),
    timeToRecoverSeconds: timeToRecover,
    recoverTargetSeconds: e.recovers ? seconds(e.recovers.withinMs) : null,
    transitions: transitions(alarm),
  };
  row.ok = judged.length > 0 ? judged.every((c) => c.ok) : ownJudgement(row);
  return row;
}

/** Used only when no check judged the alarm (e.g. an older run directory): the expectation read literally. */
function ownJudgement(row: ReportAlarm): boolean {
  if (!row.exists) return false;
  if (row.expectation === 'quiet') return row.firstAlarmAt === null;
  const fired = row.timeToAlarmSeconds !== null && row.timeToAlarmSeconds >= 0 && (row.alarmTargetSeconds === null || row.timeToAlarmSeconds <= row.alarmTargetSeconds);
  const recovered = row.recoverTargetSeconds === null || (row.timeToRecoverSeconds !== null && row.timeToRecoverSeconds <= row.recoverTargetSeconds);
  return fired && recovered;
}

function unexpectedRows(evidence: DrillEvidence, checks: readonly CheckResult[]): ReportAlarm[] {
  const scope = evidence.experiment.expect.unexpectedAlarms;
  if (!scope) return [];
  const expected = new Set(evidence.experiment.expect.alarms.map((a) => a.name));
  // Set off by the drill: a transition into ALARM after the load started (an alarm already in ALARM before was not).
  const fired = evidence.scopedAlarms
    .filter((a) => a.exists && !expected.has(a.name) && !scope.ignore.includes(a.name))
    .filter((a) => a.transitions.some((t) => t.to === 'ALARM' && t.atMs > evidence.loadStartMs && t.atMs <= evidence.endMs))
    .sort((a, b) => a.name.localeCompare(b.name));
  return fired.map((alarm) => {
    const t = timing(alarm, undefined);
    const judged = checksAbout(checks, alarm.name);
    return {
      name: alarm.name,
      expectation: 'unexpected' as const,
      strict: scope.severity === 'fail',
      exists: alarm.exists,
      ok: judged.length > 0 ? judged.every((c) => c.ok) : false,
      initialState: alarm.initialState ?? null,
      after: null,
      firstAlarmAt: t.firstAlarmMs === undefined ? null : iso(t.firstAlarmMs),
      timeToAlarmSeconds: null,
      alarmTargetSeconds: null,
      okAt: t.okMs === undefined ? null : iso(t.okMs),
      timeToRecoverSeconds: null,
      recoverTargetSeconds: null,
      transitions: transitions(alarm),
    };
  });
}

export function reportAlarms(evidence: DrillEvidence, checks: readonly CheckResult[]): ReportAlarm[] {
  return [...evidence.experiment.expect.alarms.map((e) => expectedRow(e, evidence, checks)), ...unexpectedRows(evidence, checks)];
}
