// Conformance of the sandbox's CloudWatch metric APIs, driven by the real @aws-sdk/client-cloudwatch client. Runs
// against the in-process sandbox by default, or real AWS with FIREDRILL_CONFORMANCE_ENDPOINT=aws (hence the polling:
// CloudWatch takes a while to make new data queryable).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CloudWatchClient,
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  InvalidNextToken,
  InvalidParameterCombinationException,
  InvalidParameterValueException,
  ListMetricsCommand,
  MissingRequiredParameterException,
  PutMetricDataCommand,
  ValidationException,
  type MetricDatum,
} from '@aws-sdk/client-cloudwatch';
import { conformanceEndpoint, type ConformanceEndpoint } from '../../support/aws-endpoint.ts';
import { createCloudWatch } from '../../../sandbox/aws/cloudwatch/index.ts';

const MINUTE = 60_000;
const namespace = `firedrill-conformance/${randomUUID().slice(0, 8)}`;
const service = [{ Name: 'Service', Value: 'core-api' }];
// Minute-aligned and in the recent past, so every period below is complete and inside CloudWatch's retention.
const base = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;

let endpoint: ConformanceEndpoint;
let cw: CloudWatchClient;

/** Polls `probe` until it stops throwing: immediate on the sandbox, minutes on real CloudWatch. */
async function eventually<T>(probe: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + (endpoint.isSandbox ? 5_000 : 240_000);
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, endpoint.isSandbox ? 50 : 5_000));
    }
  }
}

const put = (MetricData: MetricDatum[], ns = namespace) => cw.send(new PutMetricDataCommand({ Namespace: ns, MetricData }));

beforeAll(async () => {
  // The assembled CloudWatch service (metric and alarm APIs); no alarms here, so the evaluator timer stays off.
  endpoint = await conformanceEndpoint([createCloudWatch({ evaluate: false }).service]);
  cw = new CloudWatchClient(endpoint.clientConfig);
});

afterAll(async () => {
  cw?.destroy();
  await endpoint?.close();
});

describe('PutMetricData and GetMetricStatistics', () => {
  it('stores all three value forms and computes statistics and percentiles over them', async () => {
    const metric = { MetricName: 'Latency', Dimensions: service, Unit: 'Milliseconds' as const };
    await put([
      { ...metric, Timestamp: new Date(base), Value: 5 },
      { ...metric, Timestamp: new Date(base + 10_000), Values: [10, 20, 30], Counts: [1, 2, 1] },
      // A statistic set whose samples were all 100 still counts towards percentiles.
      { ...metric, Timestamp: new Date(base + 20_000), StatisticValues: { SampleCount: 4, Sum: 400, Minimum: 100, Maximum: 100 } },
    ]);
    const out = await eventually(async () => {
      const res = await cw.send(
        new GetMetricStatisticsCommand({
          Namespace: namespace, MetricName: 'Latency', Dimensions: service, StartTime: new Date(base), EndTime: new Date(base + MINUTE),
          Period: 60, Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average'], ExtendedStatistics: ['p50', 'p95'],
        }),
      );
      expect(res.Datapoints).toHaveLength(1);
      return res;
    });
    expect(out.Label).toBe('Latency');
    const [point] = out.Datapoints!;
    expect(point).toMatchObject({ SampleCount: 9, Sum: 485, Minimum: 5, Maximum: 100, Unit: 'Milliseconds', ExtendedStatistics: { p50: 30, p95: 100 } });
    expect(point!.Average).toBeCloseTo(485 / 9, 9);
    expect(point!.Timestamp).toEqual(new Date(base));
  });

  it('accepts a gzip-compressed request over 10 KiB and makes every value queryable', async () => {
    let encoding: string | undefined;
    let bodyBytes = 0;
    const spy = new CloudWatchClient(endpoint.clientConfig);
    spy.middlewareStack.add(
      (next) => async (args) => {
        const request = args.request as { headers: Record<string, string>; body: unknown };
        encoding = request.headers['content-encoding'];
        bodyBytes = (request.body as Uint8Array).byteLength;
        return next(args);
      },
      { step: 'finalizeRequest', name: 'recordContentEncoding' },
    );
    const datums: MetricDatum[] = Array.from({ length: 300 }, (_, i) => ({
      MetricName: 'Bulk', Dimensions: [{ Name: 'Shard', Value: 'shard-000000000001' }], Timestamp: new Date(base + (i % 60) * 1000),
      Value: i, Unit: 'Count', StorageResolution: 1,
    }));
    expect(Buffer.byteLength(JSON.stringify({ Namespace: namespace, MetricData: datums }))).toBeGreaterThan(10 * 1024);
    await spy.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: datums }));
    spy.destroy();
    expect(encoding).toBe('gzip');
    expect(bodyBytes).toBeLessThan(10 * 1024);
    const res = await eventually(async () => {
      const r = await cw.send(
        new GetMetricDataCommand({
          StartTime: new Date(base), EndTime: new Date(base + MINUTE),
          MetricDataQueries: ['Sum', 'SampleCount', 'Maximum'].map((Stat) => ({
            Id: Stat.toLowerCase(), MetricStat: { Metric: { Namespace: namespace, MetricName: 'Bulk', Dimensions: [{ Name: 'Shard', Value: 'shard-000000000001' }] }, Period: 60, Stat },
          })),
        }),
      );
      expect(r.MetricDataResults?.[0]?.Values).toHaveLength(1);
      return r;
    });
    expect(res.MetricDataResults!.map((r) => [r.Id, r.Values])).toEqual([['sum', [(299 * 300) / 2]], ['samplecount', [300]], ['maximum', [299]]]);
  });
});

describe('GetMetricData', () => {
  const queries = ['p95', 'Sum', 'Average'].map((Stat) => ({
    Id: `q${Stat.toLowerCase()}`,
    MetricStat: { Metric: { Namespace: namespace, MetricName: 'Requests', Dimensions: service }, Period: 60, Stat },
  }));
  const minutes = [0, 1, 2, 3, 4, 5];

  beforeAll(async () => {
    // Minute m holds the values 1..20 plus 100*m, so each statistic differs per minute.
    await put(minutes.map((m) => ({
      MetricName: 'Requests', Dimensions: service, Unit: 'Count', Timestamp: new Date(base + m * MINUTE + 5_000),
      Values: [...Array.from({ length: 20 }, (_, i) => i + 1), 100 * m],
    })));
  });

  const expected = (m: number) => {
    const values = [...Array.from({ length: 20 }, (_, i) => i + 1), 100 * m].sort((a, b) => a - b);
    const sum = values.reduce((a, b) => a + b, 0);
    return { p95: values[Math.ceil(0.95 * values.length) - 1], sum, average: sum / values.length };
  };

  it('returns p95, Sum and Average per period, newest first by default and oldest first on request', async () => {
    const request = { StartTime: new Date(base), EndTime: new Date(base + 6 * MINUTE), MetricDataQueries: queries };
    const desc = await eventually(async () => {
      const r = await cw.send(new GetMetricDataCommand(request));
      expect(r.MetricDataResults?.[0]?.Values).toHaveLength(6);
      return r;
    });
    const asc = await cw.send(new GetMetricDataCommand({ ...request, ScanBy: 'TimestampAscending' }));
    const [p95, sum, average] = asc.MetricDataResults!;
    expect(p95!.Timestamps).toEqual(minutes.map((m) => new Date(base + m * MINUTE)));
    expect(p95!.Values).toEqual(minutes.map((m) => expected(m).p95));
    expect(sum!.Values).toEqual(minutes.map((m) => expected(m).sum));
    average!.Values!.forEach((v, i) => expect(v).toBeCloseTo(expected(i).average, 9));
    expect(asc.MetricDataResults!.map((r) => [r.Id, r.Label, r.StatusCode])).toEqual([
      ['qp95', 'Requests p95', 'Complete'], ['qsum', 'Requests Sum', 'Complete'], ['qaverage', 'Requests Average', 'Complete'],
    ]);
    expect(desc.MetricDataResults![1]!.Timestamps).toEqual([...sum!.Timestamps!].reverse());
    expect(desc.MetricDataResults![1]!.Values).toEqual([...sum!.Values!].reverse());
  });

  it('paginates with MaxDatapoints and NextToken until every datapoint was returned once', async () => {
    const request = { StartTime: new Date(base), EndTime: new Date(base + 6 * MINUTE), MetricDataQueries: [queries[1]!], MaxDatapoints: 4, ScanBy: 'TimestampAscending' as const };
    await eventually(async () => expect((await cw.send(new GetMetricDataCommand({ ...request, MaxDatapoints: 100 }))).MetricDataResults?.[0]?.Values).toHaveLength(6));
    const pages: { values: number[]; status?: string; token?: string }[] = [];
    let token: string | undefined;
    do {
      const r = await cw.send(new GetMetricDataCommand({ ...request, ...(token ? { NextToken: token } : {}) }));
      token = r.NextToken;
      pages.push({ values: r.MetricDataResults?.[0]?.Values ?? [], status: r.MetricDataResults?.[0]?.StatusCode, token });
    } while (token && pages.length < 5);
    expect(pages.map((p) => p.values.length)).toEqual([4, 2]);
    expect(pages[0]!.status).toBe('PartialData');
    expect(pages.flatMap((p) => p.values)).toEqual(minutes.map((m) => expected(m).sum));
  });
});

describe('ListMetrics', () => {
  it('filters by namespace, metric name and dimension name', async () => {
    await put([
      { MetricName: 'ListedA', Dimensions: service, Value: 1 },
      { MetricName: 'ListedB', Dimensions: [...service, { Name: 'TaskId', Value: 't1' }], Value: 1 },
    ]);
    const byDimension = await eventually(async () => {
      const r = await cw.send(new ListMetricsCommand({ Namespace: namespace, Dimensions: [{ Name: 'TaskId' }] }));
      expect(r.Metrics).toHaveLength(1);
      return r;
    });
    expect(byDimension.Metrics![0]).toMatchObject({ Namespace: namespace, MetricName: 'ListedB' });
    expect(byDimension.Metrics![0]!.Dimensions).toEqual(expect.arrayContaining([{ Name: 'TaskId', Value: 't1' }, { Name: 'Service', Value: 'core-api' }]));
    const byName = await cw.send(new ListMetricsCommand({ Namespace: namespace, MetricName: 'ListedA' }));
    expect(byName.Metrics).toEqual([{ Namespace: namespace, MetricName: 'ListedA', Dimensions: service }]);
    const all = await cw.send(new ListMetricsCommand({ Namespace: namespace }));
    expect(all.Metrics!.map((m) => m.MetricName)).toEqual(expect.arrayContaining(['Latency', 'Bulk', 'Requests', 'ListedA', 'ListedB']));
  });
});

describe('errors raise the SDK typed exceptions', () => {
  const now = () => new Date();
  const minuteQuery = (Id: string) => ({ Id, MetricStat: { Metric: { Namespace: namespace, MetricName: 'Latency' }, Period: 60, Stat: 'Sum' } });
  const cases: [string, () => Promise<unknown>, new (...args: never[]) => Error, string | RegExp][] = [
    ['missing Namespace', () => cw.send(new PutMetricDataCommand({ MetricData: [{ MetricName: 'm', Value: 1 }] } as never)), MissingRequiredParameterException, /Namespace/],
    ['Value with Values', () => put([{ MetricName: 'm', Value: 1, Values: [1] }]), InvalidParameterCombinationException,
      'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.'],
    ['Value with StatisticValues', () => put([{ MetricName: 'm', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }]), InvalidParameterCombinationException,
      'The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.'],
    ['Counts of another length', () => put([{ MetricName: 'm', Values: [1, 2], Counts: [1] }]), InvalidParameterValueException,
      'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.'],
    ['NaN', () => put([{ MetricName: 'm', Value: Number.NaN }]), InvalidParameterValueException, /MetricData.member.1.Value/],
    ['a timestamp three weeks old', () => put([{ MetricName: 'm', Value: 1, Timestamp: new Date(Date.now() - 21 * 24 * 3600_000) }]), InvalidParameterValueException,
      'The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.'],
    ['StorageResolution 5', () => put([{ MetricName: 'm', Value: 1, StorageResolution: 5 }]), InvalidParameterValueException,
      'The parameter MetricData.member.1.StorageResolution must be a value in the set [ 1, 60 ].'],
    ['1001 datums', () => put(Array.from({ length: 1001 }, () => ({ MetricName: 'm', Value: 1 }))), InvalidParameterValueException,
      'The collection MetricData must not have a size greater than 1000.'],
    ['a query Id starting with a capital', () => cw.send(new GetMetricDataCommand({ StartTime: new Date(base), EndTime: now(), MetricDataQueries: [minuteQuery('Bad')] })),
      InvalidParameterValueException, /Id/],
    ['StartTime after EndTime', () => cw.send(new GetMetricStatisticsCommand({ Namespace: namespace, MetricName: 'm', StartTime: now(), EndTime: new Date(base), Period: 60, Statistics: ['Sum'] })),
      InvalidParameterValueException, 'The parameter StartTime must be less than the parameter EndTime.'],
    ['over 1440 datapoints', () => cw.send(new GetMetricStatisticsCommand({ Namespace: namespace, MetricName: 'm', StartTime: new Date(base), EndTime: new Date(base + 2 * 24 * 3600_000), Period: 60, Statistics: ['Sum'] })),
      InvalidParameterCombinationException, /You have requested up to 2880 datapoints, which exceeds the limit of 1440/],
    ['StartTime equal to EndTime', () => cw.send(new GetMetricDataCommand({ StartTime: new Date(base), EndTime: new Date(base), MetricDataQueries: [minuteQuery('m1')] })),
      ValidationException, 'The parameter StartTime must not equal parameter EndTime.'],
    ['a made-up NextToken', () => cw.send(new ListMetricsCommand({ Namespace: namespace, NextToken: 'not-a-token' })), InvalidNextToken, /NextToken/],
  ];

  it.each(cases)('%s', async (_name, call, ErrorClass, message) => {
    const error = await call().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as Error).name).toBe(ErrorClass.name);
    expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(400);
    if (typeof message === 'string') expect((error as Error).message).toBe(message);
    else expect((error as Error).message).toMatch(message);
  });
});

describe('sandbox-only behaviour', () => {
  it('accepts AWS/ namespaces, which the sandbox load balancer publishes to', async () => {
    if (!endpoint.isSandbox) return;
    await put([{ MetricName: 'RequestCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/sandbox-alb/0000000000000000' }], Value: 3 }], 'AWS/ApplicationELB');
    const listed = await cw.send(new ListMetricsCommand({ Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount' }));
    expect(listed.Metrics).toHaveLength(1);
    const log = endpoint.server!.requestLog.list();
    expect(log.filter((e) => e.operation === 'PutMetricData').every((e) => e.mutating)).toBe(true);
    expect(log.filter((e) => e.operation === 'ListMetrics').some((e) => e.mutating)).toBe(false);
  });

  it('refuses metric math with a message that says the sandbox does not evaluate it', async () => {
    if (!endpoint.isSandbox) return;
    const error = await cw
      .send(new GetMetricDataCommand({ StartTime: new Date(base), EndTime: new Date(), MetricDataQueries: [{ Id: 'e1', Expression: 'SUM(METRICS())' }] }))
      .then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterValueException);
    expect((error as Error).message).toMatch(/sandbox does not evaluate metric math/);
  });
});
