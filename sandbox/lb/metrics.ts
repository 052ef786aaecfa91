// ALB metrics (namespace AWS/ApplicationELB) as data: what the proxy records, and the PutMetricData requests that
// carry it. Pure; the publisher owns timers and the network.
//
// Fidelity notes (ELB user guide, "CloudWatch metrics for your Application Load Balancer"):
// - Counters are reported only when non-zero; an idle balancer sends none (opt into explicit zeros with
//   publishZeroCounts). HealthyHostCount/UnHealthyHostCount are reported every interval.
// - RequestCount counts only requests for which a target was chosen: a 503 for "no target" is not in it, a 502/504
//   from a chosen target is.
// - TargetResponseTime (seconds) goes out as raw values (Values/Counts), so p95/p99 alarms see real percentiles.
//   Values are kept to 0.1 ms, finer than the millisecond ALB access logs use, which also bounds unique values.
// - Every value is stamped with the second it happened in (StorageResolution 1), so 10 s alarm periods see it
//   in the right period whatever the publishing cadence.
import type { MetricDatum, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';

export const NAMESPACE = 'AWS/ApplicationELB';
/** CloudWatch accepts at most 150 distinct values in one datum's Values. */
export const MAX_VALUES_PER_DATUM = 150;
/** Far below the 1000-datum / 1 MB request limits even when each datum carries 150 values. */
export const MAX_DATUMS_PER_REQUEST = 100;

const RESPONSE_TIME_STEPS_PER_SECOND = 10_000;

export type LoadBalancerEvent =
  | { kind: 'target-response'; status: number; responseTimeSeconds: number }
  | { kind: 'elb-error'; status: 502 | 503 | 504; targetChosen: boolean }
  | { kind: 'rejected' };

export const COUNTER_NAMES = [
  'RequestCount',
  'HTTPCode_Target_2XX_Count',
  'HTTPCode_Target_3XX_Count',
  'HTTPCode_Target_4XX_Count',
  'HTTPCode_Target_5XX_Count',
  'HTTPCode_ELB_5XX_Count',
  'HTTPCode_ELB_502_Count',
  'HTTPCode_ELB_503_Count',
  'HTTPCode_ELB_504_Count',
  'RejectedConnectionCount',
] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];

export interface SecondBucket {
  /** Epoch ms at the start of the second. */
  timestamp: number;
  counts: Map<CounterName, number>;
  /** Response time in 0.1 ms steps -> how many responses took that long. */
  responseTimes: Map<number, number>;
}

/** Accumulates events per second until the publisher drains them. */
export class MetricsWindow {
  private buckets = new Map<number, SecondBucket>();

  record(event: LoadBalancerEvent, now: number): void {
    const bucket = this.bucketAt(now);
    for (const name of countersFor(event)) bucket.counts.set(name, (bucket.counts.get(name) ?? 0) + 1);
    if (event.kind === 'target-response') {
      const step = Math.max(0, Math.round(event.responseTimeSeconds * RESPONSE_TIME_STEPS_PER_SECOND));
      bucket.responseTimes.set(step, (bucket.responseTimes.get(step) ?? 0) + 1);
    }
  }

  /** Everything recorded so far, oldest second first; the window starts empty again. */
  drain(): SecondBucket[] {
    const drained = [...this.buckets.values()].sort((a, b) => a.timestamp - b.timestamp);
    this.buckets = new Map();
    return drained;
  }

  private bucketAt(now: number): SecondBucket {
    const timestamp = Math.floor(now / 1000) * 1000;
    let bucket = this.buckets.get(timestamp);
    if (!bucket) {
      bucket = { timestamp, counts: new Map(), responseTimes: new Map() };
      this.buckets.set(timestamp, bucket);
    }
    return bucket;
  }
}

export function countersFor(event: LoadBalancerEvent): CounterName[] {
  if (event.kind === 'rejected') return ['HTTPCode_ELB_5XX_Count', 'HTTPCode_ELB_503_Count', 'RejectedConnectionCount'];
  if (event.kind === 'elb-error') {
    const names: CounterName[] = ['HTTPCode_ELB_5XX_Count', `HTTPCode_ELB_${event.status}_Count`];
    return event.targetChosen ? ['RequestCount', ...names] : names;
  }
  const klass = Math.floor(event.status / 100);
  const byClass: Partial<Record<number, CounterName>> = {
    2: 'HTTPCode_Target_2XX_Count',
    3: 'HTTPCode_Target_3XX_Count',
    4: 'HTTPCode_Target_4XX_Count',
    5: 'HTTPCode_Target_5XX_Count',
  };
  const code = byClass[klass];
  return code ? ['RequestCount', code] : ['RequestCount'];
}

export interface DatumContext {
  /** Epoch ms of this publish: the timestamp of host counts and of explicit zeros. */
  now: number;
  loadBalancerDim: string;
  targetGroupDim: string;
  hosts: { healthy: number; unhealthy: number };
  publishZeroCounts: boolean;
}

export function buildDatums(buckets: SecondBucket[], ctx: DatumContext): MetricDatum[] {
  const lb = [{ Name: 'LoadBalancer', Value: ctx.loadBalancerDim }];
  const tg = [{ Name: 'TargetGroup', Value: ctx.targetGroupDim }, ...lb];
  const base = (name: string, dims: typeof lb, timestamp: number) => ({ MetricName: name, Dimensions: dims, Timestamp: new Date(timestamp), StorageResolution: 1 });
  const datums: MetricDatum[] = [];
  const seen = new Set<CounterName>();
  for (const bucket of buckets) {
    for (const [name, value] of bucket.counts) {
      if (value === 0) continue;
      seen.add(name);
      datums.push({ ...base(name, lb, bucket.timestamp), Value: value, Unit: 'Count' });
    }
    for (const chunk of valueChunks(bucket.responseTimes)) {
      datums.push({ ...base('TargetResponseTime', lb, bucket.timestamp), ...chunk, Unit: 'Seconds' });
    }
  }
  if (ctx.publishZeroCounts) {
    for (const name of COUNTER_NAMES) if (!seen.has(name)) datums.push({ ...base(name, lb, ctx.now), Value: 0, Unit: 'Count' });
  }
  datums.push({ ...base('HealthyHostCount', tg, ctx.now), Value: ctx.hosts.healthy, Unit: 'Count' });
  datums.push({ ...base('UnHealthyHostCount', tg, ctx.now), Value: ctx.hosts.unhealthy, Unit: 'Count' });
  return datums;
}

/** Splits a value histogram into Values/Counts pairs of at most MAX_VALUES_PER_DATUM distinct values. */
export function valueChunks(histogram: Map<number, number>): Array<{ Values: number[]; Counts: number[] }> {
  const steps = [...histogram.keys()].sort((a, b) => a - b);
  const chunks: Array<{ Values: number[]; Counts: number[] }> = [];
  for (let i = 0; i < steps.length; i += MAX_VALUES_PER_DATUM) {
    const slice = steps.slice(i, i + MAX_VALUES_PER_DATUM);
    chunks.push({ Values: slice.map((s) => s / RESPONSE_TIME_STEPS_PER_SECOND), Counts: slice.map((s) => histogram.get(s) ?? 0) });
  }
  return chunks;
}

export function toRequests(datums: MetricDatum[]): PutMetricDataCommandInput[] {
  const requests: PutMetricDataCommandInput[] = [];
  for (let i = 0; i < datums.length; i += MAX_DATUMS_PER_REQUEST) {
    requests.push({ Namespace: NAMESPACE, MetricData: datums.slice(i, i + MAX_DATUMS_PER_REQUEST) });
  }
  return requests;
}
