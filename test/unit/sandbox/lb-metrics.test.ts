import { describe, expect, it } from 'vitest';
import type { MetricDatum, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { buildDatums, countersFor, MetricsWindow, toRequests, valueChunks, MAX_VALUES_PER_DATUM } from '../../../sandbox/lb/metrics.ts';
import { MetricsPublisher } from '../../../sandbox/lb/metrics-publisher.ts';
import { resolveOptions, DEFAULT_LOAD_BALANCER_DIM, DEFAULT_TARGET_GROUP_DIM } from '../../../sandbox/lb/options.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const LB = [{ Name: 'LoadBalancer', Value: DEFAULT_LOAD_BALANCER_DIM }];
const TG = [{ Name: 'TargetGroup', Value: DEFAULT_TARGET_GROUP_DIM }, ...LB];

function publisherWith(publish: (input: PutMetricDataCommandInput) => Promise<unknown>, extra: { publishZeroCounts?: boolean; onError?: (e: unknown) => void } = {}) {
  const opts = resolveOptions({ metrics: { publish, intervalMs: 3_600_000, ...extra } }).metrics!;
  const window = new MetricsWindow();
  const publisher = new MetricsPublisher(opts, window, () => ({ healthy: 2, unhealthy: 1 }));
  return { window, publisher };
}

function named(datums: MetricDatum[], name: string): MetricDatum[] {
  return datums.filter((d) => d.MetricName === name);
}

describe('ALB metric counting', () => {
  it('counts RequestCount only when a target was chosen, and classes target and ELB codes', () => {
    expect(countersFor({ kind: 'target-response', status: 201, responseTimeSeconds: 0.01 })).toEqual(['RequestCount', 'HTTPCode_Target_2XX_Count']);
    expect(countersFor({ kind: 'target-response', status: 503, responseTimeSeconds: 0.01 })).toEqual(['RequestCount', 'HTTPCode_Target_5XX_Count']);
    expect(countersFor({ kind: 'elb-error', status: 503, targetChosen: false })).toEqual(['HTTPCode_ELB_5XX_Count', 'HTTPCode_ELB_503_Count']);
    expect(countersFor({ kind: 'elb-error', status: 504, targetChosen: true })).toEqual(['RequestCount', 'HTTPCode_ELB_5XX_Count', 'HTTPCode_ELB_504_Count']);
    expect(countersFor({ kind: 'rejected' })).toContain('RejectedConnectionCount');
  });

  it('keeps raw response times per second and splits them into datums of at most 150 distinct values', () => {
    const histogram = new Map(Array.from({ length: 400 }, (_, i) => [i, i % 3 === 0 ? 2 : 1] as [number, number]));
    const chunks = valueChunks(histogram);
    expect(chunks.map((c) => c.Values.length)).toEqual([150, 150, 100]);
    const allValues = chunks.flatMap((c) => c.Values);
    expect(new Set(allValues).size).toBe(400);
    expect(chunks.flatMap((c) => c.Counts).reduce((a, b) => a + b, 0)).toBe(400 + 134);
    for (const c of chunks) expect(c.Values.length).toBeLessThanOrEqual(MAX_VALUES_PER_DATUM);
  });

  it('puts at most 100 datums in one PutMetricData request, all in AWS/ApplicationELB', () => {
    const datums: MetricDatum[] = Array.from({ length: 250 }, (_, i) => ({ MetricName: 'RequestCount', Value: i }));
    const requests = toRequests(datums);
    expect(requests.map((r) => r.MetricData?.length)).toEqual([100, 100, 50]);
    expect(new Set(requests.map((r) => r.Namespace))).toEqual(new Set(['AWS/ApplicationELB']));
  });

  it('stamps each datum with the second its events happened in', () => {
    const w = new MetricsWindow();
    w.record({ kind: 'target-response', status: 200, responseTimeSeconds: 0.0123 }, T0 + 1500);
    w.record({ kind: 'target-response', status: 200, responseTimeSeconds: 0.01234 }, T0 + 1999);
    w.record({ kind: 'target-response', status: 404, responseTimeSeconds: 0.5 }, T0 + 3000);
    const datums = buildDatums(w.drain(), { now: T0 + 9000, loadBalancerDim: 'lb', targetGroupDim: 'tg', hosts: { healthy: 1, unhealthy: 0 }, publishZeroCounts: false });
    const rt = named(datums, 'TargetResponseTime');
    expect(rt.map((d) => [d.Timestamp?.getTime(), d.Values, d.Counts])).toEqual([
      [T0 + 1000, [0.0123], [2]],
      [T0 + 3000, [0.5], [1]],
    ]);
    expect(named(datums, 'RequestCount').map((d) => [d.Timestamp?.getTime(), d.Value])).toEqual([
      [T0 + 1000, 2],
      [T0 + 3000, 1],
    ]);
    expect(w.drain()).toEqual([]);
  });
});

describe('metrics publisher with a fake publish function', () => {
  it('publishes counters, raw response times and host counts with the contract dimensions', async () => {
    const sent: PutMetricDataCommandInput[] = [];
    const { window, publisher } = publisherWith(async (input) => sent.push(input));
    const now = Date.now();
    window.record({ kind: 'target-response', status: 200, responseTimeSeconds: 0.02 }, now);
    window.record({ kind: 'target-response', status: 200, responseTimeSeconds: 0.04 }, now);
    window.record({ kind: 'target-response', status: 500, responseTimeSeconds: 0.04 }, now);
    window.record({ kind: 'elb-error', status: 502, targetChosen: true }, now);
    window.record({ kind: 'elb-error', status: 503, targetChosen: false }, now);
    await publisher.close();
    const datums = sent.flatMap((r) => r.MetricData ?? []);
    expect(sent.every((r) => r.Namespace === 'AWS/ApplicationELB')).toBe(true);
    expect(datums.every((d) => d.StorageResolution === 1)).toBe(true);
    const value = (name: string) => named(datums, name).reduce((sum, d) => sum + (d.Value ?? 0), 0);
    expect(value('RequestCount')).toBe(4);
    expect(value('HTTPCode_Target_2XX_Count')).toBe(2);
    expect(value('HTTPCode_Target_5XX_Count')).toBe(1);
    expect(value('HTTPCode_ELB_5XX_Count')).toBe(2);
    expect(named(datums, 'HTTPCode_Target_4XX_Count')).toEqual([]); // ALB reports counters only when non-zero
    const [rt] = named(datums, 'TargetResponseTime');
    expect(rt).toMatchObject({ Dimensions: LB, Values: [0.02, 0.04], Counts: [1, 2], Unit: 'Seconds' });
    expect(named(datums, 'RequestCount')[0]?.Dimensions).toEqual(LB);
    expect(named(datums, 'HealthyHostCount')).toEqual([expect.objectContaining({ Dimensions: TG, Value: 2, Unit: 'Count' })]);
    expect(named(datums, 'UnHealthyHostCount')).toEqual([expect.objectContaining({ Dimensions: TG, Value: 1 })]);
    expect(publisher.stats).toMatchObject({ requestsSent: 1, requestsFailed: 0 });
  });

  it('publishes explicit zeros for every counter when asked to', async () => {
    const sent: PutMetricDataCommandInput[] = [];
    const { publisher } = publisherWith(async (input) => sent.push(input), { publishZeroCounts: true });
    await publisher.close();
    const datums = sent.flatMap((r) => r.MetricData ?? []);
    expect(named(datums, 'HTTPCode_Target_4XX_Count')).toEqual([expect.objectContaining({ Value: 0 })]);
    expect(named(datums, 'RequestCount')).toEqual([expect.objectContaining({ Value: 0 })]);
    expect(named(datums, 'TargetResponseTime')).toEqual([]);
  });

  it('survives a failing publish: counts it, reports it, and keeps going', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const { window, publisher } = publisherWith(
      async () => {
        calls++;
        if (calls === 1) throw new Error('CloudWatch is down');
      },
      { onError: (e) => errors.push(e) },
    );
    window.record({ kind: 'target-response', status: 200, responseTimeSeconds: 0.01 }, Date.now());
    await expect(publisher.flush()).resolves.toBeUndefined();
    await publisher.close();
    expect(publisher.stats).toMatchObject({ requestsSent: 1, requestsFailed: 1 });
    expect(errors).toEqual([new Error('CloudWatch is down')]);
  });
});
