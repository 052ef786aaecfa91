// The statistics CloudWatch computes over the samples of one period, as pure functions.
//
// Percentile method: nearest rank, no interpolation. For N samples (counts summed) the pth percentile is the smallest
// published value whose cumulative count reaches rank ceil(p/100 * N), with rank at least 1 (so p0 is the minimum and
// p100 the maximum). CloudWatch does not document its method; nearest rank always answers with a value that was
// actually published, which is what CloudWatch's answers look like for small sample sets, and it is easy to check
// against a brute-force sort.
import type { Statistic } from './types.ts';

/** SampleCount/Sum/Minimum/Maximum of some samples: the shape of a StatisticSet in PutMetricData. */
export interface Summary {
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
}

export type BasicStatistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum';

export const BASIC_STATISTICS: readonly BasicStatistic[] = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];

// Guards ceil() against binary rounding: 99.9 * 1000 / 100 is 999.0000000000001 in floating point, not 999.
const RANK_EPSILON = 1e-9;

export function isBasicStatistic(stat: string): stat is BasicStatistic {
  return (BASIC_STATISTICS as readonly string[]).includes(stat);
}

/** The p of a percentile statistic such as p95 or p99.9 (0 <= p <= 100), or undefined when `stat` is not one. */
export function parsePercentile(stat: string): number | undefined {
  const match = /^p(\d{1,3}(?:\.\d{1,10})?)$/.exec(stat);
  if (!match) return undefined;
  const p = Number(match[1]);
  return p >= 0 && p <= 100 ? p : undefined;
}

/** The statistics the sandbox computes: the five basic ones and percentiles (not tm/wm/IQM/TC/TS/PR). */
export function isSupportedStatistic(stat: string): stat is Statistic {
  return isBasicStatistic(stat) || parsePercentile(stat) !== undefined;
}

/** Summary of raw values, each occurring counts[i] times (1 when counts is omitted). Undefined when empty. */
export function summarize(values: readonly number[], counts?: readonly number[]): Summary | undefined {
  let summary: Summary | undefined;
  values.forEach((value, i) => {
    const count = counts?.[i] ?? 1;
    if (count > 0) summary = addToSummary(summary, { sampleCount: count, sum: value * count, minimum: value, maximum: value });
  });
  return summary;
}

/** Combine two summaries (either may be absent). Returns a new object. */
export function addToSummary(a: Summary | undefined, b: Summary): Summary {
  if (!a) return { ...b };
  return {
    sampleCount: a.sampleCount + b.sampleCount,
    sum: a.sum + b.sum,
    minimum: Math.min(a.minimum, b.minimum),
    maximum: Math.max(a.maximum, b.maximum),
  };
}

export function basicStatistic(summary: Summary, stat: BasicStatistic): number {
  switch (stat) {
    case 'SampleCount':
      return summary.sampleCount;
    case 'Sum':
      return summary.sum;
    case 'Minimum':
      return summary.minimum;
    case 'Maximum':
      return summary.maximum;
    case 'Average':
      return summary.sum / summary.sampleCount;
  }
}

/**
 * A statistic set can stand in for raw values only when every sample had the same value (CloudWatch's rule for
 * percentiles on statistic sets): then it is `sampleCount` copies of `minimum`. Otherwise percentiles cannot use it.
 */
export function statisticSetAsValue(set: Summary): { value: number; count: number } | undefined {
  if (set.minimum !== set.maximum) return undefined;
  if (Math.abs(set.sum - set.minimum * set.sampleCount) > RANK_EPSILON * Math.max(1, Math.abs(set.sum))) return undefined;
  return { value: set.minimum, count: set.sampleCount };
}

/**
 * Nearest-rank percentiles of a distribution given as [value, count] pairs (any order, values may repeat).
 * Returns one answer per requested p, undefined for all when the distribution is empty.
 */
export function percentiles(distribution: Iterable<readonly [number, number]>, ps: readonly number[]): (number | undefined)[] {
  const entries = [...distribution].filter(([, count]) => count > 0).sort((a, b) => a[0] - b[0]);
  const total = entries.reduce((n, [, count]) => n + count, 0);
  if (entries.length === 0 || total <= 0) return ps.map(() => undefined);
  return ps.map((p) => {
    const rank = Math.max(1, Math.ceil((p * total) / 100 - RANK_EPSILON));
    let cumulative = 0;
    for (const [value, count] of entries) {
      cumulative += count;
      if (cumulative >= rank - RANK_EPSILON) return value;
    }
    return entries[entries.length - 1]?.[0];
  });
}

/** Convenience form of `percentiles` for parallel value and count arrays. */
export function percentile(values: readonly number[], counts: readonly number[] | undefined, p: number): number | undefined {
  return percentiles(
    values.map((value, i) => [value, counts?.[i] ?? 1] as const),
    [p],
  )[0];
}
