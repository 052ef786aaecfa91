// PutMetricAlarm and SetAlarmState input, checked before anything is stored. Constraints from botocore's cloudwatch
// service-2.json and the PutMetricAlarm API reference; the sandbox rejects, with a message that says so, the alarm kinds
// it cannot evaluate (metric math, anomaly detection, PromQL) rather than storing an alarm that would never change state.
import {
  COMPARISON_OPERATORS,
  SIMPLE_STATISTICS,
  TREAT_MISSING_DATA,
  ALARM_STATES,
  type AlarmState,
  type ComparisonOperator,
  type MetricAlarmConfig,
  type TreatMissingData,
} from './alarm-types.ts';
import { readStringList, readValidatedEnum } from './alarm-input.ts';
import {
  invalidCombination,
  invalidValue,
  isPresent,
  missingParameter,
  readBoolean,
  readDimensions,
  readDouble,
  readEnum,
  readInteger,
  readNamespace,
  readString,
  readUnit,
  type Input,
} from './metric-fields.ts';
import { AwsError } from '../protocol.ts';
import { parsePercentile } from './statistics.ts';

const ANOMALY_OPERATORS = ['LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold'];
const UNSUPPORTED_FIELDS: Record<string, string> = {
  Metrics: 'Metric math alarms (Metrics) are not supported by the sandbox; give MetricName, Namespace and Statistic instead.',
  ThresholdMetricId: 'Anomaly detection alarms (ThresholdMetricId) are not supported by the sandbox; use a static Threshold.',
  EvaluationCriteria: 'PromQL alarms (EvaluationCriteria) are not supported by the sandbox; use a metric alarm.',
  WarmUpConfiguration: 'WarmUpConfiguration is not supported by the sandbox; remove it.',
  EvaluationInterval: 'EvaluationInterval is not supported by the sandbox; remove it (10-30 s periods are evaluated every 10 s, longer ones every minute).',
};
const MAX_ACTIONS = 5;
const ONE_DAY_S = 24 * 3600;

export function validatePutMetricAlarm(input: Input): MetricAlarmConfig {
  rejectUnsupported(input);
  const statistic = readStatistic(input);
  const evaluation = readEvaluation(input);
  const config: MetricAlarmConfig = {
    AlarmName: readString(input, 'AlarmName', 'AlarmName', { required: true }) as string,
    ActionsEnabled: readBoolean(input, 'ActionsEnabled', 'ActionsEnabled') ?? true,
    OKActions: readStringList(input, 'OKActions', MAX_ACTIONS, 1024),
    AlarmActions: readStringList(input, 'AlarmActions', MAX_ACTIONS, 1024),
    InsufficientDataActions: readStringList(input, 'InsufficientDataActions', MAX_ACTIONS, 1024),
    MetricName: readString(input, 'MetricName', 'MetricName', { required: true }) as string,
    Namespace: readNamespace(input, 'Namespace', 'Namespace', true) as string,
    Dimensions: readDimensions(input, 'Dimensions', 'Dimensions'),
    ...evaluation,
    Threshold: readThreshold(input),
    ComparisonOperator: validOperator(input),
  };
  const description = input.AlarmDescription === '' ? '' : readString(input, 'AlarmDescription', 'AlarmDescription', { maxLength: 1024 });
  const unit = readUnit(input, 'Unit', 'Unit');
  const missing = validTreatMissingData(input);
  const lowSample = readEnum(input, 'EvaluateLowSampleCountPercentile', 'EvaluateLowSampleCountPercentile', ['evaluate', 'ignore']);
  return {
    ...config,
    ...statistic,
    ...(description !== undefined ? { AlarmDescription: description } : {}),
    ...(unit !== undefined ? { Unit: unit } : {}),
    ...(missing !== undefined ? { TreatMissingData: missing } : {}),
    ...(lowSample !== undefined ? { EvaluateLowSampleCountPercentile: lowSample } : {}),
  };
}

/** Exactly one of Statistic and ExtendedStatistic; extended ones must be percentiles, the only kind the store computes. */
function readStatistic(input: Input): Pick<MetricAlarmConfig, 'Statistic' | 'ExtendedStatistic'> {
  const statistic = readEnum(input, 'Statistic', 'Statistic', SIMPLE_STATISTICS);
  const extended = readString(input, 'ExtendedStatistic', 'ExtendedStatistic');
  if ((statistic === undefined) === (extended === undefined)) {
    throw invalidCombination('Exactly one of the parameters Statistic and ExtendedStatistic must be specified.');
  }
  if (statistic !== undefined) return { Statistic: statistic };
  if (parsePercentile(extended as string) === undefined) {
    throw invalidValue(`The value ${String(extended)} for parameter ExtendedStatistic is not supported: the sandbox evaluates percentiles p0 to p100 (e.g. p95, p99.9).`);
  }
  return { ExtendedStatistic: extended as string };
}

function readEvaluation(input: Input): Pick<MetricAlarmConfig, 'Period' | 'EvaluationPeriods' | 'DatapointsToAlarm'> {
  const evaluationPeriods = readInteger(input, 'EvaluationPeriods', 'EvaluationPeriods', { required: true, min: 1 }) as number;
  const datapoints = readInteger(input, 'DatapointsToAlarm', 'DatapointsToAlarm', { min: 1 });
  if (datapoints !== undefined && datapoints > evaluationPeriods) {
    throw invalidValue(`DatapointsToAlarm (${datapoints}) must be less than or equal to EvaluationPeriods (${evaluationPeriods}).`);
  }
  return {
    Period: validPeriod(input, evaluationPeriods),
    EvaluationPeriods: evaluationPeriods,
    ...(datapoints !== undefined ? { DatapointsToAlarm: datapoints } : {}),
  };
}

function rejectUnsupported(input: Input): void {
  for (const [field, message] of Object.entries(UNSUPPORTED_FIELDS)) {
    const value = input[field];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0)) throw invalidValue(message);
  }
  const window = input.EvaluationWindow as Record<string, unknown> | undefined;
  if (window && typeof window === 'object' && window.WallClockWindow !== undefined) {
    throw invalidValue('EvaluationWindow.WallClockWindow is not supported by the sandbox; use SlidingWindow (the default) or omit EvaluationWindow.');
  }
}

function validPeriod(input: Input, evaluationPeriods: number): number {
  const period = readInteger(input, 'Period', 'Period', { required: true, min: 1 }) as number;
  if (![10, 20, 30].includes(period) && period % 60 !== 0) {
    throw invalidValue(`The parameter Period must be 10, 20, 30 or a multiple of 60 seconds; got ${period}.`);
  }
  // Evaluation periods x period: at most one day, or seven days for periods of an hour or more.
  const limit = period >= 3600 ? 7 * ONE_DAY_S : ONE_DAY_S;
  if (period * evaluationPeriods > limit) {
    throw invalidValue(
      `Period (${period}) x EvaluationPeriods (${evaluationPeriods}) must not exceed ${limit} seconds ` +
        `(${limit / ONE_DAY_S} day${limit === ONE_DAY_S ? '' : 's'}); lower one of them.`,
    );
  }
  return period;
}

function validOperator(input: Input): ComparisonOperator {
  const value = input.ComparisonOperator;
  if (value === undefined || value === null) throw missingParameter('ComparisonOperator');
  if (typeof value === 'string' && ANOMALY_OPERATORS.includes(value)) {
    throw invalidValue(`ComparisonOperator ${value} needs an anomaly detection band, which the sandbox does not support; use one of ${COMPARISON_OPERATORS.join(', ')}.`);
  }
  return readEnum(input, 'ComparisonOperator', 'ComparisonOperator', COMPARISON_OPERATORS) as ComparisonOperator;
}

function readThreshold(input: Input): number {
  if (!isPresent(input.Threshold)) throw missingParameter('Threshold');
  return readDouble(input.Threshold, 'Threshold');
}

function validTreatMissingData(input: Input): TreatMissingData | undefined {
  const value = input.TreatMissingData;
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(TREAT_MISSING_DATA as readonly string[]).includes(value)) {
    throw invalidValue(`The value ${String(value)} for parameter TreatMissingData is not valid; use one of ${TREAT_MISSING_DATA.join(', ')}.`);
  }
  return value as TreatMissingData;
}

export interface SetAlarmStateInput {
  alarmName: string;
  value: AlarmState;
  reason: string;
  reasonData?: string;
}

export function validateSetAlarmState(input: Input): SetAlarmStateInput {
  const alarmName = readString(input, 'AlarmName', 'AlarmName', { required: true }) as string;
  if (!isPresent(input.StateValue)) throw missingParameter('StateValue');
  const value = readValidatedEnum(input, 'StateValue', ALARM_STATES) as AlarmState;
  const reason = readString(input, 'StateReason', 'StateReason', { required: true, maxLength: 1023 }) as string;
  const reasonData = readString(input, 'StateReasonData', 'StateReasonData', { maxLength: 4000 });
  if (reasonData !== undefined) {
    try {
      JSON.parse(reasonData);
    } catch {
      throw new AwsError('InvalidFormat', 'The StateReasonData is not valid JSON: pass a JSON document such as {"cause":"drill"}, or omit it.');
    }
  }
  return { alarmName, value, reason, ...(reasonData !== undefined ? { reasonData } : {}) };
}
