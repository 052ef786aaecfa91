// What the reference API publishes to CloudWatch every METRICS_INTERVAL_MS, namespace CoreAPI, one dimension
// Service=<SERVICE_NAME> (all tasks share it, so Sum and Maximum aggregate across tasks), StorageResolution 1:
//   PoolUtilization      Percent  highest acquired/max seen in the interval (a pool held full stays 100)
//   AcquiredConnections  Count    highest number of checked-out connections in the interval
//   PoolWaitCount        Count    acquisitions that found the pool full and had to queue
//   PoolTimeoutCount     Count    queued acquisitions that gave up (503 pool_timeout)
//   SlowQueryCount       Count    queries slower than SLOW_QUERY_MS
//   DBConnectErrors      Count    failed attempts to open a database connection (or an unusable DATABASE_URL)
//   RequestCount         Count    /v1 requests answered
//   HTTPCode_2XX_Count, HTTPCode_4XX_Count, HTTPCode_5XX_Count   Count   /v1 responses by status class
// Every metric is sent every interval, zeros included, so alarms see "nothing happened" rather than missing data.
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';

export const NAMESPACE = 'CoreAPI';

export interface MetricSnapshot {
  PoolUtilization: number;
  AcquiredConnections: number;
  PoolWaitCount: number;
  PoolTimeoutCount: number;
  SlowQueryCount: number;
  DBConnectErrors: number;
  RequestCount: number;
  HTTPCode_2XX_Count: number;
  HTTPCode_4XX_Count: number;
  HTTPCode_5XX_Count: number;
}

type CounterName = Exclude<keyof MetricSnapshot, 'PoolUtilization' | 'AcquiredConnections'>;

const COUNTERS: readonly CounterName[] = [
  'PoolWaitCount', 'PoolTimeoutCount', 'SlowQueryCount', 'DBConnectErrors', 'RequestCount', 'HTTPCode_2XX_Count', 'HTTPCode_4XX_Count', 'HTTPCode_5XX_Count',
];

function zeroCounters(): Record<CounterName, number> {
  return Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<CounterName, number>;
}

/** Accumulates one interval's worth of observations; drain() hands them over and starts the next interval. */
export class MetricsRecorder {
  private counters = zeroCounters();
  private maxUtilization = 0;
  private maxAcquired = 0;

  count(name: CounterName, by = 1): void {
    this.counters[name] += by;
  }

  poolLevel(acquired: number, utilizationPct: number): void {
    this.maxAcquired = Math.max(this.maxAcquired, acquired);
    this.maxUtilization = Math.max(this.maxUtilization, utilizationPct);
  }

  response(status: number): void {
    this.counters.RequestCount += 1;
    if (status >= 200 && status < 300) this.counters.HTTPCode_2XX_Count += 1;
    else if (status >= 400 && status < 500) this.counters.HTTPCode_4XX_Count += 1;
    else if (status >= 500) this.counters.HTTPCode_5XX_Count += 1;
  }

  /** The pool level right now seeds the next interval, so a level held across intervals is not lost. */
  drain(currentAcquired: number, currentUtilizationPct: number): MetricSnapshot {
    const snapshot: MetricSnapshot = {
      PoolUtilization: Math.max(this.maxUtilization, currentUtilizationPct),
      AcquiredConnections: Math.max(this.maxAcquired, currentAcquired),
      ...this.counters,
    };
    this.counters = zeroCounters();
    this.maxUtilization = currentUtilizationPct;
    this.maxAcquired = currentAcquired;
    return snapshot;
  }
}

export function toMetricData(snapshot: MetricSnapshot, serviceName: string, timestamp: Date): MetricDatum[] {
  return (Object.keys(snapshot) as Array<keyof MetricSnapshot>).map((name) => ({
    MetricName: name,
    Dimensions: [{ Name: 'Service', Value: serviceName }],
    Timestamp: timestamp,
    Value: snapshot[name],
    Unit: name === 'PoolUtilization' ? 'Percent' : 'Count',
    StorageResolution: 1,
  }));
}
