// GetMetricData over the metric store: one time series per MetricStat query, ordered by ScanBy, paginated by
// MaxDatapoints across all queries of the request.
import { periodStatistics } from './metric-bucket.ts';
import { decodeToken, encodeToken, requestFingerprint } from './metric-pagination.ts';
import type { GetMetricDataRequest, MetricStatQuery } from './metric-query-validation.ts';
import { metricKey, type MetricStore } from './metric-store.ts';

interface Point {
  t: number;
  v: number;
}

interface MessageData {
  Code: string;
  Value: string;
}

/** Where the previous page stopped: query index (in the request) and the last timestamp returned for it. */
interface Cursor {
  query: number;
  after?: number;
}

export function getMetricData(store: MetricStore, req: GetMetricDataRequest): Record<string, unknown> {
  const fingerprint = requestFingerprint([req.queries, req.start, req.end, req.scanBy]);
  const cursor = req.nextToken ? readCursor(decodeToken(req.nextToken, fingerprint)) : { query: 0 };
  const labels = defaultLabels(req.queries);
  const descending = req.scanBy === 'TimestampDescending';
  let budget = req.maxDatapoints;
  let next: Cursor | undefined;
  const results: Record<string, unknown>[] = [];
  req.queries.forEach((query, i) => {
    if (!query.returnData) return;
    const base = { Id: query.id, Label: labels[i] };
    if (i < cursor.query || next) {
      results.push({ ...base, Timestamps: [], Values: [], StatusCode: i < cursor.query ? 'Complete' : 'PartialData' });
      return;
    }
    const { points, messages } = evaluate(store, query, req, descending);
    const after = i === cursor.query ? cursor.after : undefined;
    const remaining = after === undefined ? points : points.filter((p) => (descending ? p.t < after : p.t > after));
    const page = remaining.slice(0, budget);
    budget -= page.length;
    const complete = page.length === remaining.length;
    if (!complete) {
      const last = page.at(-1)?.t ?? after;
      next = last === undefined ? { query: i } : { query: i, after: last };
    }
    results.push({
      ...base,
      Timestamps: page.map((p) => new Date(p.t)),
      Values: page.map((p) => p.v),
      StatusCode: complete ? 'Complete' : 'PartialData',
      ...(messages.length > 0 ? { Messages: messages } : {}),
    });
  });
  return { MetricDataResults: results, Messages: [], ...(next ? { NextToken: encodeToken(fingerprint, { ...next }) } : {}) };
}

function evaluate(store: MetricStore, query: MetricStatQuery, req: GetMetricDataRequest, descending: boolean): { points: Point[]; messages: MessageData[] } {
  const periods = store.periods({ ...query.metric, period: query.period, start: req.start, end: req.end, ...(query.unit ? { unit: query.unit } : {}) });
  const points: Point[] = [];
  const units = new Set<string>();
  for (const period of periods) {
    const [value] = periodStatistics(period, [query.stat]);
    if (value === undefined) continue;
    points.push({ t: period.timestamp, v: value });
    for (const unit of period.units) units.add(unit);
  }
  if (descending) points.reverse();
  // CloudWatch combines units when the query names none, and says so.
  const messages = units.size > 1 ? [{ Code: 'MultipleUnits', Value: `Multiple units returned: '[${[...units].sort().join(', ')}]'` }] : [];
  return { points, messages };
}

/**
 * CloudWatch's default label is the metric name, plus the statistic and/or period when queries for the same metric
 * in one request differ in them (so "Latency p99" and "Latency Average" can be told apart). An explicit Label wins.
 */
export function defaultLabels(queries: readonly MetricStatQuery[]): string[] {
  const byMetric = new Map<string, MetricStatQuery[]>();
  for (const q of queries) {
    const key = metricKey(q.metric);
    byMetric.set(key, [...(byMetric.get(key) ?? []), q]);
  }
  return queries.map((q) => {
    if (q.label !== undefined) return q.label;
    const siblings = byMetric.get(metricKey(q.metric)) ?? [q];
    const parts = [q.metric.metricName];
    if (new Set(siblings.map((s) => s.stat)).size > 1) parts.push(q.stat);
    if (new Set(siblings.map((s) => s.period)).size > 1) parts.push(String(q.period));
    return parts.join(' ');
  });
}

function readCursor(raw: Record<string, unknown>): Cursor {
  const query = typeof raw.query === 'number' ? raw.query : 0;
  return typeof raw.after === 'number' ? { query, after: raw.after } : { query };
}
