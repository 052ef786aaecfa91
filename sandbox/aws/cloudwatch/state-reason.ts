// StateReason and StateReasonData the way CloudWatch writes them, so tools (and people) that parse real alarm reasons
// read the sandbox's too. Formats taken from recorded AWS responses (LocalStack snapshots, AWS docs examples):
//   Threshold Crossed: 1 datapoint [21.5 (15/05/25 15:29:00)] was greater than the threshold (21.0).
//   Threshold Crossed: 3 out of the last 3 datapoints [..] were greater than or equal to the threshold (7.0)
//     (minimum 3 datapoints for OK -> ALARM transition).
//   Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].
//   Insufficient Data: 1 datapoint was unknown.
// AWS uses the short form for alarms created without DatapointsToAlarm and the "out of the last N" form with it.
import { breaches, type Decision } from './alarm-decision.ts';
import type { AlarmState, ComparisonOperator, MetricAlarmConfig } from './alarm-types.ts';
import { datapointsToAlarm } from './alarm-types.ts';
import type { Datapoint } from './types.ts';

export const INITIAL_STATE_REASON = 'Unchecked: Initial alarm creation';
const MAX_STATE_REASON = 1023;

export interface EvaluationOutcome {
  alarm: MetricAlarmConfig;
  decision: Decision;
  /** The new state (the decision's, already resolved against the current state). */
  state: AlarmState;
  /** One entry per slot of the evaluation range, oldest first; null where no datapoint exists. */
  points: ReadonlyArray<Datapoint | null>;
  /** Epoch ms of the start of the first slot. */
  rangeStart: number;
  queryDate: number;
}

const OPERATOR_WORDS: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** Numbers as CloudWatch (Java) prints doubles: 21.0, 21.5, 1.0E7. */
export function formatReasonNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e7 || abs < 1e-3)) {
    const [mantissa = '0', exponent = '0'] = value.toExponential().split('e');
    return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
  }
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

/** dd/MM/yy HH:mm:ss in UTC, as in "21.5 (15/05/25 15:29:00)". */
export function formatReasonDate(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCFullYear() % 100)} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

/** 2022-11-08T11:26:05.399+0000, the timestamp form inside StateReasonData and HistoryData. */
export function formatReasonDataDate(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

function wasWere(count: number): string {
  return count === 1 ? 'was' : 'were';
}

export function stateReason(outcome: EvaluationOutcome): string {
  const { alarm, decision, state } = outcome;
  if (state === 'INSUFFICIENT_DATA') {
    const unknown = decision.basis === 'no-data' ? alarm.EvaluationPeriods : Math.max(decision.filled, 1);
    return `Insufficient Data: ${plural(unknown, 'datapoint')} ${wasWere(unknown)} unknown.`;
  }
  const wanted = state === 'ALARM';
  const listed = decision.evaluated.filter((i) => outcome.points[i] && breachFlag(outcome, i) === wanted);
  const treatedAs = alarm.TreatMissingData === 'notBreaching' ? 'NonBreaching' : 'Breaching';
  const fillClause = `${plural(decision.filled, 'missing datapoint')} ${wasWere(decision.filled)} treated as [${treatedAs}]`;
  if (listed.length === 0 && decision.filled > 0) {
    return `Threshold Crossed: no datapoints were received for ${plural(decision.filled, 'period')} and ${fillClause}.`;
  }
  const filledNote = decision.basis === 'filled' && decision.filled > 0 ? ` and ${fillClause}` : '';
  return fitReason(listed.length, (shown) => crossedReason(outcome, listed, shown, filledNote));
}

/** "Threshold Crossed: ..." listing the first `shown` of the `listed` datapoints (slot indexes, newest first). */
function crossedReason(outcome: EvaluationOutcome, listed: number[], shown: number, filledNote: string): string {
  const { alarm } = outcome;
  const wanted = outcome.state === 'ALARM';
  const list = listed
    .slice(0, shown)
    .map((i) => {
      const point = outcome.points[i] as Datapoint;
      return `${formatReasonNumber(point.value)} (${formatReasonDate(point.timestamp)})`;
    })
    .join(', ');
  const comparison = `${wanted ? '' : 'not '}${OPERATOR_WORDS[alarm.ComparisonOperator]} the threshold (${formatReasonNumber(alarm.Threshold)})`;
  if (alarm.DatapointsToAlarm === undefined) {
    return `Threshold Crossed: ${plural(listed.length, 'datapoint')} [${list}] ${wasWere(listed.length)} ${comparison}${filledNote}.`;
  }
  const n = alarm.EvaluationPeriods;
  const m = datapointsToAlarm(alarm);
  const minimum = wanted ? m : n - m + 1;
  const transition = wanted ? 'OK -> ALARM' : 'ALARM -> OK';
  return (
    `Threshold Crossed: ${listed.length} out of the last ${plural(n, 'datapoint')} [${list}] ${wasWere(listed.length)} ` +
    `${comparison}${filledNote} (minimum ${plural(minimum, 'datapoint')} for ${transition} transition).`
  );
}

/** StateReason is limited to 1023 characters: list fewer datapoints (newest kept) until it fits. */
function fitReason(count: number, render: (shown: number) => string): string {
  for (let shown = count; shown > 0; shown--) {
    const text = render(shown);
    if (text.length <= MAX_STATE_REASON) return text;
  }
  return render(0).slice(0, MAX_STATE_REASON);
}

function breachFlag(outcome: EvaluationOutcome, slot: number): boolean {
  const point = outcome.points[slot];
  return point ? breaches(point.value, outcome.alarm.ComparisonOperator, outcome.alarm.Threshold) : false;
}

/**
 * StateReasonData, a JSON string: {version, queryDate, startDate, unit, statistic, period, recentDatapoints, threshold,
 * evaluatedDatapoints}. recentDatapoints lists the real values evaluated, oldest first; evaluatedDatapoints lists every
 * datapoint the decision used, newest first, missing ones (filled in per TreatMissingData) with a timestamp only.
 */
export function stateReasonData(outcome: EvaluationOutcome): string {
  const { alarm, decision, points } = outcome;
  const periodMs = alarm.Period * 1000;
  const used = new Set(decision.evaluated);
  for (let i = points.length - 1, filled = 0; i >= 0 && filled < decision.filled; i--) {
    if (!points[i]) {
      used.add(i);
      filled++;
    }
  }
  const usedNewestFirst = [...used].sort((a, b) => b - a);
  const real = [...decision.evaluated].sort((a, b) => a - b).map((i) => points[i] as Datapoint);
  const data: Record<string, unknown> = {
    version: '1.0',
    queryDate: formatReasonDataDate(outcome.queryDate),
    ...(real[0] ? { startDate: formatReasonDataDate(real[0].timestamp) } : {}),
    ...(alarm.Unit ? { unit: alarm.Unit } : {}),
    ...(alarm.Statistic ? { statistic: alarm.Statistic } : { extendedStatistic: alarm.ExtendedStatistic }),
    period: alarm.Period,
    recentDatapoints: real.map((p) => p.value),
    threshold: alarm.Threshold,
    evaluatedDatapoints: usedNewestFirst.map((i) => {
      const point = points[i];
      const timestamp = formatReasonDataDate(point ? point.timestamp : outcome.rangeStart + i * periodMs);
      return point ? { timestamp, value: point.value } : { timestamp };
    }),
  };
  return JSON.stringify(data);
}
