// How a request is classified in the evidence: its SLO class (the `category` tag) and its status class.
export { CATEGORIES, type Category } from '../../scenarios/lib/slo.ts';

/** `net` = no HTTP response at all (connection refused, reset, timeout): k6 records status 0. */
export const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'net'] as const;
export type StatusClass = (typeof STATUS_CLASSES)[number];

/** Status classes that count as errors in error ratios unless a query says otherwise: the service failed. */
export const DEFAULT_ERROR_CLASSES: readonly StatusClass[] = ['5xx', 'net'];

/** The category recorded for requests without a `category` tag. */
export const UNTAGGED = '(none)';

export function statusClassOf(status: number): StatusClass {
  if (status >= 100 && status < 600) return STATUS_CLASSES[Math.floor(status / 100) - 1] as StatusClass;
  return 'net';
}

/**
 * Evidence key of one (category, status class) series, e.g. `read-simple/2xx`. Also the HdrHistogram log tag, so
 * characters the log format reserves (comma, whitespace) and the separator are replaced in category names.
 */
export function seriesKey(category: string, statusClass: StatusClass): string {
  const safe = category === '' ? UNTAGGED : category.replace(/[\s,/]/g, '_');
  return `${safe}/${statusClass}`;
}

export function parseSeriesKey(key: string): { category: string; statusClass: StatusClass } | undefined {
  const slash = key.lastIndexOf('/');
  const statusClass = key.slice(slash + 1) as StatusClass;
  if (slash <= 0 || !(STATUS_CLASSES as readonly string[]).includes(statusClass)) return undefined;
  return { category: key.slice(0, slash), statusClass };
}
