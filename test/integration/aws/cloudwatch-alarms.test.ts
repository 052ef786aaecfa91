// CloudWatch alarms through the real @aws-sdk/client-cloudwatch: alarms driven by real PutMetricData, their history,
// DescribeAlarms filters and pagination, SetAlarmState and typed errors. Against the sandbox a manual clock drives the
// evaluator (no waiting); with FIREDRILL_CONFORMANCE_ENDPOINT=aws the same assertions poll real CloudWatch.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  InvalidFormatFault,
  InvalidNextToken,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  MissingRequiredParameterException,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
  ResourceNotFound,
  SetAlarmStateCommand,
  type MetricAlarm,
  type PutMetricAlarmCommandInput,
  type StateValue,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudWatch, type SandboxCloudWatch } from '../../../sandbox/aws/cloudwatch/index.ts';
import { conformanceEndpoint, type ConformanceEndpoint } from '../../support/aws-endpoint.ts';

const PERIOD_MS = 10_000;
const run = randomUUID().slice(0, 8);
const namespace = `firedrill-test/${run}`;
const prefix = `fd-${run}-`;
const dimensions = [{ Name: 'Service', Value: 'core-api' }];

// The sandbox's clock: starts at real time (so the same timestamps are valid against AWS) and only moves when told.
let clockNow = Math.floor(Date.now() / PERIOD_MS) * PERIOD_MS;
const clock = () => clockNow;

let cloudwatch: SandboxCloudWatch;
let endpoint: ConformanceEndpoint;
let client: CloudWatchClient;
const created = new Set<string>();

beforeAll(async () => {
  cloudwatch = createCloudWatch({ clock, evaluate: false });
  endpoint = await conformanceEndpoint([cloudwatch.service], clock);
  client = new CloudWatchClient(endpoint.clientConfig);
});

afterAll(async () => {
  if (client && created.size > 0) await client.send(new DeleteAlarmsCommand({ AlarmNames: [...created] }));
  client?.destroy();
  cloudwatch?.evaluator.stop();
  await endpoint?.close();
});

async function putAlarm(name: string, overrides: Partial<PutMetricAlarmCommandInput> = {}): Promise<string> {
  const AlarmName = `${prefix}${name}`;
  await client.send(
    new PutMetricAlarmCommand({
      AlarmName,
      Namespace: namespace,
      MetricName: 'PoolWaitMs',
      Dimensions: dimensions,
      Statistic: 'Maximum',
      Period: 10,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      Threshold: 100,
      ComparisonOperator: 'GreaterThanThreshold',
      ...overrides,
    }),
  );
  created.add(AlarmName);
  return AlarmName;
}

async function describeOne(name: string): Promise<MetricAlarm> {
  const alarm = (await client.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms?.[0];
  if (!alarm) throw new Error(`alarm ${name} not found`);
  return alarm;
}

function now(): number {
  return endpoint.isSandbox ? clockNow : Date.now();
}

let lastPublishedEnd = 0;
/** Publishes one value per 10 s period, the last in the period that just ended, each period newer than any before. */
async function publish(values: number[]): Promise<void> {
  if (endpoint.isSandbox) clockNow = Math.max(clockNow, lastPublishedEnd + values.length * PERIOD_MS);
  const end = Math.floor(now() / PERIOD_MS) * PERIOD_MS;
  const MetricData = values.map((Value, i) => ({
    MetricName: 'PoolWaitMs',
    Dimensions: dimensions,
    Value,
    Unit: 'Milliseconds' as const,
    StorageResolution: 1,
    Timestamp: new Date(end - (values.length - i) * PERIOD_MS + 1000),
  }));
  await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData }));
  lastPublishedEnd = end;
}

/** Sandbox: advance the clock 10 s and evaluate, a bounded number of times. AWS: poll for up to five minutes. */
async function waitForState(name: string, state: StateValue): Promise<MetricAlarm> {
  if (endpoint.isSandbox) {
    for (let tick = 0; tick < 6; tick++) {
      clockNow += PERIOD_MS;
      cloudwatch.evaluator.evaluateAll(clockNow);
      const alarm = await describeOne(name);
      if (alarm.StateValue === state) return alarm;
    }
  } else {
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      const alarm = await describeOne(name);
      if (alarm.StateValue === state) return alarm;
      await sleep(5_000);
    }
  }
  throw new Error(`alarm ${name} did not reach ${state}; it is ${(await describeOne(name)).StateValue}`);
}

async function advance(ms: number): Promise<void> {
  if (endpoint.isSandbox) clockNow += ms;
  else await sleep(ms); // real AWS: history timestamps need real time between changes
}

describe('an alarm driven by PutMetricData', () => {
  it('moves INSUFFICIENT_DATA -> OK -> ALARM -> OK and records each transition in its history', async () => {
    const name = await putAlarm('pool-wait');
    expect(await describeOne(name)).toMatchObject({ StateValue: 'INSUFFICIENT_DATA', StateReason: 'Unchecked: Initial alarm creation' });

    await publish([5]);
    await waitForState(name, 'OK');
    await publish([450, 500]);
    const inAlarm = await waitForState(name, 'ALARM');
    expect(inAlarm.StateReason).toMatch(
      /^Threshold Crossed: 2 out of the last 2 datapoints \[500\.0 \(\d\d\/\d\d\/\d\d \d\d:\d\d:\d\d\), 450\.0 \([^)]+\)\] were greater than the threshold \(100\.0\) \(minimum 2 datapoints for OK -> ALARM transition\)\.$/,
    );
    const reasonData = JSON.parse(inAlarm.StateReasonData ?? '{}');
    expect(reasonData).toMatchObject({ version: '1.0', statistic: 'Maximum', period: 10, threshold: 100 });
    expect(reasonData.recentDatapoints).toEqual([450, 500]);
    expect(inAlarm.StateTransitionedTimestamp?.getTime()).toBe(inAlarm.StateUpdatedTimestamp?.getTime());

    await publish([5, 7]);
    await waitForState(name, 'OK');

    const history = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending' }));
    const items = history.AlarmHistoryItems ?? [];
    expect(items.map((i) => i.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
    const data = items.map((i) => JSON.parse(i.HistoryData ?? '{}'));
    expect(data.map((d) => [d.oldState.stateValue, d.newState.stateValue])).toEqual([
      ['INSUFFICIENT_DATA', 'OK'],
      ['OK', 'ALARM'],
      ['ALARM', 'OK'],
    ]);
    // Each transition starts from exactly the state the previous one left.
    expect(data[1].oldState.stateReason).toBe(data[0].newState.stateReason);
    expect(data[2].oldState).toEqual(data[1].newState);
    expect(data[1].newState.stateReason).toBe(inAlarm.StateReason);
    expect(items.every((i) => i.AlarmName === name && i.AlarmType === 'MetricAlarm' && i.Timestamp instanceof Date)).toBe(true);
    expect(items[1]?.Timestamp?.getTime()).toBe(inAlarm.StateTransitionedTimestamp?.getTime());
  });
});

describe('DescribeAlarms', () => {
  it('filters by name, prefix, state and type, and pages in name order', async () => {
    const names = await Promise.all(['list-c', 'list-a', 'list-e', 'list-b', 'list-d'].map((n) => putAlarm(n, { Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1 })));
    await client.send(new SetAlarmStateCommand({ AlarmName: `${prefix}list-b`, StateValue: 'ALARM', StateReason: 'filter test' }));

    const seen: string[] = [];
    let NextToken: string | undefined;
    for (let page = 0; page < 5; page++) {
      const out = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${prefix}list-`, MaxRecords: 2, NextToken }));
      expect(out.MetricAlarms?.length).toBeLessThanOrEqual(2);
      seen.push(...(out.MetricAlarms ?? []).map((a) => a.AlarmName ?? ''));
      NextToken = out.NextToken;
      if (!NextToken) break;
    }
    expect(seen).toEqual([...names].sort());

    const byName = await client.send(new DescribeAlarmsCommand({ AlarmNames: [`${prefix}list-a`, `${prefix}list-d`, `${prefix}absent`] }));
    expect(byName.MetricAlarms?.map((a) => a.AlarmName)).toEqual([`${prefix}list-a`, `${prefix}list-d`]);
    const inAlarm = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${prefix}list-`, StateValue: 'ALARM' }));
    expect(inAlarm.MetricAlarms?.map((a) => a.AlarmName)).toEqual([`${prefix}list-b`]);
    const composite = await client.send(new DescribeAlarmsCommand({ AlarmNamePrefix: `${prefix}list-`, AlarmTypes: ['CompositeAlarm'] }));
    expect(composite.MetricAlarms ?? []).toEqual([]);

    const alarm = byName.MetricAlarms?.[0];
    expect(alarm).toMatchObject({ Namespace: namespace, MetricName: 'PoolWaitMs', Dimensions: dimensions, Period: 60, EvaluationPeriods: 1, Threshold: 100, ActionsEnabled: true });
    expect(alarm?.AlarmArn).toMatch(new RegExp(`^arn:aws:cloudwatch:[a-z0-9-]+:\\d{12}:alarm:${prefix}list-a$`));
    expect(alarm?.AlarmConfigurationUpdatedTimestamp).toBeInstanceOf(Date);
  });

  it('rejects AlarmNames with AlarmNamePrefix, and a NextToken it did not issue', async () => {
    await expect(client.send(new DescribeAlarmsCommand({ AlarmNames: ['x'], AlarmNamePrefix: 'x' }))).rejects.toBeInstanceOf(InvalidParameterCombinationException);
    await expect(client.send(new DescribeAlarmsCommand({ NextToken: 'not-a-token' }))).rejects.toBeInstanceOf(InvalidNextToken);
  });
});

describe('DescribeAlarmHistory', () => {
  it('filters by type and date, scans both ways and pages with MaxRecords and NextToken', async () => {
    const name = await putAlarm('history', { Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    for (const StateValue of ['OK', 'ALARM', 'OK', 'ALARM'] as const) {
      await advance(1_000);
      await client.send(new SetAlarmStateCommand({ AlarmName: name, StateValue, StateReason: `set ${StateValue}` }));
    }
    const page1 = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending', MaxRecords: 3 }));
    expect(page1.AlarmHistoryItems?.map((i) => i.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
    expect(page1.NextToken).toBeTruthy();
    const page2 = await client.send(
      new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'StateUpdate', ScanBy: 'TimestampAscending', MaxRecords: 3, NextToken: page1.NextToken }),
    );
    expect(page2.AlarmHistoryItems?.map((i) => i.HistorySummary)).toEqual(['Alarm updated from OK to ALARM']);
    expect(page2.NextToken).toBeUndefined();

    const newest = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'StateUpdate', MaxRecords: 1 }));
    expect(newest.AlarmHistoryItems?.[0]?.HistorySummary).toBe('Alarm updated from OK to ALARM');
    expect(JSON.parse(newest.AlarmHistoryItems?.[0]?.HistoryData ?? '{}').newState).toEqual({ stateValue: 'ALARM', stateReason: 'set ALARM' });

    const config = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'ConfigurationUpdate' }));
    expect(config.AlarmHistoryItems?.map((i) => i.HistorySummary)).toEqual([`Alarm "${name}" created`]);

    const [, second, third] = page1.AlarmHistoryItems ?? [];
    const window = await client.send(
      new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'StateUpdate', StartDate: second?.Timestamp, EndDate: third?.Timestamp, ScanBy: 'TimestampAscending' }),
    );
    expect(window.AlarmHistoryItems?.map((i) => i.HistorySummary)).toEqual([second?.HistorySummary, third?.HistorySummary]);
  });

  it('rejects MaxRecords outside 1..100', async () => {
    const error = await client.send(new DescribeAlarmHistoryCommand({ MaxRecords: 0 })).catch((err: unknown) => err);
    expect(error).toMatchObject({ $metadata: { httpStatusCode: 400 } });
  });
});

describe('SetAlarmState and alarm changes', () => {
  it('sets state with reason data, keeps StateTransitionedTimestamp when the value does not change', async () => {
    const name = await putAlarm('set-state', { Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    await client.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'drill', StateReasonData: '{"fault":"small-pool"}' }));
    const first = await describeOne(name);
    expect(first).toMatchObject({ StateValue: 'ALARM', StateReason: 'drill', StateReasonData: '{"fault":"small-pool"}' });
    await advance(2_000);
    await client.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'still drilling' }));
    const second = await describeOne(name);
    expect(second.StateReason).toBe('still drilling');
    expect(second.StateTransitionedTimestamp?.getTime()).toBe(first.StateTransitionedTimestamp?.getTime());
  });

  it('keeps the state when the alarm is re-put and records the update', async () => {
    const name = await putAlarm('re-put', { Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    await client.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'before update' }));
    await putAlarm('re-put', { Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1, Threshold: 250 });
    expect(await describeOne(name)).toMatchObject({ Threshold: 250, StateValue: 'ALARM', StateReason: 'before update' });
    const history = await client.send(new DescribeAlarmHistoryCommand({ AlarmName: name, HistoryItemType: 'ConfigurationUpdate', ScanBy: 'TimestampAscending' }));
    expect(history.AlarmHistoryItems?.map((i) => i.HistorySummary)).toEqual([`Alarm "${name}" created`, `Alarm "${name}" updated`]);
  });

  it('deletes alarms, ignoring names that do not exist', async () => {
    const name = await putAlarm('to-delete', { Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    await client.send(new DeleteAlarmsCommand({ AlarmNames: [name, `${prefix}never-created`] }));
    created.delete(name);
    expect((await client.send(new DescribeAlarmsCommand({ AlarmNames: [name] }))).MetricAlarms).toEqual([]);
  });
});

describe('errors raise the SDK typed exceptions', () => {
  it('SetAlarmState: unknown alarm, invalid state value, reason data that is not JSON', async () => {
    const missing = await client.send(new SetAlarmStateCommand({ AlarmName: `${prefix}absent`, StateValue: 'OK', StateReason: 'x' })).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(ResourceNotFound);
    expect(missing).toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const name = await putAlarm('errors', { Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1 });
    const badState = await client.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'INVALID' as StateValue, StateReason: 'x' })).catch((e: unknown) => e);
    expect(badState).toMatchObject({ name: 'ValidationException', $metadata: { httpStatusCode: 400 } });
    expect(String((badState as Error).message)).toContain("Value 'INVALID' at 'stateValue' failed to satisfy constraint");
    await expect(client.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'OK', StateReason: 'x', StateReasonData: '{nope' }))).rejects.toBeInstanceOf(InvalidFormatFault);
  });

  it('PutMetricAlarm: invalid period, both statistics, missing threshold', async () => {
    await expect(putAlarm('bad-period', { Period: 45 })).rejects.toBeInstanceOf(InvalidParameterValueException);
    await expect(putAlarm('two-stats', { ExtendedStatistic: 'p99' })).rejects.toBeInstanceOf(InvalidParameterCombinationException);
    await expect(putAlarm('no-threshold', { Threshold: undefined })).rejects.toBeInstanceOf(MissingRequiredParameterException);
  });
});
