// The alarm decision function against the CloudWatch user guide's missing-data tables (AlarmThatSendsEmail, "How alarm
// state is evaluated when data is missing"), row by row and for every TreatMissingData value. Notation as in the guide:
// oldest datapoint on the left, 0 within the threshold, X breaching, - missing; the evaluation range is 5 for N = 3.
import { describe, expect, it } from 'vitest';
import { breaches, decideAlarmState, evaluationRange, type Slot } from '../../../sandbox/aws/cloudwatch/alarm-decision.ts';
import type { TreatMissingData } from '../../../sandbox/aws/cloudwatch/alarm-types.ts';

type Expected = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' | 'retain';
interface Row {
  points: string;
  missing: Expected;
  ignore: Expected;
  breaching: Expected;
  notBreaching: Expected;
}

function slots(points: string): Slot[] {
  return points.split(' ').map((p) => (p === 'X' ? true : p === '0' ? false : null));
}

function decide(points: string, m: number, treatMissingData: TreatMissingData, n = 3) {
  return decideAlarmState({ slots: slots(points), evaluationPeriods: n, datapointsToAlarm: m, treatMissingData });
}

function expectRow(row: Row, m: number): void {
  for (const tmd of ['missing', 'ignore', 'breaching', 'notBreaching'] as const) {
    const state = decide(row.points, m, tmd).state;
    expect(state ?? 'retain', `${row.points} with TreatMissingData=${tmd}`).toBe(row[tmd]);
  }
}

// First table: Datapoints to Alarm 3, Evaluation Periods 3.
const threeOfThree: Row[] = [
  { points: '0 - X - X', missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' },
  { points: '0 - - - -', missing: 'OK', ignore: 'OK', breaching: 'OK', notBreaching: 'OK' },
  { points: '- - - - -', missing: 'INSUFFICIENT_DATA', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' },
  { points: '0 X X - X', missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' },
  { points: '- - X - -', missing: 'ALARM', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' },
];

// Second table: Datapoints to Alarm 2, Evaluation Periods 3 (2 out of 3).
const twoOfThree: Row[] = [
  { points: '0 - X - X', missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' },
  { points: '0 0 X 0 X', missing: 'ALARM', ignore: 'ALARM', breaching: 'ALARM', notBreaching: 'ALARM' },
  { points: '0 - X - -', missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' },
  { points: '- - - - 0', missing: 'OK', ignore: 'OK', breaching: 'ALARM', notBreaching: 'OK' },
  { points: '- - - X -', missing: 'ALARM', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' },
];

// Rows from earlier editions of the same page (2020-2022), which the current rules still have to satisfy.
const earlierThreeOfThree: Row[] = [
  { points: '- - - - X', missing: 'INSUFFICIENT_DATA', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' },
  { points: 'X - - - -', missing: 'ALARM', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' },
];
const earlierTwoOfThree: Row[] = [
  { points: '- - - - X', missing: 'INSUFFICIENT_DATA', ignore: 'retain', breaching: 'ALARM', notBreaching: 'OK' },
];

describe('user guide missing-data table, 3 out of 3', () => {
  it.each(threeOfThree)('$points', (row) => expectRow(row, 3));
  it.each(earlierThreeOfThree)('$points (earlier edition)', (row) => expectRow(row, 3));
});

describe('user guide missing-data table, 2 out of 3', () => {
  it.each(twoOfThree)('$points', (row) => expectRow(row, 2));
  it.each(earlierTwoOfThree)('$points (earlier edition)', (row) => expectRow(row, 2));
});

describe('premature alarm rule', () => {
  it('does not alarm on - - - - X or - - - X - with M = 3 (the next datapoint may be fine)', () => {
    expect(decide('- - - - X', 3, 'missing').state).toBe('INSUFFICIENT_DATA');
    expect(decide('- - - X -', 3, 'missing').state).toBe('INSUFFICIENT_DATA');
    expect(decide('- - - X -', 3, 'missing').basis).toBe('too-recent');
  });

  it('alarms once the oldest breaching datapoint is M periods old and nothing newer is within the threshold', () => {
    const decision = decide('- - X - -', 3, 'missing');
    expect(decision).toMatchObject({ state: 'ALARM', basis: 'premature', evaluated: [2] });
  });

  it('does not apply when a newer datapoint is within the threshold (- - X - 0 is OK)', () => {
    expect(decide('- - X - 0', 3, 'missing').state).toBe('OK');
  });

  it('applies to M of N as well, whatever M is', () => {
    expect(decide('- - - X X - -', 4, 'missing', 5).state).toBe('ALARM');
    expect(decide('- - - - - X X', 4, 'missing', 5).state).toBe('INSUFFICIENT_DATA');
  });
});

describe('M out of N with real datapoints', () => {
  it('counts breaching datapoints that are not consecutive', () => {
    expect(decide('0 X 0 X 0 X', 3, 'missing', 5).state).toBe('ALARM');
    expect(decide('X 0 X 0 0 X', 3, 'missing', 5).state).toBe('OK'); // the oldest X is outside the newest 5
  });

  it('uses the newest N real datapoints when some are missing but N exist', () => {
    const decision = decide('X X - 0 0', 2, 'breaching');
    expect(decision).toMatchObject({ state: 'OK', basis: 'real', evaluated: [4, 3, 1], filled: 0 });
  });

  it('fills only as many missing datapoints as needed to make up N', () => {
    expect(decide('- - - X X', 3, 'breaching')).toMatchObject({ state: 'ALARM', basis: 'filled', filled: 1 });
    expect(decide('- - - X X', 3, 'notBreaching')).toMatchObject({ state: 'OK', basis: 'filled', filled: 1 });
  });

  it('with missing, M real breaching datapoints alarm even when fewer than N exist', () => {
    expect(decide('- - - X X', 2, 'missing').state).toBe('ALARM');
  });
});

describe('threshold operators', () => {
  it.each([
    ['GreaterThanThreshold', 5, false],
    ['GreaterThanThreshold', 5.01, true],
    ['GreaterThanOrEqualToThreshold', 5, true],
    ['GreaterThanOrEqualToThreshold', 4.99, false],
    ['LessThanThreshold', 5, false],
    ['LessThanThreshold', 4.99, true],
    ['LessThanOrEqualToThreshold', 5, true],
    ['LessThanOrEqualToThreshold', 5.01, false],
  ] as const)('%s: %d against 5 -> %s', (operator, value, expected) => {
    expect(breaches(value, operator, 5)).toBe(expected);
  });
});

describe('evaluation range', () => {
  it('retrieves 5 datapoints for 3 evaluation periods, as in the user guide, and grows with N', () => {
    expect(evaluationRange(1)).toBe(3);
    expect(evaluationRange(3)).toBe(5);
    expect(evaluationRange(12)).toBe(16);
  });
});
