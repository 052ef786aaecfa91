// The CloudWatch reads the orchestrator and preflight make: alarms, alarm history and metric series, every page.
// (The harness never writes to CloudWatch.)
import {
  DescribeAlarmHistoryCommand, DescribeAlarmsCommand, GetMetricDataCommand, type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { HarnessError } from '../errors.ts';
import type { AwsGate } from './call.ts';
import type { Sender } from './clients.ts';
import type { AwsCall } from './errors.ts';

export interface AlarmView {
  name: string;
  arn: string;
  state: string;
  stateReason: string;
  stateUpdatedAt: number;
  namespace?: string;
  metricName?: string;
}

export interface AlarmTransition {
  alarmName: string;
  at: number;
  summary: string;
  oldState?: string;
  newState?: string;
}

export interface MetricQuery {
  /** Starts with a lowercase letter (GetMetricData's rule). */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  /** Sum, Average, Maximum, p95, ... */
  stat: string;
  periodSeconds: number;
}

export interface MetricSeries {
  id: string;
  /** Oldest first. */
  points: Array<{ at: number; value: number }>;
}

const MAX_PAGES = 200;

export class CloudWatchAdapter {
  constructor(
    private readonly sender: Sender,
    private readonly gate: AwsGate,
    private readonly region: string,
  ) {}

  private call(operation: string, resource = '*'): AwsCall {
    return { service: 'cloudwatch', operation, resource };
  }

  private async pages<T extends { NextToken?: string }>(call: AwsCall, send: (token?: string) => Promise<unknown>, each: (page: T) => void): Promise<void> {
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const out = (await this.gate.read(call, () => send(token))) as T;
      each(out);
      token = out.NextToken;
      if (!token) return;
    }
    throw new HarnessError(`${call.service}:${call.operation} returned more than ${MAX_PAGES} pages`);
  }

  async describeAlarms(filter: { prefix?: string; names?: string[] }): Promise<AlarmView[]> {
    const alarms: AlarmView[] = [];
    const input = { AlarmTypes: ['MetricAlarm' as const], ...(filter.prefix ? { AlarmNamePrefix: filter.prefix } : {}), ...(filter.names ? { AlarmNames: filter.names } : {}) };
    await this.pages<{ MetricAlarms?: MetricAlarm[]; NextToken?: string }>(
      this.call('DescribeAlarms', `arn:aws:cloudwatch:${this.region}:*:alarm:${filter.prefix ?? ''}*`),
      (NextToken) => this.sender.send(new DescribeAlarmsCommand({ ...input, MaxRecords: 100, NextToken })),
      (page) => alarms.push(...(page.MetricAlarms ?? []).map(toAlarmView)),
    );
    return alarms;
  }

  /** State transitions in [start, end), oldest first; every alarm when `alarmName` is omitted. */
  async alarmHistory(start: Date, end: Date, alarmName?: string): Promise<AlarmTransition[]> {
    const items: AlarmTransition[] = [];
    const input = { HistoryItemType: 'StateUpdate' as const, StartDate: start, EndDate: end, ScanBy: 'TimestampAscending' as const, MaxRecords: 100, ...(alarmName ? { AlarmName: alarmName } : {}) };
    await this.pages<{ AlarmHistoryItems?: Array<Record<string, unknown>>; NextToken?: string }>(
      this.call('DescribeAlarmHistory', `arn:aws:cloudwatch:${this.region}:*:alarm:${alarmName ?? '*'}`),
      (NextToken) => this.sender.send(new DescribeAlarmHistoryCommand({ ...input, NextToken })),
      (page) => items.push(...(page.AlarmHistoryItems ?? []).map(toTransition)),
    );
    return items.sort((a, b) => a.at - b.at);
  }

  async metricSeries(queries: MetricQuery[], start: Date, end: Date): Promise<MetricSeries[]> {
    const byId = new Map(queries.map((q) => [q.id, [] as Array<{ at: number; value: number }>]));
    const MetricDataQueries = queries.map((q) => ({
      Id: q.id,
      MetricStat: {
        Metric: { Namespace: q.namespace, MetricName: q.metricName, Dimensions: Object.entries(q.dimensions).map(([Name, Value]) => ({ Name, Value })) },
        Period: q.periodSeconds,
        Stat: q.stat,
      },
    }));
    type Page = { MetricDataResults?: Array<{ Id?: string; Timestamps?: Date[]; Values?: number[] }>; NextToken?: string };
    await this.pages<Page>(
      this.call('GetMetricData'),
      (NextToken) => this.sender.send(new GetMetricDataCommand({ MetricDataQueries, StartTime: start, EndTime: end, ScanBy: 'TimestampAscending', NextToken })),
      (page) => {
        for (const r of page.MetricDataResults ?? []) {
          const points = byId.get(r.Id ?? '');
          (r.Timestamps ?? []).forEach((t, i) => points?.push({ at: t.getTime(), value: r.Values?.[i] ?? Number.NaN }));
        }
      },
    );
    return [...byId].map(([id, points]) => ({ id, points: points.sort((a, b) => a.at - b.at) }));
  }
}

function toAlarmView(a: MetricAlarm): AlarmView {
  return {
    name: a.AlarmName ?? '',
    arn: a.AlarmArn ?? '',
    state: a.StateValue ?? '',
    stateReason: a.StateReason ?? '',
    stateUpdatedAt: a.StateUpdatedTimestamp?.getTime() ?? 0,
    ...(a.Namespace ? { namespace: a.Namespace } : {}),
    ...(a.MetricName ? { metricName: a.MetricName } : {}),
  };
}

function toTransition(item: Record<string, unknown>): AlarmTransition {
  let oldState: string | undefined;
  let newState: string | undefined;
  try {
    const data = JSON.parse(String(item.HistoryData ?? '{}')) as { oldState?: { stateValue?: string }; newState?: { stateValue?: string } };
    oldState = data.oldState?.stateValue;
    newState = data.newState?.stateValue;
  } catch {
    // HistoryData is documented as JSON; an unreadable one still leaves the summary
  }
  return {
    alarmName: String(item.AlarmName ?? ''),
    at: item.Timestamp instanceof Date ? item.Timestamp.getTime() : 0,
    summary: String(item.HistorySummary ?? ''),
    ...(oldState ? { oldState } : {}),
    ...(newState ? { newState } : {}),
  };
}
