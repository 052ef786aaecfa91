// Input validation for the metric read APIs: GetMetricData, GetMetricStatistics and ListMetrics.
import {
  invalidCombination,
  invalidValue,
  isPresent,
  missingParameter,
  readBoolean,
  readDimensions,
  readEnum,
  readInteger,
  readList,
  readNamespace,
  readPeriod,
  readString,
  readStruct,
  readTimeRange,
  readUnit,
  type Input,
} from './metric-fields.ts';
import type { ListMetricsFilter, MetricIdentity } from './metric-store.ts';
import { BASIC_STATISTICS, isSupportedStatistic, parsePercentile, type BasicStatistic } from './statistics.ts';
import type { Statistic } from './types.ts';

const MAX_QUERIES = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const MAX_STATISTICS_DATAPOINTS = 1440;
const LIST_DIMENSION_FILTERS = 10;
const RECENTLY_ACTIVE_MS = 3 * 3600 * 1000;
const SCAN_ORDERS = ['TimestampDescending', 'TimestampAscending'] as const;

export type ScanBy = (typeof SCAN_ORDERS)[number];

export interface MetricStatQuery {
  id: string;
  label?: string;
  returnData: boolean;
  metric: MetricIdentity;
  period: number;
  stat: Statistic;
  unit?: string;
}

export interface GetMetricDataRequest {
  queries: MetricStatQuery[];
  start: number;
  end: number;
  scanBy: ScanBy;
  maxDatapoints: number;
  nextToken?: string;
}

export interface GetMetricStatisticsRequest {
  metric: MetricIdentity;
  start: number;
  end: number;
  period: number;
  statistics: BasicStatistic[];
  extendedStatistics: string[];
  unit?: string;
}

export interface ListMetricsRequest {
  filter: ListMetricsFilter;
  nextToken?: string;
}

export function parseGetMetricData(input: Input): GetMetricDataRequest {
  const list = readList(input, 'MetricDataQueries', 'MetricDataQueries', MAX_QUERIES);
  if (!list || list.length === 0) throw missingParameter('MetricDataQueries');
  const ids = new Set<string>();
  const queries = list.map((raw, i) => {
    const query = readQuery(readStruct(raw, `MetricDataQueries.member.${i + 1}`), `MetricDataQueries.member.${i + 1}`);
    if (ids.has(query.id)) throw invalidValue(`The value ${query.id} for parameter MetricDataQueries.member.${i + 1}.Id is not unique.`);
    ids.add(query.id);
    return query;
  });
  const { start, end } = readTimeRange(input, 'ValidationError');
  const scanBy = readEnum(input, 'ScanBy', 'ScanBy', SCAN_ORDERS) ?? 'TimestampDescending';
  const maxDatapoints = readInteger(input, 'MaxDatapoints', 'MaxDatapoints', { min: 1 }) ?? DEFAULT_MAX_DATAPOINTS;
  const nextToken = readString(input, 'NextToken', 'NextToken', { maxLength: 4096 });
  return { queries, start, end, scanBy, maxDatapoints, ...(nextToken ? { nextToken } : {}) };
}

function readQuery(query: Input, field: string): MetricStatQuery {
  const id = readString(query, 'Id', `${field}.Id`, { required: true }) as string;
  if (!/^[a-z][A-Za-z0-9_]*$/.test(id)) {
    throw invalidValue(`The value ${id} for parameter ${field}.Id is invalid: an Id must start with a lowercase letter and contain only letters, numbers and underscores.`);
  }
  if (isPresent(query.Expression) && isPresent(query.MetricStat)) {
    throw invalidCombination(`The parameters ${field}.Expression and ${field}.MetricStat are mutually exclusive and you have specified both.`);
  }
  if (isPresent(query.Expression)) {
    throw invalidValue(`The sandbox does not evaluate metric math or Metrics Insights queries (${field}.Expression). Request the metric itself with ${field}.MetricStat.`);
  }
  if (!isPresent(query.MetricStat)) throw missingParameter(`${field}.MetricStat`);
  const stat = readStruct(query.MetricStat, `${field}.MetricStat`);
  const label = readString(query, 'Label', `${field}.Label`, { maxLength: 1024 });
  const unit = readUnit(stat, 'Unit', `${field}.MetricStat.Unit`);
  return {
    id,
    ...(label !== undefined ? { label } : {}),
    returnData: readBoolean(query, 'ReturnData', `${field}.ReturnData`) ?? true,
    metric: readMetric(stat, 'Metric', `${field}.MetricStat.Metric`),
    period: readPeriod(stat, 'Period', `${field}.MetricStat.Period`),
    stat: readStatistic(stat, 'Stat', `${field}.MetricStat.Stat`),
    ...(unit !== undefined ? { unit } : {}),
  };
}

function readMetric(obj: Input, key: string, field: string): MetricIdentity {
  if (!isPresent(obj[key])) throw missingParameter(field);
  const metric = readStruct(obj[key], field);
  return {
    namespace: readNamespace(metric, 'Namespace', `${field}.Namespace`, true) as string,
    metricName: readString(metric, 'MetricName', `${field}.MetricName`, { required: true }) as string,
    dimensions: readDimensions(metric, 'Dimensions', `${field}.Dimensions`),
  };
}

function readStatistic(obj: Input, key: string, field: string): Statistic {
  const stat = readString(obj, key, field, { required: true }) as string;
  if (isSupportedStatistic(stat)) return stat;
  throw invalidValue(
    `The value ${stat} for parameter ${field} is invalid. The sandbox computes SampleCount, Average, Sum, Minimum, Maximum and percentiles such as p95 or p99.9.`,
  );
}

export function parseGetMetricStatistics(input: Input): GetMetricStatisticsRequest {
  const metric = {
    namespace: readNamespace(input, 'Namespace', 'Namespace', true) as string,
    metricName: readString(input, 'MetricName', 'MetricName', { required: true }) as string,
    dimensions: readDimensions(input, 'Dimensions', 'Dimensions'),
  };
  const { start, end } = readTimeRange(input, 'InvalidParameterValue');
  const period = readPeriod(input, 'Period', 'Period');
  const statistics = (readList(input, 'Statistics', 'Statistics', BASIC_STATISTICS.length) ?? []).map((s, i) =>
    readEnum({ s }, 's', `Statistics.member.${i + 1}`, BASIC_STATISTICS) as BasicStatistic,
  );
  const extendedStatistics = (readList(input, 'ExtendedStatistics', 'ExtendedStatistics', 10) ?? []).map((s, i) => {
    if (typeof s === 'string' && parsePercentile(s) !== undefined) return s;
    throw invalidValue(`The value ${String(s)} for parameter ExtendedStatistics.member.${i + 1} is invalid. The sandbox computes percentiles from p0 to p100, such as p95 or p99.9.`);
  });
  if (statistics.length === 0 && extendedStatistics.length === 0) {
    throw missingParameter('Statistics or ExtendedStatistics');
  }
  const requested = (end - start) / 1000 / period;
  if (requested > MAX_STATISTICS_DATAPOINTS) {
    throw invalidCombination(
      `You have requested up to ${Math.floor(requested)} datapoints, which exceeds the limit of ${MAX_STATISTICS_DATAPOINTS}. You may reduce the datapoints requested by increasing Period, or decreasing the time range.`,
    );
  }
  const unit = readUnit(input, 'Unit', 'Unit');
  return { metric, start, end, period, statistics, extendedStatistics, ...(unit !== undefined ? { unit } : {}) };
}

export function parseListMetrics(input: Input, now: number): ListMetricsRequest {
  const namespace = readNamespace(input, 'Namespace', 'Namespace', false);
  const metricName = readString(input, 'MetricName', 'MetricName');
  const dimensions = (readList(input, 'Dimensions', 'Dimensions', LIST_DIMENSION_FILTERS) ?? []).map((raw, i) => {
    const field = `Dimensions.member.${i + 1}`;
    const filter = readStruct(raw, field);
    const name = readString(filter, 'Name', `${field}.Name`, { required: true }) as string;
    const value = readString(filter, 'Value', `${field}.Value`, { maxLength: 1024 });
    return value === undefined ? { name } : { name, value };
  });
  const recentlyActive = readEnum(input, 'RecentlyActive', 'RecentlyActive', ['PT3H'] as const);
  const nextToken = readString(input, 'NextToken', 'NextToken', { maxLength: 4096 });
  const filter: ListMetricsFilter = {
    ...(namespace !== undefined ? { namespace } : {}),
    ...(metricName !== undefined ? { metricName } : {}),
    ...(dimensions.length > 0 ? { dimensions } : {}),
    ...(recentlyActive ? { activeSince: now - RECENTLY_ACTIVE_MS } : {}),
  };
  return { filter, ...(nextToken ? { nextToken } : {}) };
}
