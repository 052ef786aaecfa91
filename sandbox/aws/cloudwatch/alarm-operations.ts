// The alarm half of the sandbox's CloudWatch API: PutMetricAlarm, DescribeAlarms, DescribeAlarmsForMetric,
// DeleteAlarms, SetAlarmState and DescribeAlarmHistory, as handlers for the JSON-protocol server.
import { AwsError, type Handler, type RequestContext } from '../protocol.ts';
import { describeAlarms, describeAlarmsForMetric } from './alarm-describe.ts';
import { constraintError, readBoundedInteger, readStringList, readValidatedEnum, resourceNotFound } from './alarm-input.ts';
import type { AlarmStore } from './alarm-store.ts';
import { validatePutMetricAlarm, validateSetAlarmState } from './alarm-validation.ts';
import type { HistoryItemType, HistoryPosition, ScanBy } from './history.ts';
import { invalidValue, missingParameter, readEnum, readString, readTimestamp, type Input } from './metric-fields.ts';
import { decodeToken, encodeToken, requestFingerprint } from './metric-pagination.ts';

/** Operations that change alarm state; the request log marks them so a dry run can be proven read-only. */
export const ALARM_MUTATING_OPERATIONS: readonly string[] = ['PutMetricAlarm', 'DeleteAlarms', 'SetAlarmState'];

// Every HistoryItemType the API accepts; the contributor ones belong to Metrics Insights alarms and never match here.
const HISTORY_ITEM_TYPES_ACCEPTED = ['ConfigurationUpdate', 'StateUpdate', 'Action', 'AlarmContributorStateUpdate', 'AlarmContributorAction'] as const;
const SCAN_BY = ['TimestampDescending', 'TimestampAscending'] as const;

export function alarmOperations(store: AlarmStore): Record<string, Handler> {
  return {
    PutMetricAlarm: (input, ctx) => putMetricAlarm(store, input, ctx),
    DescribeAlarms: (input) => describeAlarms(store, input),
    DescribeAlarmsForMetric: (input) => describeAlarmsForMetric(store, input),
    DeleteAlarms: (input, ctx) => deleteAlarms(store, input, ctx),
    SetAlarmState: (input, ctx) => setAlarmState(store, input, ctx),
    DescribeAlarmHistory: (input, ctx) => describeAlarmHistory(store, input, ctx),
  };
}

export function alarmArn(ctx: Pick<RequestContext, 'region' | 'accountId'>, name: string): string {
  return `arn:aws:cloudwatch:${ctx.region}:${ctx.accountId}:alarm:${name}`;
}

function putMetricAlarm(store: AlarmStore, input: Input, ctx: RequestContext): Record<string, never> {
  const config = validatePutMetricAlarm(input);
  store.put(config, alarmArn(ctx, config.AlarmName), ctx.now);
  return {};
}

/**
 * Unknown names are skipped without an error. The API reference: "If you specify any incorrect alarm names, the
 * alarms you specify with correct names are still deleted ... use DescribeAlarms ... to confirm", and CloudFormation's
 * maintainers report that deleting a missing alarm does not fail.
 */
function deleteAlarms(store: AlarmStore, input: Input, ctx: RequestContext): Record<string, never> {
  const names = readStringList(input, 'AlarmNames', 100, 255);
  if (names.length === 0) throw missingParameter('AlarmNames');
  store.delete(names, ctx.now);
  return {};
}

function setAlarmState(store: AlarmStore, input: Input, ctx: RequestContext): Record<string, never> {
  const request = validateSetAlarmState(input);
  if (!store.get(request.alarmName)) {
    throw resourceNotFound(`The alarm ${request.alarmName} does not exist; create it with PutMetricAlarm first.`);
  }
  store.setState(
    request.alarmName,
    { value: request.value, reason: request.reason, ...(request.reasonData !== undefined ? { reasonData: request.reasonData } : {}) },
    ctx.now,
  );
  return {};
}

function describeAlarmHistory(store: AlarmStore, input: Input, ctx: RequestContext): Record<string, unknown> {
  const alarmName = readString(input, 'AlarmName', 'AlarmName');
  const types = readStringList(input, 'AlarmTypes', 2, 255);
  const itemType = readValidatedEnum(input, 'HistoryItemType', HISTORY_ITEM_TYPES_ACCEPTED);
  const start = readTimestamp(input, 'StartDate', 'StartDate');
  const end = readTimestamp(input, 'EndDate', 'EndDate');
  if (start !== undefined && end !== undefined && start > end) {
    throw invalidValue('The parameter StartDate must be less than or equal to the parameter EndDate.');
  }
  const limit = readBoundedInteger(input, 'MaxRecords', 1, 100) ?? 100;
  const scanBy: ScanBy = readEnum(input, 'ScanBy', 'ScanBy', SCAN_BY) ?? 'TimestampDescending';
  // A token continues the scan it came from (same filters and ScanBy); MaxRecords may change between pages.
  const { NextToken: _token, MaxRecords: _max, ...scan } = input;
  const fingerprint = requestFingerprint(['DescribeAlarmHistory', scan]);
  const after = readHistoryToken(readString(input, 'NextToken', 'NextToken', { maxLength: 1024 }), fingerprint);
  if (types.some((t) => t !== 'MetricAlarm' && t !== 'CompositeAlarm')) {
    throw constraintError('AlarmTypes', `[${types.join(', ')}]`, 'Member must satisfy enum value set: [CompositeAlarm, MetricAlarm]');
  }
  const noMetricAlarms = (types.length > 0 && !types.includes('MetricAlarm')) || (itemType !== undefined && itemType.startsWith('AlarmContributor'));
  const page = noMetricAlarms
    ? { items: [] }
    : store.history.query(
        {
          ...(alarmName !== undefined ? { alarmName } : {}),
          ...(itemType !== undefined ? { itemType: itemType as HistoryItemType } : {}),
          ...(start !== undefined ? { start } : {}),
          ...(end !== undefined ? { end } : {}),
          ...(after ? { after } : {}),
          scanBy,
          limit,
        },
        ctx.now,
      );
  return {
    AlarmHistoryItems: page.items.map(({ seq: _seq, Timestamp, ...item }) => ({ ...item, Timestamp: new Date(Timestamp) })),
    ...('last' in page && page.last ? { NextToken: encodeToken(fingerprint, { ...page.last }) } : {}),
  };
}

function readHistoryToken(token: string | undefined, fingerprint: string): HistoryPosition | undefined {
  if (token === undefined) return undefined;
  const { timestamp, seq } = decodeToken(token, fingerprint);
  if (typeof timestamp !== 'number' || typeof seq !== 'number') {
    throw new AwsError('InvalidNextToken', 'The NextToken is not valid: pass the NextToken of the previous response unchanged.');
  }
  return { timestamp, seq };
}
