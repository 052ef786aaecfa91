// k6's end-of-test summary (--summary-export, the legacy JSON shape k6 v2 still writes): per-metric values and,
// for thresholds, a map of expression -> "failed" (true means the threshold was crossed).
import { existsSync, readFileSync } from 'node:fs';

export interface K6MetricSummary {
  /** Trend stats (avg, min, med, max, p(50), p(95), p(99), count), counter (count, rate), rate (value, passes, fails). */
  values: Record<string, number>;
  /** Threshold expression -> crossed? */
  thresholds: Record<string, boolean>;
}

export interface K6Summary {
  metrics: Record<string, K6MetricSummary>;
}

/** The summary k6 exported, or undefined if it wrote none (k6 killed, or it failed before the test ran). */
export function readSummary(file: string): K6Summary | undefined {
  if (!existsSync(file)) return undefined;
  const raw = JSON.parse(readFileSync(file, 'utf8')) as { metrics?: Record<string, Record<string, unknown>> };
  const metrics: Record<string, K6MetricSummary> = {};
  for (const [name, entry] of Object.entries(raw.metrics ?? {})) {
    const values: Record<string, number> = {};
    let thresholds: Record<string, boolean> = {};
    for (const [key, value] of Object.entries(entry)) {
      if (key === 'thresholds' && typeof value === 'object' && value !== null) thresholds = value as Record<string, boolean>;
      else if (typeof value === 'number') values[key] = value;
    }
    metrics[name] = { values, thresholds };
  }
  return { metrics };
}

/** The k6 summary of one SLO class's latency (`http_req_duration{category:<c>}`), present only when thresholded. */
export function categoryDuration(summary: K6Summary | undefined, category: string): Record<string, number> | undefined {
  return summary?.metrics[`http_req_duration{category:${category}}`]?.values;
}

/** Categories the scenario put thresholds on: a threshold with no samples passes, so these must be covered. */
export function thresholdedCategories(summary: K6Summary | undefined): string[] {
  const categories = new Set<string>();
  for (const [name, metric] of Object.entries(summary?.metrics ?? {})) {
    const match = /^[a-z_]+\{category:([^}]+)\}$/.exec(name);
    if (match?.[1] && Object.keys(metric.thresholds).length > 0) categories.add(match[1]);
  }
  return [...categories].sort();
}

/** Names of the thresholds k6 reported as crossed, like `http_req_duration{category:export}: p(95)<5000`. */
export function failedThresholds(summary: K6Summary | undefined): string[] {
  const failed: string[] = [];
  for (const [name, metric] of Object.entries(summary?.metrics ?? {})) {
    for (const [expression, crossed] of Object.entries(metric.thresholds)) if (crossed) failed.push(`${name}: ${expression}`);
  }
  return failed;
}
