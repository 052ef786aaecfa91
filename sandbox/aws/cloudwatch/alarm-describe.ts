// DescribeAlarms and DescribeAlarmsForMetric: filters, name-ordered pagination, and the MetricAlarm output shape.
import type { AlarmStore } from './alarm-store.ts';
import { ALARM_STATES, SIMPLE_STATISTICS, type AlarmState, type MetricAlarmRecord } from './alarm-types.ts';
import { readBoundedInteger, readStringList, readValidatedEnum } from './alarm-input.ts';
import { invalidCombination, invalidValue, readDimensions, readEnum, readInteger, readNamespace, readString, readUnit, type Input } from './metric-fields.ts';
import { decodeToken, encodeToken, requestFingerprint } from './metric-pagination.ts';
import { metricKey } from './metric-store.ts';

const ALARM_TYPES = ['CompositeAlarm', 'MetricAlarm'] as const;
const DEFAULT_MAX_RECORDS = 50;

/** A stored alarm as DescribeAlarms returns it: timestamps as Dates (the wire layer turns them into epoch seconds). */
export function describeAlarm(alarm: MetricAlarmRecord): Record<string, unknown> {
  const { AlarmConfigurationUpdatedTimestamp, StateUpdatedTimestamp, StateTransitionedTimestamp, ...rest } = alarm;
  return {
    ...structuredClone(rest),
    AlarmConfigurationUpdatedTimestamp: new Date(AlarmConfigurationUpdatedTimestamp),
    StateUpdatedTimestamp: new Date(StateUpdatedTimestamp),
    StateTransitionedTimestamp: new Date(StateTransitionedTimestamp),
  };
}

interface AlarmFilter {
  names?: Set<string>;
  prefix?: string;
  state?: AlarmState;
  actionPrefix?: string;
  /** False when AlarmTypes excludes MetricAlarm, or a composite-only filter makes metric alarms irrelevant. */
  metricAlarms: boolean;
}

function readFilter(input: Input): AlarmFilter {
  const names = readStringList(input, 'AlarmNames', 100, 255);
  const prefix = readString(input, 'AlarmNamePrefix', 'AlarmNamePrefix');
  if (names.length > 0 && prefix !== undefined) {
    throw invalidCombination('The parameters AlarmNames and AlarmNamePrefix are mutually exclusive; give one of them.');
  }
  const types = readStringList(input, 'AlarmTypes', 2, 255);
  for (const type of types) {
    if (!(ALARM_TYPES as readonly string[]).includes(type)) throw invalidValue(`AlarmTypes: ${type} is not an alarm type; use CompositeAlarm or MetricAlarm.`);
  }
  // ChildrenOfAlarmName / ParentsOfAlarmName relate to composite alarms, which the sandbox does not have: nothing matches.
  const compositeOnly =
    readString(input, 'ChildrenOfAlarmName', 'ChildrenOfAlarmName') !== undefined ||
    readString(input, 'ParentsOfAlarmName', 'ParentsOfAlarmName') !== undefined;
  const state = readValidatedEnum(input, 'StateValue', ALARM_STATES);
  const actionPrefix = readString(input, 'ActionPrefix', 'ActionPrefix', { maxLength: 1024 });
  return {
    ...(names.length > 0 ? { names: new Set(names) } : {}),
    ...(prefix !== undefined ? { prefix } : {}),
    ...(state !== undefined ? { state } : {}),
    ...(actionPrefix !== undefined ? { actionPrefix } : {}),
    metricAlarms: !compositeOnly && (types.length === 0 || types.includes('MetricAlarm')),
  };
}

function matches(alarm: MetricAlarmRecord, filter: AlarmFilter): boolean {
  if (filter.names && !filter.names.has(alarm.AlarmName)) return false;
  if (filter.prefix !== undefined && !alarm.AlarmName.startsWith(filter.prefix)) return false;
  if (filter.state !== undefined && alarm.StateValue !== filter.state) return false;
  if (filter.actionPrefix !== undefined) {
    const prefix = filter.actionPrefix;
    const actions = [...alarm.OKActions, ...alarm.AlarmActions, ...alarm.InsufficientDataActions];
    if (!actions.some((action) => action.startsWith(prefix))) return false;
  }
  return true;
}

export function describeAlarms(store: AlarmStore, input: Input): Record<string, unknown> {
  const filter = readFilter(input);
  const maxRecords = readBoundedInteger(input, 'MaxRecords', 1, 100) ?? DEFAULT_MAX_RECORDS;
  // A token belongs to one set of filters; MaxRecords may change between pages.
  const { NextToken: token, MaxRecords: _max, ...filterInput } = input;
  const fingerprint = requestFingerprint(['DescribeAlarms', filterInput]);
  const nextToken = readString(input, 'NextToken', 'NextToken', { maxLength: 1024 });
  const after = nextToken === undefined ? undefined : String(decodeToken(nextToken, fingerprint).after);
  const matching = filter.metricAlarms ? store.list().filter((alarm) => matches(alarm, filter)) : [];
  const startAt = after === undefined ? 0 : matching.findIndex((alarm) => alarm.AlarmName > after);
  const page = startAt < 0 ? [] : matching.slice(startAt, startAt + maxRecords);
  const last = page[page.length - 1];
  const more = startAt >= 0 && startAt + maxRecords < matching.length;
  return {
    MetricAlarms: page.map(describeAlarm),
    CompositeAlarms: [],
    ...(more && last ? { NextToken: encodeToken(fingerprint, { after: last.AlarmName }) } : {}),
  };
}

/** Alarms on one metric; Statistic, ExtendedStatistic, Period and Unit narrow the match when given. */
export function describeAlarmsForMetric(store: AlarmStore, input: Input): Record<string, unknown> {
  const key = metricKey({
    namespace: readNamespace(input, 'Namespace', 'Namespace', true) as string,
    metricName: readString(input, 'MetricName', 'MetricName', { required: true }) as string,
    dimensions: readDimensions(input, 'Dimensions', 'Dimensions'),
  });
  const statistic = readEnum(input, 'Statistic', 'Statistic', SIMPLE_STATISTICS);
  const extended = readString(input, 'ExtendedStatistic', 'ExtendedStatistic');
  const period = readInteger(input, 'Period', 'Period', { min: 1 });
  const unit = readUnit(input, 'Unit', 'Unit');
  const alarms = store.list().filter(
    (alarm) =>
      metricKey({ namespace: alarm.Namespace, metricName: alarm.MetricName, dimensions: alarm.Dimensions }) === key &&
      (statistic === undefined || alarm.Statistic === statistic) &&
      (extended === undefined || alarm.ExtendedStatistic === extended) &&
      (period === undefined || alarm.Period === period) &&
      (unit === undefined || alarm.Unit === unit),
  );
  return { MetricAlarms: alarms.map(describeAlarm) };
}
