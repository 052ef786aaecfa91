// Chart series from the load evidence: latency percentiles per SLO class, request rate and error rate over time.
// Each point is the merged histogram of its bucket (never an average of percentiles), and the bucket width grows
// with the run so that a one-hour drill still makes a small, fast HTML file.
import type { DrillEvidence, LoadEvidence } from '../assertions/evidence.ts';
import type { WindowStats } from '../lib/evidence/window.ts';
import { round, roundOrNull } from './format.ts';
import { expectedCategories, loadCategories } from './sections/load.ts';

/** The overall series' key in `latency`, next to the SLO classes. */
export const ALL_REQUESTS = 'all';

export interface LatencySeries {
  p50: Array<number | null>;
  p95: Array<number | null>;
  p99: Array<number | null>;
}

/** Request rate and error rate per bucket: what the load chart draws and the retrospective reads error bursts from. */
export interface ErrorSeries {
  /** The charted range, epoch ms (load start to the end of the evidence window). */
  fromMs: number;
  toMs: number;
  bucketSeconds: number;
  /** Bucket start times, epoch seconds (uPlot's x unit). */
  t: number[];
  /** Requests per second in each bucket. */
  rps: number[];
  /** 5xx and network errors / requests; null where a bucket had no requests. */
  errorRate: Array<number | null>;
}

export interface ReportSeries extends ErrorSeries {
  /** Latency in ms per category, plus `all`; null where a bucket had no requests of that category. */
  latency: Record<string, LatencySeries>;
}

const NICE_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];
/** Enough points to see a 10 s alarm period on any screen, few enough to keep an hour's HTML small. */
export const MAX_BUCKETS = 600;

/** 1 s buckets up to 10 minutes, then the smallest round width that keeps the chart within MAX_BUCKETS. */
export function chooseBucketSeconds(durationSeconds: number): number {
  const wanted = durationSeconds / MAX_BUCKETS;
  return NICE_SECONDS.find((s) => s >= wanted) ?? Math.ceil(wanted / 3600) * 3600;
}

interface Range {
  fromMs: number;
  toMs: number;
}

/** Bucket edges on whole seconds (the evidence is kept in 1 s intervals), calling `each` with every bucket's window. */
function eachBucket(load: LoadEvidence, range: Range, each: (window: ReturnType<LoadEvidence['window']>, overall: WindowStats) => void): ErrorSeries {
  const startMs = Math.floor(range.fromMs / 1000) * 1000;
  const bucketSeconds = chooseBucketSeconds(Math.max(0, range.toMs - startMs) / 1000);
  const series: ErrorSeries = { fromMs: range.fromMs, toMs: range.toMs, bucketSeconds, t: [], rps: [], errorRate: [] };
  for (let from = startMs; from < range.toMs; from += bucketSeconds * 1000) {
    const window = load.window(from, from + bucketSeconds * 1000);
    const overall = window.stats();
    series.t.push(from / 1000);
    series.rps.push(round(overall.count / bucketSeconds, 3));
    series.errorRate.push(roundOrNull(overall.errorRatio, 6));
    each(window, overall);
  }
  return series;
}

/** Request and error rate only, bucketed exactly as buildSeries does (a fraction of its cost: no per-class latency). */
export function buildErrorSeries(load: LoadEvidence, range: Range): ErrorSeries {
  return eachBucket(load, range, () => undefined);
}

/** Series over [fromMs, toMs) for every category seen there plus `include` (shown even with no requests). */
export function buildSeries(load: LoadEvidence, range: Range, include: readonly string[] = []): ReportSeries {
  const startMs = Math.floor(range.fromMs / 1000) * 1000;
  const categories = [ALL_REQUESTS, ...loadCategories(load, startMs, range.toMs, include)];
  const latency = Object.fromEntries(categories.map((c) => [c, { p50: [], p95: [], p99: [] } as LatencySeries]));
  const rates = eachBucket(load, range, (window, overall) => {
    for (const category of categories) {
      const stats = category === ALL_REQUESTS ? overall : window.stats({ categories: [category] });
      const target = latency[category]!;
      target.p50.push(roundOrNull(stats.p50Ms, 3));
      target.p95.push(roundOrNull(stats.p95Ms, 3));
      target.p99.push(roundOrNull(stats.p99Ms, 3));
    }
  });
  return { ...rates, latency };
}

/** A drill's charted range: from the load start to the end of the evidence window (alarms recovering included). */
const drillRange = (evidence: DrillEvidence): Range => ({ fromMs: evidence.loadStartMs, toMs: Math.max(evidence.endMs, evidence.loadEndMs) });

/** The series of one drill, over its charted range. */
export function drillSeries(evidence: DrillEvidence): ReportSeries {
  return buildSeries(evidence.load, drillRange(evidence), expectedCategories(evidence));
}

/** The request and error rates of one drill, over the same range and buckets as drillSeries. */
export function drillErrorSeries(evidence: DrillEvidence): ErrorSeries {
  return buildErrorSeries(evidence.load, drillRange(evidence));
}
