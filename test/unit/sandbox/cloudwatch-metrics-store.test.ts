import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../sandbox/aws/protocol.ts';
import { alignPeriodStart, MetricStore, type MetricDatumInput } from '../../../sandbox/aws/cloudwatch/metric-store.ts';
import type { MetricQuery } from '../../../sandbox/aws/cloudwatch/types.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

function datum(overrides: Partial<MetricDatumInput> = {}): MetricDatumInput {
  return {
    namespace: 'CoreAPI',
    metricName: 'Latency',
    dimensions: [{ Name: 'Service', Value: 'core-api' }],
    timestamp: T0,
    unit: 'Milliseconds',
    storageResolution: 1,
    values: [1],
    ...overrides,
  };
}

function query(overrides: Partial<MetricQuery> = {}): MetricQuery {
  return {
    namespace: 'CoreAPI',
    metricName: 'Latency',
    dimensions: [{ Name: 'Service', Value: 'core-api' }],
    period: 10,
    stat: 'Sum',
    start: T0 - HOUR,
    end: T0 + HOUR,
    ...overrides,
  };
}

describe('MetricStore.datapoints', () => {
  it('groups high-resolution values into aligned periods, only periods with data, ascending', () => {
    const store = new MetricStore();
    store.put([datum({ timestamp: T0 + 25 * SECOND, values: [4] }), datum({ timestamp: T0 + 1 * SECOND, values: [1, 2], counts: [1, 3] })], T0 + 30 * SECOND);
    expect(store.datapoints(query({ stat: 'Sum' }))).toEqual([
      { timestamp: T0, value: 7 },
      { timestamp: T0 + 20 * SECOND, value: 4 },
    ]);
    expect(store.datapoints(query({ stat: 'SampleCount' })).map((d) => d.value)).toEqual([4, 1]);
    expect(store.datapoints(query({ stat: 'Average' }))[0]?.value).toBe(7 / 4);
  });

  it('matches the dimension set regardless of order, and only the exact set', () => {
    const store = new MetricStore();
    const dims = [{ Name: 'A', Value: '1' }, { Name: 'B', Value: '2' }];
    store.put([datum({ dimensions: dims, values: [5] })], T0);
    expect(store.datapoints(query({ dimensions: [dims[1]!, dims[0]!] }))).toHaveLength(1);
    expect(store.datapoints(query({ dimensions: [dims[0]!] }))).toEqual([]);
  });

  it('includes the start and excludes the end', () => {
    const store = new MetricStore();
    store.put([datum({ timestamp: T0, values: [1] }), datum({ timestamp: T0 + 10 * SECOND, values: [2] })], T0 + 10 * SECOND);
    expect(store.datapoints(query({ start: T0, end: T0 + 10 * SECOND }))).toEqual([{ timestamp: T0, value: 1 }]);
  });

  it('starts minute-or-longer periods at the start rounded down to the minute, like CloudWatch', () => {
    expect(alignPeriodStart(T0 + 95 * SECOND, 300)).toBe(T0 + MINUTE);
    expect(alignPeriodStart(T0 + 17 * SECOND, 10)).toBe(T0 + 10 * SECOND);
    const store = new MetricStore();
    store.put([datum({ timestamp: T0 + 2 * MINUTE, values: [3] })], T0 + 2 * MINUTE);
    expect(store.datapoints(query({ period: 300, start: T0 + 90 * SECOND }))).toEqual([{ timestamp: T0 + MINUTE, value: 3 }]);
  });

  it('stores standard-resolution data per minute', () => {
    const store = new MetricStore();
    store.put([datum({ storageResolution: 60, timestamp: T0 + 45 * SECOND, values: [3] })], T0 + MINUTE);
    expect(store.datapoints(query({ period: 10 }))).toEqual([{ timestamp: T0, value: 3 }]);
  });

  it('filters by unit when asked and combines units otherwise', () => {
    const store = new MetricStore();
    store.put([datum({ unit: 'Milliseconds', values: [2] }), datum({ unit: 'Seconds', values: [3] })], T0);
    expect(store.datapoints(query({ unit: 'Seconds' }))).toEqual([{ timestamp: T0, value: 3 }]);
    expect(store.datapoints(query())).toEqual([{ timestamp: T0, value: 5 }]);
    expect(store.periods(query(), true).map((p) => [p.unit, p.buckets.length])).toEqual([
      ['Milliseconds', 1],
      ['Seconds', 1],
    ]);
  });
});

describe('percentiles in the store', () => {
  it('computes percentiles from raw values across the slots of a period', () => {
    const store = new MetricStore();
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    values.forEach((v, i) => store.put([datum({ timestamp: T0 + (i % 10) * SECOND, values: [v] })], T0 + 10 * SECOND));
    expect(store.datapoints(query({ stat: 'p95' }))).toEqual([{ timestamp: T0, value: 95 }]);
    expect(store.datapoints(query({ stat: 'p50' }))[0]?.value).toBe(50);
  });

  it('leaves statistic sets with spread out of percentiles but in the basic statistics', () => {
    const store = new MetricStore();
    store.put([datum({ values: undefined, statisticSet: { sampleCount: 10, sum: 5000, minimum: 1, maximum: 1000 } })], T0);
    expect(store.datapoints(query({ stat: 'p99' }))).toEqual([]);
    expect(store.datapoints(query({ stat: 'Maximum' }))).toEqual([{ timestamp: T0, value: 1000 }]);
    store.put([datum({ values: [7] })], T0);
    expect(store.datapoints(query({ stat: 'p99' }))).toEqual([{ timestamp: T0, value: 7 }]);
    expect(store.datapoints(query({ stat: 'SampleCount' }))[0]?.value).toBe(11);
  });

  it('uses a single-valued statistic set as that many raw values', () => {
    const store = new MetricStore();
    store.put([datum({ values: undefined, statisticSet: { sampleCount: 9, sum: 18, minimum: 2, maximum: 2 } }), datum({ values: [50] })], T0);
    expect(store.datapoints(query({ stat: 'p90' }))[0]?.value).toBe(2);
    expect(store.datapoints(query({ stat: 'p100' }))[0]?.value).toBe(50);
  });
});

describe('retention and bounds', () => {
  it('rolls 1-second slots into minutes after 3 hours, keeping exact percentiles', () => {
    const store = new MetricStore();
    for (let s = 0; s < 60; s++) store.put([datum({ timestamp: T0 + s * SECOND, values: [s + 1] })], T0 + s * SECOND);
    const before = store.datapoints(query({ period: 60, stat: 'p90' }));
    store.prune(T0 + 4 * HOUR);
    expect(store.datapoints(query({ period: 60, stat: 'p90' }))).toEqual(before);
    expect(before).toEqual([{ timestamp: T0, value: 54 }]);
    // After the roll-up only minute granularity is left, as in CloudWatch.
    expect(store.datapoints(query({ period: 10, stat: 'SampleCount' }))).toEqual([{ timestamp: T0, value: 60 }]);
    expect(store.stats().storedValues).toBe(60);
  });

  it('drops data older than the retention and forgets metrics left without data', () => {
    const store = new MetricStore({ retentionMs: 2 * HOUR, highResolutionRetentionMs: HOUR });
    store.put([datum({ timestamp: T0, values: [1] })], T0);
    store.put([datum({ metricName: 'Other', timestamp: T0 + 2 * HOUR, values: [1] })], T0 + 2 * HOUR);
    store.prune(T0 + 2 * HOUR + MINUTE);
    expect(store.datapoints(query({ start: T0 - HOUR, end: T0 + 3 * HOUR }))).toEqual([]);
    expect(store.listMetrics().map((m) => m.metricName)).toEqual(['Other']);
  });

  it('refuses a put that would exceed the metric cap and stores none of it', () => {
    const store = new MetricStore({ maxMetrics: 2 });
    store.put([datum({ metricName: 'a' }), datum({ metricName: 'b' })], T0);
    let error: unknown;
    try {
      store.put([datum({ metricName: 'a', values: [100] }), datum({ metricName: 'c' })], T0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AwsError);
    expect((error as AwsError).code).toBe('LimitExceeded');
    expect((error as AwsError).message).toMatch(/at most 2 distinct metrics/);
    expect(store.datapoints(query({ metricName: 'a', stat: 'Maximum' }))).toEqual([{ timestamp: T0, value: 1 }]);
    store.put([datum({ metricName: 'a', values: [3] })], T0);
    expect(store.stats().metrics).toBe(2);
  });

  it('evicts the oldest slots when the stored value budget is exceeded', () => {
    const store = new MetricStore({ maxStoredValues: 1000 });
    for (let s = 0; s < 200; s++) {
      store.put([datum({ timestamp: T0 + s * SECOND, values: Array.from({ length: 10 }, (_, i) => s * 10 + i) })], T0 + s * SECOND);
    }
    const { storedValues, evictedSlots } = store.stats();
    expect(storedValues).toBeLessThanOrEqual(1000);
    expect(evictedSlots).toBeGreaterThan(0);
    const counts = store.datapoints(query({ period: 1, stat: 'SampleCount' }));
    expect(counts.at(-1)).toEqual({ timestamp: T0 + 199 * SECOND, value: 10 });
    expect(counts[0]!.timestamp).toBeGreaterThan(T0);
  });
});

describe('listMetrics', () => {
  it('filters by namespace, name and dimension name with optional value', () => {
    const store = new MetricStore();
    store.put(
      [
        datum({ metricName: 'RequestCount', namespace: 'AWS/ApplicationELB', dimensions: [{ Name: 'LoadBalancer', Value: 'app/sandbox-alb/0' }] }),
        datum({ metricName: 'HealthyHostCount', namespace: 'AWS/ApplicationELB', dimensions: [{ Name: 'LoadBalancer', Value: 'app/sandbox-alb/0' }, { Name: 'TargetGroup', Value: 'tg' }] }),
        datum({ metricName: 'Latency' }),
      ],
      T0,
    );
    expect(store.listMetrics({ namespace: 'AWS/ApplicationELB' }).map((m) => m.metricName)).toEqual(['HealthyHostCount', 'RequestCount']);
    expect(store.listMetrics({ dimensions: [{ name: 'TargetGroup' }] }).map((m) => m.metricName)).toEqual(['HealthyHostCount']);
    expect(store.listMetrics({ dimensions: [{ name: 'LoadBalancer', value: 'other' }] })).toEqual([]);
    expect(store.listMetrics({ metricName: 'Latency' })[0]?.dimensions).toEqual([{ Name: 'Service', Value: 'core-api' }]);
    expect(store.listMetrics({ activeSince: T0 + 1 })).toEqual([]);
  });
});

describe('snapshot and restore', () => {
  it('round-trips through JSON with the same answers', () => {
    const store = new MetricStore();
    store.put(
      [
        datum({ values: [1, 2, 3], counts: [1, 1, 5] }),
        datum({ storageResolution: 60, timestamp: T0 + MINUTE, values: undefined, statisticSet: { sampleCount: 2, sum: 10, minimum: 4, maximum: 6 } }),
      ],
      T0 + MINUTE,
    );
    const restored = MetricStore.restore(JSON.parse(JSON.stringify(store.snapshot())));
    for (const stat of ['Sum', 'SampleCount', 'Maximum', 'p50'] as const) {
      expect(restored.datapoints(query({ stat, period: 60 }))).toEqual(store.datapoints(query({ stat, period: 60 })));
    }
    expect(restored.stats()).toEqual({ ...store.stats(), evictedSlots: 0 });
    expect(restored.listMetrics()).toEqual(store.listMetrics());
  });

  it('refuses something that is not a snapshot', () => {
    expect(() => MetricStore.restore({ version: 2 })).toThrow(/expected a snapshot from MetricStore.snapshot/);
  });
});
