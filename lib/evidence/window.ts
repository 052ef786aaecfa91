// What a time window of evidence says: counts, rates, error ratios and k6-compatible percentiles, for any subset
// of categories and status classes. Built by EvidenceStore.window(); every figure comes from the merged histograms.
import { DEFAULT_ERROR_CLASSES, parseSeriesKey, STATUS_CLASSES, type StatusClass } from './keys.ts';
import { newHistogram, percentiles, type Histogram } from './histogram.ts';

export interface WindowStats {
  /** Requested window, epoch ms: buckets whose 1 s interval starts in [fromMs, toMs). */
  fromMs: number;
  toMs: number;
  /** Seconds of the window that lie within the recorded run (the rate denominator). */
  seconds: number;
  count: number;
  /** Requests per second over `seconds`. */
  rps: number;
  errors: number;
  /** errors / count; null when there were no requests. */
  errorRatio: number | null;
  /** Latency in ms; null when there were no requests. */
  minMs: number | null;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
  byStatusClass: Record<StatusClass, number>;
}

export interface StatsFilter {
  /** Only these categories (default: all, including untagged and unexpected ones). */
  categories?: readonly string[];
  /** Only requests in these status classes (default: all, like k6's http_req_duration). */
  statusClasses?: readonly StatusClass[];
  /** Which classes count as errors (default: 5xx and net). */
  errorClasses?: readonly StatusClass[];
}

const micros = (v: number | undefined) => (v === undefined || Number.isNaN(v) ? null : v / 1000);

export class WindowEvidence {
  constructor(
    /** Merged histogram per series key (`category/statusClass`). */
    readonly series: ReadonlyMap<string, Histogram>,
    readonly fromMs: number,
    readonly toMs: number,
    readonly seconds: number,
  ) {}

  /** Every category with at least one request in the window, with its request count. */
  categoryCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [key, h] of this.series) {
      const parsed = parseSeriesKey(key);
      if (parsed && h.totalCount > 0) counts.set(parsed.category, (counts.get(parsed.category) ?? 0) + h.totalCount);
    }
    return counts;
  }

  stats(filter: StatsFilter = {}): WindowStats {
    const merged = newHistogram();
    const byStatusClass = Object.fromEntries(STATUS_CLASSES.map((c) => [c, 0])) as Record<StatusClass, number>;
    const errorClasses = filter.errorClasses ?? DEFAULT_ERROR_CLASSES;
    let errors = 0;
    for (const [key, h] of this.series) {
      const parsed = parseSeriesKey(key);
      if (!parsed) continue;
      if (filter.categories && !filter.categories.includes(parsed.category)) continue;
      if (filter.statusClasses && !filter.statusClasses.includes(parsed.statusClass)) continue;
      merged.add(h);
      byStatusClass[parsed.statusClass] += h.totalCount;
      if (errorClasses.includes(parsed.statusClass)) errors += h.totalCount;
    }
    const p = percentiles(merged, [50, 95, 99]);
    return {
      fromMs: this.fromMs,
      toMs: this.toMs,
      seconds: this.seconds,
      count: p.count,
      rps: this.seconds > 0 ? p.count / this.seconds : 0,
      errors,
      errorRatio: p.count > 0 ? errors / p.count : null,
      minMs: micros(p.minMicros),
      meanMs: micros(p.meanMicros),
      p50Ms: micros(p.values[0]),
      p95Ms: micros(p.values[1]),
      p99Ms: micros(p.values[2]),
      maxMs: micros(p.maxMicros),
      byStatusClass,
    };
  }

  /** stats() for each category seen in the window (plus any listed in `include`, which may have zero requests). */
  byCategory(filter: Omit<StatsFilter, 'categories'> = {}, include: readonly string[] = []): Record<string, WindowStats> {
    const names = new Set([...include, ...this.categoryCounts().keys()]);
    return Object.fromEntries([...names].map((category) => [category, this.stats({ ...filter, categories: [category] })]));
  }
}
