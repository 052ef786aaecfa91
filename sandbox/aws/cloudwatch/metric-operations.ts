// The CloudWatch metric API handlers (PutMetricData, GetMetricData, GetMetricStatistics, ListMetrics) over a
// MetricStore. index.ts joins them with the alarm operations into the CloudWatch ServiceDefinition.
import type { Handler } from '../protocol.ts';
import { periodStatistics } from './metric-bucket.ts';
import { getMetricData } from './metric-get-data.ts';
import { decodeToken, encodeToken, requestFingerprint } from './metric-pagination.ts';
import { parseGetMetricData, parseGetMetricStatistics, parseListMetrics, type GetMetricStatisticsRequest, type ListMetricsRequest } from './metric-query-validation.ts';
import { metricKey, type MetricIdentity, type MetricStore } from './metric-store.ts';
import { parsePutMetricData } from './metric-validation.ts';
import type { Statistic } from './types.ts';

const LIST_METRICS_PAGE_SIZE = 500;

/** The metric operations that change state (the request log marks them). */
export const METRIC_MUTATING_OPERATIONS: ReadonlySet<string> = new Set(['PutMetricData']);

export function metricOperations(store: MetricStore): Record<string, Handler> {
  return {
    PutMetricData: (input, ctx) => {
      store.put(parsePutMetricData(input, ctx.now), ctx.now);
      return {};
    },
    GetMetricData: (input) => getMetricData(store, parseGetMetricData(input)),
    GetMetricStatistics: (input) => getMetricStatistics(store, parseGetMetricStatistics(input)),
    ListMetrics: (input, ctx) => listMetrics(store, parseListMetrics(input, ctx.now)),
  };
}

/** One datapoint per period and unit (CloudWatch does not mix units here), ascending by time. */
function getMetricStatistics(store: MetricStore, req: GetMetricStatisticsRequest): Record<string, unknown> {
  const stats: Statistic[] = [...req.statistics, ...(req.extendedStatistics as Statistic[])];
  const range = { ...req.metric, period: req.period, start: req.start, end: req.end, ...(req.unit ? { unit: req.unit } : {}) };
  const datapoints: Record<string, unknown>[] = [];
  for (const period of store.periods(range, true)) {
    const values = periodStatistics(period, stats);
    const point: Record<string, unknown> = {};
    req.statistics.forEach((stat, i) => {
      if (values[i] !== undefined) point[stat] = values[i];
    });
    const extended: Record<string, number> = {};
    req.extendedStatistics.forEach((stat, j) => {
      const value = values[req.statistics.length + j];
      if (value !== undefined) extended[stat] = value;
    });
    if (Object.keys(extended).length > 0) point.ExtendedStatistics = extended;
    // Percentiles of a period holding only mixed statistic sets have no value; such a period yields no datapoint.
    if (Object.keys(point).length === 0) continue;
    datapoints.push({ Timestamp: new Date(period.timestamp), ...point, Unit: period.unit });
  }
  return { Label: req.metric.metricName, Datapoints: datapoints };
}

function listMetrics(store: MetricStore, req: ListMetricsRequest): Record<string, unknown> {
  // The RecentlyActive cut-off moves with the clock; the token must still match on the next call.
  const { activeSince, ...stable } = req.filter;
  const fingerprint = requestFingerprint({ ...stable, recentlyActive: activeSince !== undefined });
  const metrics = store.listMetrics(req.filter);
  let first = 0;
  if (req.nextToken) {
    const after = decodeToken(req.nextToken, fingerprint).after;
    const index = metrics.findIndex((m) => metricKey(m) > String(after));
    first = index === -1 ? metrics.length : index;
  }
  const page = metrics.slice(first, first + LIST_METRICS_PAGE_SIZE);
  const last = page.at(-1);
  const more = last !== undefined && first + page.length < metrics.length;
  return { Metrics: page.map(toWireMetric), ...(more ? { NextToken: encodeToken(fingerprint, { after: metricKey(last) }) } : {}) };
}

function toWireMetric(metric: MetricIdentity): Record<string, unknown> {
  return { Namespace: metric.namespace, MetricName: metric.metricName, Dimensions: metric.dimensions };
}
