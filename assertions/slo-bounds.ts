// The bounds one SLO entry sets, each as something that reads a figure from a window of the load and judges it.
// Shared by the per-phase SLO checks (slo.ts) and the rolling recovery measurement (recovery.ts), so both read the
// same figure the same way.
import type { Slo } from '../lib/experiment/model.ts';
import type { StatsFilter, WindowStats } from '../lib/evidence/window.ts';
import { latency, percent, rate } from './format.ts';

export type BoundKey = 'p50' | 'p95' | 'p99' | 'max' | 'errorRate' | 'minRps';

export interface Bound {
  key: BoundKey;
  /** The figure in words: "p95", "error rate", "request rate". */
  label: string;
  limit: number;
  /** The figure this bound judges; null when the window has no requests. */
  read(stats: WindowStats): number | null;
  holds(value: number): boolean;
  /** A figure of this bound in words: "84ms", "12.5%", "18.3 req/s". */
  show(value: number | null): string;
  /** The requirement in words: "p95 ≤ 100ms". */
  expected: string;
}

const latencyBound = (key: 'p50' | 'p95' | 'p99' | 'max', limit: number, read: (s: WindowStats) => number | null): Bound => ({
  key,
  label: key,
  limit,
  read,
  holds: (v) => v <= limit,
  show: latency,
  expected: `${key} ≤ ${latency(limit)}`,
});

/** Every bound the SLO sets, in a fixed order (latency, then errors, then throughput). */
export function sloBounds(slo: Slo): Bound[] {
  const bounds: Bound[] = [];
  if (slo.p50Ms !== undefined) bounds.push(latencyBound('p50', slo.p50Ms, (s) => s.p50Ms));
  if (slo.p95Ms !== undefined) bounds.push(latencyBound('p95', slo.p95Ms, (s) => s.p95Ms));
  if (slo.p99Ms !== undefined) bounds.push(latencyBound('p99', slo.p99Ms, (s) => s.p99Ms));
  if (slo.maxMs !== undefined) bounds.push(latencyBound('max', slo.maxMs, (s) => s.maxMs));
  const errorMax = slo.errorRateMax;
  if (errorMax !== undefined) {
    bounds.push({ key: 'errorRate', label: 'error rate', limit: errorMax, read: (s) => s.errorRatio, holds: (v) => v <= errorMax, show: percent, expected: `error rate ≤ ${percent(errorMax)}` });
  }
  const minRps = slo.minRps;
  if (minRps !== undefined) {
    bounds.push({ key: 'minRps', label: 'request rate', limit: minRps, read: (s) => s.rps, holds: (v) => v >= minRps, show: (v) => (v === null ? 'n/a' : rate(v)), expected: `rate ≥ ${rate(minRps)}` });
  }
  return bounds;
}

/** `all` means every request of the load, tagged or not (like k6's http_req_duration); a class means that tag only. */
export function categoryFilter(category: Slo['category']): StatsFilter {
  return category === 'all' ? {} : { categories: [category] };
}

/** How a category reads in a sentence: "read-simple requests" / "requests". */
export function requestsOf(category: Slo['category']): string {
  return category === 'all' ? 'requests' : `${category} requests`;
}

/** The same at the start of a sentence: "The read-simple requests" / "All requests". */
export function requestsSubject(category: Slo['category']): string {
  return category === 'all' ? 'All requests' : `The ${category} requests`;
}

/** "5xx 120, net 3": the error-bearing status classes of a window, for error-rate messages. */
export function statusBreakdown(stats: WindowStats): string {
  const parts = Object.entries(stats.byStatusClass)
    .filter(([, n]) => n > 0)
    .map(([cls, n]) => `${cls} ${n}`);
  return parts.length ? parts.join(', ') : 'no responses';
}
