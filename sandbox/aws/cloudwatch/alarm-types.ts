// The shapes of a CloudWatch metric alarm as the sandbox keeps it. Field names follow the API (PascalCase) so that
// DescribeAlarms can return a stored alarm without renaming, and a snapshot reads like an AWS response.
import type { Dimension, Statistic } from './types.ts';

export type AlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
export const ALARM_STATES: readonly AlarmState[] = ['INSUFFICIENT_DATA', 'ALARM', 'OK'];

export type ComparisonOperator =
  | 'GreaterThanOrEqualToThreshold'
  | 'GreaterThanThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';
export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
];

export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';
export const TREAT_MISSING_DATA: readonly TreatMissingData[] = ['breaching', 'notBreaching', 'ignore', 'missing'];

export type SimpleStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';
export const SIMPLE_STATISTICS: readonly SimpleStatistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

/** What PutMetricAlarm stores: the configuration, validated. Optional fields stay absent when not given, as AWS omits them. */
export interface MetricAlarmConfig {
  AlarmName: string;
  AlarmDescription?: string;
  ActionsEnabled: boolean;
  OKActions: string[];
  AlarmActions: string[];
  InsufficientDataActions: string[];
  MetricName: string;
  Namespace: string;
  Statistic?: SimpleStatistic;
  ExtendedStatistic?: string;
  Dimensions: Dimension[];
  Period: number;
  Unit?: string;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: ComparisonOperator;
  TreatMissingData?: TreatMissingData;
  EvaluateLowSampleCountPercentile?: string;
}

/** A stored alarm: configuration plus state. Timestamps are epoch ms here and become Dates on the way out. */
export interface MetricAlarmRecord extends MetricAlarmConfig {
  AlarmArn: string;
  AlarmConfigurationUpdatedTimestamp: number;
  StateValue: AlarmState;
  StateReason: string;
  /** A JSON string, exactly as DescribeAlarms returns it. */
  StateReasonData?: string;
  StateUpdatedTimestamp: number;
  StateTransitionedTimestamp: number;
}

/** The statistic an alarm evaluates, whichever of Statistic / ExtendedStatistic was given. */
export function alarmStatistic(alarm: MetricAlarmConfig): Statistic {
  return (alarm.Statistic ?? alarm.ExtendedStatistic) as Statistic;
}

/** M of N: DatapointsToAlarm defaults to EvaluationPeriods. */
export function datapointsToAlarm(alarm: MetricAlarmConfig): number {
  return alarm.DatapointsToAlarm ?? alarm.EvaluationPeriods;
}

export function treatMissingData(alarm: MetricAlarmConfig): TreatMissingData {
  return alarm.TreatMissingData ?? 'missing';
}
