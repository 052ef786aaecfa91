// PutMetricAlarm / SetAlarmState input validation: AWS's error codes and messages that name the field and the fix.
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../sandbox/aws/protocol.ts';
import { validatePutMetricAlarm, validateSetAlarmState } from '../../../sandbox/aws/cloudwatch/alarm-validation.ts';

const valid = {
  AlarmName: 'core-api-5xx',
  MetricName: 'HTTPCode_Target_5XX_Count',
  Namespace: 'AWS/ApplicationELB',
  Statistic: 'Sum',
  Period: 60,
  EvaluationPeriods: 3,
  Threshold: 10,
  ComparisonOperator: 'GreaterThanOrEqualToThreshold',
};

function awsError(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AwsError) return err;
    throw err;
  }
  throw new Error('expected an AwsError, nothing was thrown');
}

function rejects(input: Record<string, unknown>, code: string, message: RegExp): void {
  const err = awsError(() => validatePutMetricAlarm({ ...valid, ...input }));
  expect(err.code).toBe(code);
  expect(err.message).toMatch(message);
}

describe('validatePutMetricAlarm', () => {
  it('accepts a minimal alarm and fills AWS defaults, leaving optional fields absent', () => {
    const config = validatePutMetricAlarm(valid);
    expect(config).toEqual({ ...valid, ActionsEnabled: true, OKActions: [], AlarmActions: [], InsufficientDataActions: [], Dimensions: [] });
    expect(config).not.toHaveProperty('TreatMissingData');
    expect(config).not.toHaveProperty('DatapointsToAlarm');
  });

  it('keeps every optional field given', () => {
    const config = validatePutMetricAlarm({
      ...valid,
      Statistic: undefined,
      ExtendedStatistic: 'p99.9',
      AlarmDescription: 'pages on-call',
      Dimensions: [{ Name: 'LoadBalancer', Value: 'app/sandbox-alb/0000000000000000' }],
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      Unit: 'Count',
      AlarmActions: ['arn:aws:sns:us-east-1:000000000000:pager'],
      ActionsEnabled: false,
    });
    expect(config).toMatchObject({ ExtendedStatistic: 'p99.9', DatapointsToAlarm: 2, TreatMissingData: 'notBreaching', Unit: 'Count', ActionsEnabled: false });
    expect(config).not.toHaveProperty('Statistic');
  });

  it.each([10, 20, 30, 60, 300, 3600])('accepts Period %d', (Period) => {
    expect(validatePutMetricAlarm({ ...valid, Period, EvaluationPeriods: 1 }).Period).toBe(Period);
  });

  it.each([1, 5, 15, 45, 90])('rejects Period %d: only 10, 20, 30 or multiples of 60', (Period) => {
    rejects({ Period }, 'InvalidParameterValue', /Period must be 10, 20, 30 or a multiple of 60/);
  });

  it('rejects an evaluation interval longer than a day (seven for hourly periods)', () => {
    rejects({ Period: 600, EvaluationPeriods: 145 }, 'InvalidParameterValue', /must not exceed 86400 seconds/);
    expect(validatePutMetricAlarm({ ...valid, Period: 3600, EvaluationPeriods: 168 }).EvaluationPeriods).toBe(168);
  });

  it('requires exactly one of Statistic and ExtendedStatistic', () => {
    rejects({ ExtendedStatistic: 'p99' }, 'InvalidParameterCombination', /Exactly one of the parameters Statistic and ExtendedStatistic/);
    rejects({ Statistic: undefined }, 'InvalidParameterCombination', /Exactly one/);
  });

  it('rejects statistics it cannot evaluate', () => {
    rejects({ Statistic: 'Median' }, 'InvalidParameterValue', /Statistic must be a value in the set/);
    rejects({ Statistic: undefined, ExtendedStatistic: 'tm99' }, 'InvalidParameterValue', /ExtendedStatistic is not supported.*p95/);
  });

  it('checks EvaluationPeriods and DatapointsToAlarm', () => {
    rejects({ EvaluationPeriods: 0 }, 'InvalidParameterValue', /EvaluationPeriods/);
    rejects({ DatapointsToAlarm: 4 }, 'InvalidParameterValue', /DatapointsToAlarm \(4\) must be less than or equal to EvaluationPeriods \(3\)/);
  });

  it('checks ComparisonOperator and TreatMissingData', () => {
    rejects({ ComparisonOperator: 'Above' }, 'InvalidParameterValue', /ComparisonOperator must be a value in the set/);
    rejects({ ComparisonOperator: 'GreaterThanUpperThreshold' }, 'InvalidParameterValue', /anomaly detection band/);
    rejects({ ComparisonOperator: undefined }, 'MissingParameter', /ComparisonOperator is required/);
    rejects({ TreatMissingData: 'sometimes' }, 'InvalidParameterValue', /TreatMissingData is not valid; use one of breaching, notBreaching, ignore, missing/);
  });

  it('requires the metric and a finite threshold', () => {
    rejects({ AlarmName: undefined }, 'MissingParameter', /AlarmName is required/);
    rejects({ MetricName: undefined }, 'MissingParameter', /MetricName is required/);
    rejects({ Threshold: undefined }, 'MissingParameter', /Threshold is required/);
    rejects({ Threshold: 'NaN' }, 'InvalidParameterValue', /Threshold/);
  });

  it('rejects alarm kinds the sandbox cannot evaluate instead of storing a silent alarm', () => {
    rejects({ Metrics: [{ Id: 'm1', Expression: 'SUM(METRICS())' }] }, 'InvalidParameterValue', /Metric math alarms \(Metrics\) are not supported/);
    rejects({ EvaluationWindow: { WallClockWindow: {} } }, 'InvalidParameterValue', /WallClockWindow is not supported/);
  });

  it('rejects repeated dimension names', () => {
    const Dimensions = [
      { Name: 'Service', Value: 'a' },
      { Name: 'Service', Value: 'b' },
    ];
    rejects({ Dimensions }, 'InvalidParameterValue', /Dimensions.member.2.Name repeats the dimension name Service/);
  });
});

describe('validateSetAlarmState', () => {
  it('accepts a state, a reason and JSON reason data', () => {
    expect(validateSetAlarmState({ AlarmName: 'a', StateValue: 'ALARM', StateReason: 'drill', StateReasonData: '{"by":"firedrill"}' })).toEqual({
      alarmName: 'a',
      value: 'ALARM',
      reason: 'drill',
      reasonData: '{"by":"firedrill"}',
    });
  });

  it('words an invalid StateValue as AWS does (ValidationError)', () => {
    const err = awsError(() => validateSetAlarmState({ AlarmName: 'a', StateValue: 'INVALID', StateReason: 'x' }));
    expect(err.code).toBe('ValidationError');
    expect(err.message).toBe(
      "1 validation error detected: Value 'INVALID' at 'stateValue' failed to satisfy constraint: Member must satisfy enum value set: [INSUFFICIENT_DATA, ALARM, OK]",
    );
  });

  it('rejects StateReasonData that is not JSON with InvalidFormat', () => {
    const err = awsError(() => validateSetAlarmState({ AlarmName: 'a', StateValue: 'OK', StateReason: 'x', StateReasonData: '{nope' }));
    expect(err.code).toBe('InvalidFormat');
    expect(err.message).toMatch(/StateReasonData is not valid JSON/);
  });

  it('requires StateValue and StateReason', () => {
    expect(awsError(() => validateSetAlarmState({ AlarmName: 'a', StateReason: 'x' })).code).toBe('MissingParameter');
    expect(awsError(() => validateSetAlarmState({ AlarmName: 'a', StateValue: 'OK' })).message).toMatch(/StateReason is required/);
  });
});
