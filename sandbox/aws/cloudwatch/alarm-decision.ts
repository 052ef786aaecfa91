// The heart of alarm evaluation, as pure logic: given which datapoints of the evaluation range breach, are within the
// threshold or are missing, which state should the alarm be in? Follows the CloudWatch user guide, "How alarm state is
// evaluated when data is missing" and "Avoiding premature transitions to alarm state" (AlarmThatSendsEmail); the
// tables on that page are the unit-test vectors for this module.
import type { AlarmState, ComparisonOperator, TreatMissingData } from './alarm-types.ts';

/** One datapoint of the evaluation range: true breaches, false is within the threshold, null is missing. */
export type Slot = boolean | null;

export interface DecisionInput {
  /** The whole evaluation range, oldest first (the user guide writes it the same way: newest on the right). */
  slots: readonly Slot[];
  /** N */
  evaluationPeriods: number;
  /** M */
  datapointsToAlarm: number;
  treatMissingData: TreatMissingData;
}

/**
 * Why the state was chosen, so the state reason can say it the way AWS does:
 * - real: enough real datapoints (or enough breaching ones), TreatMissingData not needed;
 * - filled: fewer than N real datapoints, missing ones filled in as breaching / not breaching;
 * - no-data: every datapoint of the evaluation range is missing;
 * - premature: the premature-alarm rule fired (or, with `ignore`, would have);
 * - too-recent: only breaching datapoints, too few and too recent to alarm yet.
 */
export type DecisionBasis = 'real' | 'filled' | 'no-data' | 'premature' | 'too-recent';

export interface Decision {
  /** null means keep the current state (TreatMissingData `ignore`). */
  state: AlarmState | null;
  basis: DecisionBasis;
  /** Slot indexes of the real datapoints evaluated, newest first. */
  evaluated: number[];
  /** How many missing datapoints were filled in (treated as breaching or not breaching) to make up N. */
  filled: number;
}

export function breaches(value: number, operator: ComparisonOperator, threshold: number): boolean {
  switch (operator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= threshold;
    case 'GreaterThanThreshold':
      return value > threshold;
    case 'LessThanThreshold':
      return value < threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= threshold;
  }
}

/**
 * How many datapoints the evaluator retrieves for N evaluation periods. AWS says only that it is "a higher number of
 * data points than Evaluation Periods", depending on period and resolution; its one worked example retrieves 5 for N=3.
 * We keep at least two extra periods and let the margin grow with N (a third of N), so a long alarm tolerates a
 * proportionally longer gap before TreatMissingData matters.
 */
export function evaluationRange(evaluationPeriods: number): number {
  return evaluationPeriods + Math.max(2, Math.ceil(evaluationPeriods / 3));
}

export function decideAlarmState(input: DecisionInput): Decision {
  const { slots, evaluationPeriods: n, datapointsToAlarm: m } = input;
  const real: number[] = [];
  for (let i = slots.length - 1; i >= 0; i--) if (slots[i] !== null) real.push(i);

  if (real.length >= n) {
    // Enough real datapoints: the newest N decide, TreatMissingData is not consulted.
    const evaluated = real.slice(0, n);
    return { state: countBreaching(slots, evaluated) >= m ? 'ALARM' : 'OK', basis: 'real', evaluated, filled: 0 };
  }
  if (real.length === 0) return noData(input);

  const filled = n - real.length;
  const breaching = countBreaching(slots, real);
  switch (input.treatMissingData) {
    case 'breaching':
      return { state: breaching + filled >= m ? 'ALARM' : 'OK', basis: 'filled', evaluated: real, filled };
    case 'notBreaching':
      return { state: breaching >= m ? 'ALARM' : 'OK', basis: 'filled', evaluated: real, filled };
    case 'missing':
    case 'ignore':
      return fewRealPoints(input, real, breaching);
  }
}

function noData(input: DecisionInput): Decision {
  const n = input.evaluationPeriods;
  const state: Record<TreatMissingData, AlarmState | null> = {
    breaching: 'ALARM',
    notBreaching: 'OK',
    ignore: null,
    missing: 'INSUFFICIENT_DATA',
  };
  return { state: state[input.treatMissingData], basis: 'no-data', evaluated: [], filled: n };
}

/**
 * `missing` and `ignore` with some, but fewer than N, real datapoints: the real ones are evaluated on their own.
 * If they hold M breaching ones, ALARM; if any of them is within the threshold, OK (user guide rows `0 - - - -`,
 * `0 - X - -`, `- - - - 0`). If every real one breaches but there are fewer than M, the premature-alarm rule decides:
 * ALARM once the oldest breaching datapoint is at least M periods old (`- - X - -` with M=3, `- - - X -` with M=2),
 * otherwise not yet (`- - - - X`). With `ignore` those two cases keep the current state instead.
 */
function fewRealPoints(input: DecisionInput, real: number[], breaching: number): Decision {
  const ignore = input.treatMissingData === 'ignore';
  const m = input.datapointsToAlarm;
  if (breaching >= m) return { state: 'ALARM', basis: 'real', evaluated: real, filled: 0 };
  if (breaching < real.length) return { state: 'OK', basis: 'real', evaluated: real, filled: 0 };
  const oldestBreaching = real[real.length - 1] ?? 0;
  const age = input.slots.length - oldestBreaching; // the newest datapoint is 1 period old
  if (age >= m) return { state: ignore ? null : 'ALARM', basis: 'premature', evaluated: real, filled: 0 };
  return {
    state: ignore ? null : 'INSUFFICIENT_DATA',
    basis: 'too-recent',
    evaluated: real,
    filled: input.evaluationPeriods - real.length,
  };
}

function countBreaching(slots: readonly Slot[], indexes: readonly number[]): number {
  let count = 0;
  for (const i of indexes) if (slots[i] === true) count++;
  return count;
}
