// The monthly regression run's core: this run against an earlier report.json. Every SLO figure and alarm timing gets
// its delta; a change beyond the tolerance is a regression, which can be set to fail the drill.
import { formatDeltaPct, round } from './format.ts';
import type { BaselineComparison, BaselineRow, BaselineTolerance, Report, ReportAlarm, ReportCheck, ReportFault, ReportSlo } from './model.ts';

export const DEFAULT_TOLERANCE: Readonly<BaselineTolerance> = {
  latencyPct: 20,
  timeToAlarmPct: 50,
  timeToRecoverPct: 50,
  errorRatePoints: 0.01,
  rpsPct: 20,
  // Below a few milliseconds, +20 % is scheduler noise on a laptop, not a regression anyone should act on.
  minLatencyDeltaMs: 5,
};

export interface BaselineOptions {
  tolerance?: Partial<BaselineTolerance>;
  /** A regression fails the drill (verdict fail, exit 1) instead of only being reported. */
  failOnRegression?: boolean;
}

type Direction = 'higher-is-worse' | 'lower-is-worse';

interface Rule {
  unit: BaselineRow['unit'];
  direction: Direction;
  /** Is `current` a regression from `previous`? Both present. */
  regressed(previous: number, current: number): boolean;
  limit: string;
}

function sloRule(stat: ReportSlo['stat'], t: BaselineTolerance): Rule {
  if (stat === 'errorRate') return { unit: 'ratio', direction: 'higher-is-worse', regressed: (p, c) => c - p > t.errorRatePoints, limit: `+${round(t.errorRatePoints * 100, 3)} points` };
  if (stat === 'rps') return { unit: 'req/s', direction: 'lower-is-worse', regressed: (p, c) => c < p * (1 - t.rpsPct / 100), limit: `-${t.rpsPct} %` };
  return {
    unit: 'ms',
    direction: 'higher-is-worse',
    regressed: (p, c) => c > p * (1 + t.latencyPct / 100) && c - p >= t.minLatencyDeltaMs,
    limit: `+${t.latencyPct} % (and at least ${t.minLatencyDeltaMs} ms)`,
  };
}

const timeRule = (pct: number): Rule => ({ unit: 's', direction: 'higher-is-worse', regressed: (p, c) => c > p * (1 + pct / 100), limit: `+${pct} %` });

function row(kind: BaselineRow['kind'], name: string, rule: Rule, previous: number | null, current: number | null): BaselineRow {
  const base = { kind, name, unit: rule.unit, previous, current };
  if (previous === null && current === null) return { ...base, delta: null, deltaPct: null, regression: false, note: 'not measured in either run' };
  if (previous === null) return { ...base, delta: null, deltaPct: null, regression: false, note: 'new: not measured in the baseline run' };
  if (current === null) return { ...base, delta: null, deltaPct: null, regression: true, note: 'measured in the baseline run, missing now' };
  const delta = round(current - previous, rule.unit === 'ratio' ? 6 : 3);
  const deltaPct = previous === 0 ? null : round((delta / previous) * 100, 1);
  const regression = rule.regressed(previous, current);
  const note = regression ? `regression: ${formatDeltaPct(deltaPct)} is beyond the tolerance (${rule.limit})` : `within tolerance (${rule.limit})`;
  return { ...base, delta, deltaPct, regression, note };
}

/** A figure this run could not measure because its fault was skipped: shown, never a regression. */
function skippedRow(r: BaselineRow, faultId: string | undefined): BaselineRow {
  return faultId === undefined || r.current !== null ? r : { ...r, regression: false, note: `not measured now: fault ${faultId} was skipped` };
}

/**
 * The phases a skipped fault takes away, each with that fault: its own, the recovery after it, and `recovery` when no
 * fault ran at all (which phases exist follows lib/run/actual-phases.ts).
 */
function skippedPhases(faults: readonly ReportFault[]): Map<string, string> {
  const skipped = faults.filter((f) => f.skipped);
  const phases = new Map(skipped.flatMap((f) => [[f.id, f.id], [`recovery-${f.id}`, f.id]] as Array<[string, string]>));
  const last = skipped.at(-1);
  if (last && faults.every((f) => f.injectedAt === null)) phases.set('recovery', last.id);
  return phases;
}

const sloKey = (s: Pick<ReportSlo, 'category' | 'phase' | 'stat'>) => `${s.category} ${s.phase} ${s.stat}`;

function sloRows(current: readonly ReportSlo[], previous: readonly ReportSlo[], t: BaselineTolerance, skipped: Map<string, string>): BaselineRow[] {
  const before = new Map(previous.map((s) => [sloKey(s), s]));
  const now = new Map(current.map((s) => [sloKey(s), s]));
  const keys = [...now.keys(), ...[...before.keys()].filter((k) => !now.has(k))];
  return keys.map((key) => {
    const c = now.get(key);
    const p = before.get(key);
    const { stat, phase } = (c ?? p)!;
    return skippedRow(row('slo', key, sloRule(stat, t), p?.observed ?? null, c?.observed ?? null), skipped.get(phase));
  });
}

function alarmRows(current: readonly ReportAlarm[], previous: readonly ReportAlarm[], t: BaselineTolerance, skipped: Map<string, string>): BaselineRow[] {
  const firing = (list: readonly ReportAlarm[]) => new Map(list.filter((a) => a.expectation === 'fires').map((a) => [a.name, a]));
  const before = firing(previous);
  const now = firing(current);
  const names = [...now.keys(), ...[...before.keys()].filter((n) => !now.has(n))];
  return names.flatMap((name) => {
    const c = now.get(name);
    const p = before.get(name);
    const rows = [row('alarm', `${name} time to alarm`, timeRule(t.timeToAlarmPct), p?.timeToAlarmSeconds ?? null, c?.timeToAlarmSeconds ?? null)];
    if (c?.recoverTargetSeconds != null || p?.recoverTargetSeconds != null) {
      rows.push(row('alarm', `${name} time to recover`, timeRule(t.timeToRecoverPct), p?.timeToRecoverSeconds ?? null, c?.timeToRecoverSeconds ?? null));
    }
    const after = c?.after ?? undefined;
    return rows.map((r) => skippedRow(r, after !== undefined && skipped.has(after) ? after : undefined));
  });
}

export function compareWithBaseline(current: Pick<Report, 'experiment' | 'slos' | 'alarms'> & { faults?: readonly ReportFault[] }, previous: Report, options: BaselineOptions = {}): BaselineComparison {
  const tolerance = { ...DEFAULT_TOLERANCE, ...options.tolerance };
  const skipped = skippedPhases(current.faults ?? []);
  const rows = [...sloRows(current.slos, previous.slos, tolerance, skipped), ...alarmRows(current.alarms, previous.alarms, tolerance, skipped)];
  return {
    runId: previous.runId,
    experiment: previous.experiment.name,
    startedAt: previous.startedAt,
    sameExperiment: previous.experiment.name === current.experiment.name,
    tolerance,
    failOnRegression: options.failOnRegression ?? false,
    regressions: rows.filter((r) => r.regression).length,
    rows,
  };
}

/** The comparison as a check: strict when regressions fail the drill, a warning otherwise. */
export function baselineCheck(comparison: BaselineComparison): ReportCheck {
  const regressed = comparison.rows.filter((r) => r.regression).map((r) => r.name);
  return {
    name: `no regression vs baseline run ${comparison.runId}`,
    kind: 'baseline-regression',
    ok: regressed.length === 0,
    strict: comparison.failOnRegression,
    observed: regressed.length === 0 ? `${comparison.rows.length} figures within tolerance` : `${regressed.length} regressed: ${regressed.join(', ')}`,
    expected: 'every SLO figure and alarm timing within tolerance of the baseline',
    message:
      regressed.length === 0
        ? 'Nothing got worse than the baseline run beyond the tolerance.'
        : `Compared with run ${comparison.runId}, ${regressed.join(', ')} got worse beyond the tolerance; look for what changed between the runs (deployments, data growth, alarm edits).`,
  };
}
