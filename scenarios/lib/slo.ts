// The SLO classes and their latency targets (context/platform.md), and how they become k6 thresholds.
// Pure data and functions, no k6 imports: the harness (lib/evidence) imports this file too, so the classes the
// scenarios tag and the classes the harness checks for samples can never drift apart.

export const CATEGORIES = ['read-simple', 'read-complex', 'write-simple', 'write-complex', 'export'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface LatencyTarget {
  p95Ms: number;
  p99Ms: number;
}

/** Latency targets per endpoint class (p95 / p99), from the platform's published SLOs. */
export const SLO_TABLE: Readonly<Record<Category, LatencyTarget>> = {
  'read-simple': { p95Ms: 100, p99Ms: 200 },
  'read-complex': { p95Ms: 300, p99Ms: 500 },
  'write-simple': { p95Ms: 200, p99Ms: 400 },
  'write-complex': { p95Ms: 500, p99Ms: 1000 },
  export: { p95Ms: 5000, p99Ms: 10000 },
};

/** The platform-wide request targets used by the monthly profile. */
export const REQUEST_TARGETS = { p95Ms: 500, p99Ms: 1000, maxFailedRate: 0.01 } as const;

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

/** The k6 sub-metric selector for one class, e.g. `http_req_duration{category:read-simple}`. */
export function durationMetric(category: Category): string {
  return `http_req_duration{category:${category}}`;
}

/**
 * One latency threshold per class that the scenario actually sends (`categories`). k6 passes a threshold whose
 * sub-metric got no samples, so the harness checks coverage separately (lib/evidence/coverage.ts).
 */
export function sloThresholds(
  categories: readonly Category[] = CATEGORIES,
  table: Readonly<Record<Category, LatencyTarget>> = SLO_TABLE,
): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const category of categories) {
    const target = table[category];
    thresholds[durationMetric(category)] = [`p(95)<${target.p95Ms}`, `p(99)<${target.p99Ms}`];
  }
  return thresholds;
}

/**
 * Thresholds that always pass but make k6 report each class in its end-of-test summary. Used where the latency
 * is being measured rather than judged (the capacity search expects to break the SLOs at the knee).
 */
export function reportOnlyThresholds(categories: readonly Category[] = CATEGORIES): Record<string, string[]> {
  const thresholds: Record<string, string[]> = {};
  for (const category of categories) thresholds[durationMetric(category)] = ['max>=0'];
  return thresholds;
}
