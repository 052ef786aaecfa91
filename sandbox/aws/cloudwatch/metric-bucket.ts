// The samples of one metric in one unit and one time slot (a second for high-resolution data, a minute otherwise),
// and the per-period statistics computed from a group of such slots.
import { addToSummary, basicStatistic, isBasicStatistic, parsePercentile, percentiles, statisticSetAsValue, type Summary } from './statistics.ts';
import type { Statistic } from './types.ts';

/** JSON form used by MetricStore snapshots: [valueCount pairs] plus the summary. */
export interface BucketSnapshot {
  n: number;
  sum: number;
  min: number;
  max: number;
  /** [value, count] pairs of the raw (percentile-eligible) samples. */
  v: [number, number][];
}

export class SampleBucket {
  /** Over every sample, statistic sets included. Defined once anything was added. */
  summary: Summary | undefined;
  /**
   * Raw values and how often each occurred. Statistic sets whose samples were not all one value are in `summary`
   * only: CloudWatch cannot compute percentiles from them and neither do we.
   */
  readonly values = new Map<number, number>();

  /** Adds raw values; returns how many distinct values were new to this bucket (the store's memory budget unit). */
  addValue(value: number, count: number): number {
    if (!(count > 0)) return 0;
    // In place: this runs once per published value, so no allocation here.
    const s = this.summary;
    if (s) {
      s.sampleCount += count;
      s.sum += value * count;
      if (value < s.minimum) s.minimum = value;
      if (value > s.maximum) s.maximum = value;
    } else {
      this.summary = { sampleCount: count, sum: value * count, minimum: value, maximum: value };
    }
    const before = this.values.get(value);
    this.values.set(value, (before ?? 0) + count);
    return before === undefined ? 1 : 0;
  }

  addStatisticSet(set: Summary): number {
    const asValue = statisticSetAsValue(set);
    if (asValue) return this.addValue(asValue.value, asValue.count);
    this.summary = addToSummary(this.summary, set);
    return 0;
  }

  /** Folds another bucket into this one (roll-up of 1-second slots into their minute). Returns new distinct values. */
  merge(other: SampleBucket): number {
    if (!other.summary) return 0;
    let added = 0;
    for (const [value, count] of other.values) {
      const before = this.values.get(value);
      this.values.set(value, (before ?? 0) + count);
      if (before === undefined) added++;
    }
    this.summary = addToSummary(this.summary, other.summary);
    return added;
  }

  toSnapshot(): BucketSnapshot {
    const s = this.summary ?? { sampleCount: 0, sum: 0, minimum: 0, maximum: 0 };
    return { n: s.sampleCount, sum: s.sum, min: s.minimum, max: s.maximum, v: [...this.values] };
  }

  static fromSnapshot(snapshot: BucketSnapshot): SampleBucket {
    const bucket = new SampleBucket();
    bucket.summary = { sampleCount: snapshot.n, sum: snapshot.sum, minimum: snapshot.min, maximum: snapshot.max };
    for (const [value, count] of snapshot.v) bucket.values.set(value, count);
    return bucket;
  }
}

/** The slots that fall into one period of a query. */
export interface PeriodSamples {
  /** Epoch ms of the period's start. */
  timestamp: number;
  /** Set when the query split results by unit (GetMetricStatistics without a Unit). */
  unit?: string;
  /** Every unit seen in this period (GetMetricData reports mixed units). */
  units: Set<string>;
  buckets: SampleBucket[];
}

/** The requested statistics of one period, in order; undefined where a statistic has no value (e.g. no raw samples). */
export function periodStatistics(period: PeriodSamples, stats: readonly Statistic[]): (number | undefined)[] {
  let summary: Summary | undefined;
  for (const bucket of period.buckets) if (bucket.summary) summary = addToSummary(summary, bucket.summary);
  const ps = stats.map((stat) => parsePercentile(stat));
  const wanted = ps.filter((p): p is number => p !== undefined);
  const answers = wanted.length > 0 ? percentiles(distribution(period.buckets), wanted) : [];
  let next = 0;
  return stats.map((stat, i) => {
    if (ps[i] !== undefined) return answers[next++];
    if (!summary || summary.sampleCount <= 0 || !isBasicStatistic(stat)) return undefined;
    return basicStatistic(summary, stat);
  });
}

function* distribution(buckets: readonly SampleBucket[]): Iterable<readonly [number, number]> {
  for (const bucket of buckets) yield* bucket.values;
}
