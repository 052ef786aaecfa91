// StateReason / StateReasonData text as CloudWatch writes it (formats from recorded AWS responses).
import { describe, expect, it } from 'vitest';
import { breaches, decideAlarmState } from '../../../sandbox/aws/cloudwatch/alarm-decision.ts';
import { datapointsToAlarm, type MetricAlarmConfig } from '../../../sandbox/aws/cloudwatch/alarm-types.ts';
import {
  formatReasonDataDate,
  formatReasonDate,
  formatReasonNumber,
  stateReason,
  stateReasonData,
  type EvaluationOutcome,
} from '../../../sandbox/aws/cloudwatch/state-reason.ts';

const T0 = Date.UTC(2025, 4, 15, 15, 25, 0); // 15/05/25 15:25:00

function alarm(overrides: Partial<MetricAlarmConfig> = {}): MetricAlarmConfig {
  return {
    AlarmName: 'latency',
    ActionsEnabled: true,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    MetricName: 'Latency',
    Namespace: 'CoreAPI',
    Statistic: 'Average',
    Dimensions: [],
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 21,
    ComparisonOperator: 'GreaterThanThreshold',
    ...overrides,
  };
}

/** Evaluate `values` (one per period from T0, oldest first; null = missing) and build the outcome the evaluator would. */
function outcome(config: MetricAlarmConfig, values: (number | null)[]): EvaluationOutcome {
  const periodMs = config.Period * 1000;
  const points = values.map((v, i) => (v === null ? null : { timestamp: T0 + i * periodMs, value: v }));
  const decision = decideAlarmState({
    slots: points.map((p) => (p ? breaches(p.value, config.ComparisonOperator, config.Threshold) : null)),
    evaluationPeriods: config.EvaluationPeriods,
    datapointsToAlarm: datapointsToAlarm(config),
    treatMissingData: config.TreatMissingData ?? 'missing',
  });
  if (!decision.state) throw new Error('test vector keeps the state');
  return { alarm: config, decision, state: decision.state, points, rangeStart: T0, queryDate: T0 + values.length * periodMs + 1234 };
}

describe('formatting of numbers and dates', () => {
  it('prints numbers as CloudWatch (Java doubles) does', () => {
    expect(formatReasonNumber(21)).toBe('21.0');
    expect(formatReasonNumber(21.5)).toBe('21.5');
    expect(formatReasonNumber(0)).toBe('0.0');
    expect(formatReasonNumber(-3)).toBe('-3.0');
    expect(formatReasonNumber(38.395433048854194)).toBe('38.395433048854194');
    expect(formatReasonNumber(1e7)).toBe('1.0E7');
    expect(formatReasonNumber(0.0001)).toBe('1.0E-4');
  });

  it('prints reason dates as dd/MM/yy HH:mm:ss UTC and reason-data dates as ISO with +0000', () => {
    expect(formatReasonDate(Date.UTC(2025, 4, 15, 15, 29, 0))).toBe('15/05/25 15:29:00');
    expect(formatReasonDate(Date.UTC(2021, 0, 2, 3, 4, 5))).toBe('02/01/21 03:04:05');
    expect(formatReasonDataDate(Date.UTC(2022, 10, 8, 11, 26, 5, 399))).toBe('2022-11-08T11:26:05.399+0000');
  });
});

describe('stateReason', () => {
  it('uses the short form without DatapointsToAlarm: one datapoint greater than the threshold', () => {
    expect(stateReason(outcome(alarm(), [null, null, 21.5]))).toBe(
      'Threshold Crossed: 1 datapoint [21.5 (15/05/25 15:27:00)] was greater than the threshold (21.0).',
    );
  });

  it('says "not" when going to OK, listing the datapoints within the threshold', () => {
    expect(stateReason(outcome(alarm({ EvaluationPeriods: 2 }), [null, 3, 1, 2]))).toBe(
      'Threshold Crossed: 2 datapoints [2.0 (15/05/25 15:28:00), 1.0 (15/05/25 15:27:00)] were not greater than the threshold (21.0).',
    );
  });

  it('uses "out of the last N" with the minimum for the transition when DatapointsToAlarm is set', () => {
    const config = alarm({ EvaluationPeriods: 3, DatapointsToAlarm: 2, ComparisonOperator: 'GreaterThanOrEqualToThreshold', Threshold: 7 });
    expect(stateReason(outcome(config, [null, null, 8, 1, 9]))).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [9.0 (15/05/25 15:29:00), 8.0 (15/05/25 15:27:00)] were greater than or ' +
        'equal to the threshold (7.0) (minimum 2 datapoints for OK -> ALARM transition).',
    );
    expect(stateReason(outcome(config, [null, null, 8, 1, 2]))).toBe(
      'Threshold Crossed: 2 out of the last 3 datapoints [2.0 (15/05/25 15:29:00), 1.0 (15/05/25 15:28:00)] were not greater than or ' +
        'equal to the threshold (7.0) (minimum 2 datapoints for ALARM -> OK transition).',
    );
  });

  it('words less-than operators', () => {
    const config = alarm({ ComparisonOperator: 'LessThanOrEqualToThreshold', Threshold: 1 });
    expect(stateReason(outcome(config, [null, null, 0.5]))).toBe(
      'Threshold Crossed: 1 datapoint [0.5 (15/05/25 15:27:00)] was less than or equal to the threshold (1.0).',
    );
  });

  it('reports missing datapoints treated as breaching or not breaching', () => {
    expect(stateReason(outcome(alarm({ EvaluationPeriods: 2, TreatMissingData: 'breaching' }), [null, null, null, null]))).toBe(
      'Threshold Crossed: no datapoints were received for 2 periods and 2 missing datapoints were treated as [Breaching].',
    );
    expect(stateReason(outcome(alarm({ TreatMissingData: 'notBreaching' }), [null, null, null]))).toBe(
      'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [NonBreaching].',
    );
  });

  it('mentions filled-in datapoints next to the real ones', () => {
    const config = alarm({ EvaluationPeriods: 3, TreatMissingData: 'breaching' });
    expect(stateReason(outcome(config, [null, null, null, 30, 40]))).toBe(
      'Threshold Crossed: 2 datapoints [40.0 (15/05/25 15:29:00), 30.0 (15/05/25 15:28:00)] were greater than the threshold (21.0) ' +
        'and 1 missing datapoint was treated as [Breaching].',
    );
  });

  it('reports INSUFFICIENT_DATA as unknown datapoints', () => {
    expect(stateReason(outcome(alarm({ EvaluationPeriods: 3 }), [null, null, null, null, null]))).toBe('Insufficient Data: 3 datapoints were unknown.');
    expect(stateReason(outcome(alarm(), [null, null, null]))).toBe('Insufficient Data: 1 datapoint was unknown.');
  });

  it('stays within 1023 characters by listing fewer datapoints, newest first', () => {
    const n = 100;
    const reason = stateReason(outcome(alarm({ EvaluationPeriods: n, Period: 10 }), Array.from({ length: n + 34 }, (_, i) => 1000 + i)));
    expect(reason.length).toBeLessThanOrEqual(1023);
    expect(reason).toMatch(/^Threshold Crossed: 100 datapoints \[1133\.0 \(15\/05\/25 15:47:10\), 1132\.0/);
    expect(reason.endsWith('] were greater than the threshold (21.0).')).toBe(true);
  });
});

describe('stateReasonData', () => {
  it('carries the evaluation: query and start dates, statistic, period, values and evaluated datapoints', () => {
    const config = alarm({ EvaluationPeriods: 2, Unit: 'Seconds' });
    const data = JSON.parse(stateReasonData(outcome(config, [null, 22, null, 23])));
    expect(data).toEqual({
      version: '1.0',
      queryDate: '2025-05-15T15:29:01.234+0000',
      startDate: '2025-05-15T15:26:00.000+0000',
      unit: 'Seconds',
      statistic: 'Average',
      period: 60,
      recentDatapoints: [22, 23],
      threshold: 21,
      evaluatedDatapoints: [
        { timestamp: '2025-05-15T15:28:00.000+0000', value: 23 },
        { timestamp: '2025-05-15T15:26:00.000+0000', value: 22 },
      ],
    });
  });

  it('lists filled-in datapoints with a timestamp only, and names an extended statistic', () => {
    const config = alarm({ Statistic: undefined, ExtendedStatistic: 'p99', EvaluationPeriods: 2, TreatMissingData: 'breaching' });
    const data = JSON.parse(stateReasonData(outcome(config, [null, null, null, null])));
    expect(data.extendedStatistic).toBe('p99');
    expect(data).not.toHaveProperty('statistic');
    expect(data).not.toHaveProperty('startDate');
    expect(data.recentDatapoints).toEqual([]);
    expect(data.evaluatedDatapoints).toEqual([{ timestamp: '2025-05-15T15:28:00.000+0000' }, { timestamp: '2025-05-15T15:27:00.000+0000' }]);
  });
});
