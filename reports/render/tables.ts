// The report's tables as rows of cells, in the words of a health report: criterion, target, actual, PASS/FAIL.
import { clockAndOffset, formatDeltaPct, formatDuration, formatMs, formatRatio, formatRps, formatValue, statUnit } from '../format.ts';
import type { BaselineComparison, CapacityTable, Report, ReportAlarm } from '../model.ts';
import type { Cell, Table } from './document.ts';

const PASS: Cell = { text: 'PASS', tone: 'pass' };
const FAIL: Cell = { text: 'FAIL', tone: 'fail' };
const WARN: Cell = { text: 'WARN', tone: 'warn' };
const SKIP: Cell = { text: 'SKIP', tone: 'skip' };
const NONE = '—';

/** Failing strict expectations fail; failing optional ones warn; what depends on a skipped fault was not judged. */
const result = (ok: boolean, strict: boolean, skipped = false): Cell => (skipped ? SKIP : ok ? PASS : strict ? FAIL : WARN);

/** "12:00:58Z (+58s)": clock time and offset from the load start. */
function when(report: Report, time: string | null): string {
  return time === null ? NONE : clockAndOffset(time, report.load.start);
}

const versus = (seconds: number | null, target: number | null): string =>
  seconds === null ? NONE : `${formatDuration(seconds)}${target !== null ? ` (target ${formatDuration(target)})` : ''}`;

export function criteriaTable(report: Report): Table {
  return {
    columns: ['Criterion', 'Target', 'Actual', 'Result'],
    rows: report.checks.map((c) => [`${c.name}${c.strict ? '' : ' (optional)'}`, c.expected, c.observed, result(c.ok, c.strict, c.skipped !== undefined)]),
  };
}

function expectationText(a: ReportAlarm): string {
  if (a.expectation === 'quiet') return 'stays quiet';
  if (a.expectation === 'unexpected') return 'not expected';
  const fires = a.alarmTargetSeconds !== null ? `fires within ${formatDuration(a.alarmTargetSeconds)}${a.after ? ` of ${a.after}` : ''}` : 'fires';
  return a.recoverTargetSeconds !== null ? `${fires}, recovers within ${formatDuration(a.recoverTargetSeconds)}` : fires;
}

export function alarmTable(report: Report): Table {
  const skipped = new Set(report.faults.filter((f) => f.skipped).map((f) => f.id));
  return {
    columns: ['Alarm', 'Expectation', 'First ALARM', 'Time to alarm', 'OK again', 'Time to recover', 'Result'],
    rows: report.alarms.map((a) => [
      a.exists ? a.name : `${a.name} (missing)`,
      expectationText(a),
      when(report, a.firstAlarmAt),
      versus(a.timeToAlarmSeconds, a.alarmTargetSeconds),
      when(report, a.okAt),
      versus(a.timeToRecoverSeconds, a.recoverTargetSeconds),
      result(a.ok, a.strict, a.expectation === 'fires' && a.after !== null && skipped.has(a.after)),
    ]),
  };
}

export function sloTable(report: Report): Table {
  return {
    columns: ['Phase', 'Class', 'Stat', 'Threshold', 'Observed', 'Samples', 'Result'],
    rows: report.slos.map((s) => {
      const unit = statUnit(s.stat);
      return [s.phase, s.category, s.stat, `${s.stat === 'rps' ? '>=' : '<='} ${formatValue(unit, s.threshold)}`, formatValue(unit, s.observed), String(s.samples), result(s.ok, s.strict)];
    }),
  };
}

export function loadTable(report: Report): Table {
  const figures = (name: string, f: Report['load']['byCategory'][string]): Cell[] => [
    name,
    String(f.requests),
    formatRps(f.rps),
    formatRatio(f.errorRate),
    ...[f.minMs, f.p50Ms, f.p95Ms, f.p99Ms, f.maxMs].map(formatMs),
  ];
  const rows = [figures('all', report.load), ...Object.entries(report.load.byCategory).map(([name, f]) => figures(name, f))];
  return { columns: ['Class', 'Requests', 'Rate', 'Error rate', 'min', 'p50', 'p95', 'p99', 'max'], rows };
}

export function faultTable(report: Report): Table {
  return {
    columns: ['Fault', 'Action', 'Planned', 'Injected', 'In effect', 'Restored', 'Held (planned)', 'Restore verified', 'Parameters'],
    rows: report.faults.map((f) => [
      f.id,
      f.action,
      when(report, f.plannedAt),
      f.skipped ? { text: `skipped by the operator at ${when(report, f.skipped.at)}: ${f.skipped.reason}`, tone: 'skip' } : when(report, f.injectedAt),
      when(report, f.effectiveAt),
      when(report, f.restoredAt),
      `${f.heldSeconds === null ? NONE : formatDuration(f.heldSeconds)} (${formatDuration(f.plannedHoldSeconds)})`,
      f.injectedAt === null ? NONE : f.restoreVerified ? PASS : FAIL,
      Object.keys(f.params).length === 0 ? NONE : JSON.stringify(f.params),
    ]),
  };
}

export function phaseTable(report: Report): Table {
  return {
    columns: ['Phase', 'Kind', 'Start', 'End', 'Duration'],
    rows: report.phases.map((p) => [p.name, p.kind, when(report, p.start), when(report, p.end), formatDuration(p.durationSeconds)]),
  };
}

export function baselineTable(b: BaselineComparison): Table {
  return {
    columns: ['Figure', 'Baseline', 'Now', 'Delta', 'Result'],
    rows: b.rows.map((r) => [
      r.name,
      formatValue(r.unit, r.previous),
      formatValue(r.unit, r.current),
      r.delta === null ? NONE : `${r.delta >= 0 ? '+' : '-'}${formatValue(r.unit, Math.abs(r.delta))} (${formatDeltaPct(r.deltaPct)})`,
      r.regression ? { text: 'REGRESSION', tone: b.failOnRegression ? 'fail' : 'warn' } : { text: r.previous === null ? 'new' : 'ok', tone: 'pass' },
    ]),
  };
}

export function capacityTable(c: CapacityTable): Table {
  // Utilisation percentages (0-100), unlike the error ratio: formatRatio takes them back to its scale.
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? NONE : formatRatio(v / 100));
  return {
    columns: ['Step', 'Target', 'Rate', 'p99', 'Error rate', 'CPU', 'Memory', 'Mark'],
    rows: c.steps.map((s, i) => [
      String(i + 1),
      String(s.target),
      formatRps(s.rps),
      formatMs(s.p99Ms),
      formatRatio(s.errorRate),
      pct(s.cpuPct),
      pct(s.memoryPct),
      i === c.failureStep ? { text: 'FAILS', tone: 'fail' } : i === c.degradationStep ? { text: 'DEGRADES', tone: 'warn' } : '',
    ]),
  };
}

export function transitionTable(report: Report): Table {
  const rows = report.alarms
    .flatMap((a) => a.transitions.map((t) => ({ a, t })))
    .sort((x, y) => x.t.at.localeCompare(y.t.at) || x.a.name.localeCompare(y.a.name))
    .map(({ a, t }): Cell[] => [when(report, t.at), a.name, `${t.from} -> ${t.to}`, t.reason]);
  return { columns: ['Time', 'Alarm', 'Change', 'Reason'], rows };
}
