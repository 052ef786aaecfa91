// The seam between the metric store (PutMetricData/GetMetricData) and the alarm evaluator.

export interface Dimension {
  Name: string;
  Value: string;
}

/** Average | Sum | SampleCount | Minimum | Maximum, or an extended statistic like p95 / p99.9. */
export type Statistic = 'Average' | 'Sum' | 'SampleCount' | 'Minimum' | 'Maximum' | `p${string}`;

export interface MetricQuery {
  namespace: string;
  metricName: string;
  /** Exact match on the full dimension set, order-insensitive, as CloudWatch does. */
  dimensions: Dimension[];
  /** Seconds: 1, 5, 10, 20, 30 or a multiple of 60. */
  period: number;
  stat: Statistic;
  /** Epoch ms, inclusive. */
  start: number;
  /** Epoch ms, exclusive. */
  end: number;
  unit?: string;
}

export interface Datapoint {
  /** Epoch ms of the start of the period (aligned to the period). */
  timestamp: number;
  value: number;
}

/** Anything that can answer "the statistic of this metric per period": the store implements it. */
export interface MetricSource {
  /** Only periods that hold at least one value, ascending by timestamp. */
  datapoints(query: MetricQuery): Datapoint[];
}
