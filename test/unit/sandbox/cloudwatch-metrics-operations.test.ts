import { describe, expect, it } from 'vitest';
import { AwsError, type RequestContext } from '../../../sandbox/aws/protocol.ts';
import { MetricStore } from '../../../sandbox/aws/cloudwatch/metric-store.ts';
import { METRIC_MUTATING_OPERATIONS, metricOperations } from '../../../sandbox/aws/cloudwatch/metric-operations.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const s = (ms: number) => ms / 1000;

function setup() {
  const store = new MetricStore();
  const ops = metricOperations(store);
  const ctx: RequestContext = { requestId: 'r', now: T0 + 10 * 60_000, region: 'us-east-1', accountId: '000000000000' };
  const call = (op: string, input: Record<string, unknown>) => ops[op]!(input, ctx) as Record<string, any>;
  return { store, call };
}

/** Ten minutes of Latency, value i in minute i. */
function putMinutes(call: ReturnType<typeof setup>['call'], unit = 'Milliseconds') {
  call('PutMetricData', {
    Namespace: 'CoreAPI',
    MetricData: Array.from({ length: 10 }, (_, i) => ({ MetricName: 'Latency', Timestamp: s(T0 + i * 60_000), Value: i, Unit: unit })),
  });
}

const stat = (id: string, st: string, extra: Record<string, unknown> = {}) => ({
  Id: id,
  MetricStat: { Metric: { Namespace: 'CoreAPI', MetricName: 'Latency' }, Period: 60, Stat: st, ...extra },
});

describe('metric operations', () => {
  it('marks PutMetricData as the only mutating operation', () => {
    expect([...METRIC_MUTATING_OPERATIONS]).toEqual(['PutMetricData']);
    expect(Object.keys(metricOperations(new MetricStore())).sort()).toEqual(['GetMetricData', 'GetMetricStatistics', 'ListMetrics', 'PutMetricData']);
  });

  it('pages GetMetricData by MaxDatapoints in both scan orders without gaps or repeats', () => {
    const { call } = setup();
    putMinutes(call);
    for (const [scanBy, expected] of [
      ['TimestampDescending', [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]],
      ['TimestampAscending', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    ] as const) {
      const seen: number[] = [];
      const statuses: string[] = [];
      let token: string | undefined;
      for (let page = 0; page < 10; page++) {
        const out = call('GetMetricData', { MetricDataQueries: [stat('m', 'Sum')], StartTime: s(T0), EndTime: s(T0 + 600_000), ScanBy: scanBy, MaxDatapoints: 4, ...(token ? { NextToken: token } : {}) });
        seen.push(...out.MetricDataResults[0].Values);
        statuses.push(out.MetricDataResults[0].StatusCode);
        token = out.NextToken;
        if (!token) break;
      }
      expect(seen).toEqual(expected);
      expect(statuses).toEqual(['PartialData', 'PartialData', 'Complete']);
    }
  });

  it('spreads MaxDatapoints across queries and resumes the cut query', () => {
    const { call } = setup();
    putMinutes(call);
    const request = { MetricDataQueries: [stat('a', 'Sum'), stat('b', 'Maximum')], StartTime: s(T0), EndTime: s(T0 + 600_000), MaxDatapoints: 15 };
    const first = call('GetMetricData', request);
    expect(first.MetricDataResults.map((r: any) => [r.Id, r.Values.length, r.StatusCode])).toEqual([['a', 10, 'Complete'], ['b', 5, 'PartialData']]);
    const second = call('GetMetricData', { ...request, NextToken: first.NextToken });
    expect(second.MetricDataResults.map((r: any) => [r.Id, r.Values.length, r.StatusCode])).toEqual([['a', 0, 'Complete'], ['b', 5, 'Complete']]);
    expect(second.NextToken).toBeUndefined();
    expect(second.MetricDataResults[1].Values).toEqual([4, 3, 2, 1, 0]);
  });

  it('refuses a NextToken used with a different request', () => {
    const { call } = setup();
    putMinutes(call);
    const request = { MetricDataQueries: [stat('a', 'Sum')], StartTime: s(T0), EndTime: s(T0 + 600_000), MaxDatapoints: 2 };
    const { NextToken } = call('GetMetricData', request);
    let error: unknown;
    try {
      call('GetMetricData', { ...request, MetricDataQueries: [stat('a', 'Average')], NextToken });
    } catch (e) {
      error = e;
    }
    expect((error as AwsError).code).toBe('InvalidNextToken');
  });

  it('labels queries like CloudWatch and omits ReturnData=false queries', () => {
    const { call } = setup();
    putMinutes(call);
    const out = call('GetMetricData', {
      MetricDataQueries: [stat('a', 'Sum'), stat('b', 'p99'), { ...stat('c', 'Sum'), Label: 'mine' }, { ...stat('d', 'Sum'), ReturnData: false }],
      StartTime: s(T0),
      EndTime: s(T0 + 600_000),
    });
    expect(out.MetricDataResults.map((r: any) => [r.Id, r.Label])).toEqual([['a', 'Latency Sum'], ['b', 'Latency p99'], ['c', 'mine']]);
    expect(out.Messages).toEqual([]);
    expect(out.MetricDataResults[0].Timestamps[0]).toEqual(new Date(T0 + 9 * 60_000));
  });

  it('reports mixed units when the query names none', () => {
    const { call } = setup();
    putMinutes(call, 'Milliseconds');
    putMinutes(call, 'Seconds');
    const out = call('GetMetricData', { MetricDataQueries: [stat('a', 'Sum'), stat('b', 'Sum', { Unit: 'Seconds' })], StartTime: s(T0), EndTime: s(T0 + 60_000) });
    expect(out.MetricDataResults[0].Messages).toEqual([{ Code: 'MultipleUnits', Value: "Multiple units returned: '[Milliseconds, Seconds]'" }]);
    expect(out.MetricDataResults[1].Messages).toBeUndefined();
  });

  it('answers GetMetricStatistics per period and unit with extended statistics', () => {
    const { call } = setup();
    call('PutMetricData', {
      Namespace: 'CoreAPI',
      MetricData: [
        { MetricName: 'Latency', Timestamp: s(T0), Values: [1, 10], Counts: [2, 4], Unit: 'Count' },
        { MetricName: 'Latency', Timestamp: s(T0), Value: 5 },
      ],
    });
    const out = call('GetMetricStatistics', {
      Namespace: 'CoreAPI', MetricName: 'Latency', StartTime: s(T0 - 60_000), EndTime: s(T0 + 60_000), Period: 60,
      Statistics: ['SampleCount', 'Sum', 'Maximum', 'Average'], ExtendedStatistics: ['p50'],
    });
    expect(out.Label).toBe('Latency');
    expect(out.Datapoints).toEqual([
      { Timestamp: new Date(T0), SampleCount: 6, Sum: 42, Maximum: 10, Average: 7, ExtendedStatistics: { p50: 10 }, Unit: 'Count' },
      { Timestamp: new Date(T0), SampleCount: 1, Sum: 5, Maximum: 5, Average: 5, ExtendedStatistics: { p50: 5 }, Unit: 'None' },
    ]);
  });

  it('pages ListMetrics 500 at a time in a stable order', () => {
    const { call } = setup();
    for (let batch = 0; batch < 2; batch++) {
      call('PutMetricData', { Namespace: 'Many', MetricData: Array.from({ length: 300 }, (_, i) => ({ MetricName: `m${String(batch * 300 + i).padStart(3, '0')}`, Value: 1 })) });
    }
    const first = call('ListMetrics', { Namespace: 'Many' });
    expect(first.Metrics).toHaveLength(500);
    const second = call('ListMetrics', { Namespace: 'Many', NextToken: first.NextToken });
    expect(second.Metrics).toHaveLength(100);
    expect(second.NextToken).toBeUndefined();
    const names = [...first.Metrics, ...second.Metrics].map((m: any) => m.MetricName);
    expect(new Set(names).size).toBe(600);
    expect(names[0]).toBe('m000');
    expect(first.Metrics[0]).toEqual({ Namespace: 'Many', MetricName: 'm000', Dimensions: [] });
  });
});
