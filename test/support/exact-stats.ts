// Exact statistics of raw samples, the yardstick the evidence's histogram figures are tested against.

/**
 * A value read at the midpoint of its HDR bucket (3 significant digits: 2048 sub-buckets, so a bucket is at most
 * 1/1024 of the values in it) is off by at most half a bucket: this share of the value. Below 2048 µs buckets
 * hold a single value and reads are exact.
 */
export const HDR_MIDPOINT_RELATIVE_ERROR = 1 / 2048;

/** k6's TrendSink.P: linear interpolation at fractional rank p/100 * (n - 1) over the sorted values. */
export function k6Percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 1) return sorted[0] as number;
  const i = (p / 100) * (sorted.length - 1);
  const lo = sorted[Math.floor(i)] as number;
  const hi = sorted[Math.ceil(i)] as number;
  return lo + (hi - lo) * (i - Math.floor(i));
}

export function exactMean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/** |got - exact| as a share of exact (0 when both are 0). */
export function relativeError(got: number, exact: number): number {
  return got === exact ? 0 : Math.abs(got - exact) / Math.abs(exact);
}
