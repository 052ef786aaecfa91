import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../sandbox/aws/protocol.ts';
import { parsePutMetricData } from '../../../sandbox/aws/cloudwatch/metric-validation.ts';
import { parseGetMetricData, parseGetMetricStatistics, parseListMetrics } from '../../../sandbox/aws/cloudwatch/metric-query-validation.ts';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const nowSeconds = NOW / 1000;

function errorOf(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError, nothing was thrown');
}

const put = (datum: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  parsePutMetricData({ Namespace: 'CoreAPI', MetricData: [{ MetricName: 'Latency', ...datum }], ...extra }, NOW);

describe('PutMetricData validation', () => {
  it('normalises the three value forms with defaults', () => {
    expect(put({ Value: 3 })[0]).toEqual({
      namespace: 'CoreAPI', metricName: 'Latency', dimensions: [], timestamp: NOW, unit: 'None', storageResolution: 60, values: [3],
    });
    expect(put({ Values: [1, 2], Counts: [3, 4], Unit: 'Milliseconds', StorageResolution: 1, Timestamp: nowSeconds - 5 })[0]).toMatchObject({
      values: [1, 2], counts: [3, 4], unit: 'Milliseconds', storageResolution: 1, timestamp: NOW - 5000,
    });
    expect(put({ StatisticValues: { SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2 } })[0]?.statisticSet).toEqual({ sampleCount: 2, sum: 3, minimum: 1, maximum: 2 });
  });

  it('accepts AWS/ namespaces because the sandbox load balancer publishes there', () => {
    expect(parsePutMetricData({ Namespace: 'AWS/ApplicationELB', MetricData: [{ MetricName: 'RequestCount', Value: 1 }] }, NOW)).toHaveLength(1);
  });

  it('reads metrics inside EntityMetricData too', () => {
    const datums = parsePutMetricData({ Namespace: 'N', EntityMetricData: [{ Entity: {}, MetricData: [{ MetricName: 'm', Value: 1 }] }] }, NOW);
    expect(datums.map((d) => d.metricName)).toEqual(['m']);
  });

  const cases: [string, () => unknown, string, string | RegExp][] = [
    ['missing namespace', () => parsePutMetricData({ MetricData: [{ MetricName: 'm', Value: 1 }] }, NOW), 'MissingParameter', 'The parameter Namespace is required.'],
    ['missing metric data', () => parsePutMetricData({ Namespace: 'N' }, NOW), 'MissingParameter', 'The parameter MetricData is required.'],
    ['missing metric name', () => parsePutMetricData({ Namespace: 'N', MetricData: [{ Value: 1 }] }, NOW), 'MissingParameter', 'The parameter MetricData.member.1.MetricName is required.'],
    ['too many datums', () => parsePutMetricData({ Namespace: 'N', MetricData: Array(1001).fill({ MetricName: 'm', Value: 1 }) }, NOW), 'InvalidParameterValue', 'The collection MetricData must not have a size greater than 1000.'],
    ['Value and Values', () => put({ Value: 1, Values: [1] }), 'InvalidParameterCombination', 'The parameters MetricData.member.1.Value and MetricData.member.1.Values are mutually exclusive and you have specified both.'],
    ['Value and StatisticValues', () => put({ Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }), 'InvalidParameterCombination', 'The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.'],
    ['Values and StatisticValues', () => put({ Values: [1], StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } }), 'InvalidParameterCombination', /Values and MetricData.member.1.StatisticValues are mutually exclusive/],
    ['Counts without Values', () => put({ Value: 1, Counts: [1] }), 'InvalidParameterCombination', /Counts can only be specified together with/],
    ['no value at all', () => put({}), 'MissingParameter', /One of the parameters MetricData.member.1.Value, .*Values or .*StatisticValues is required/],
    ['counts of another length', () => put({ Values: [1, 2], Counts: [1] }), 'InvalidParameterValue', 'The parameters MetricData.member.1.Values and MetricData.member.1.Counts must be of the same size.'],
    ['more than 150 values', () => put({ Values: Array.from({ length: 151 }, (_, i) => i) }), 'InvalidParameterValue', 'The collection MetricData.member.1.Values must not have a size greater than 150.'],
    ['NaN as the SDK sends it', () => put({ Value: 'NaN' }), 'InvalidParameterValue', 'The value NaN for parameter MetricData.member.1.Value is invalid.'],
    ['Infinity in Values', () => put({ Values: [1, 'Infinity'] }), 'InvalidParameterValue', 'The value Infinity for parameter MetricData.member.1.Values.member.2 is invalid.'],
    ['beyond 2^360', () => put({ Value: 2 ** 361 }), 'InvalidParameterValue', /for parameter MetricData.member.1.Value is invalid/],
    ['negative count', () => put({ Values: [1], Counts: [-1] }), 'InvalidParameterValue', /Counts.member.1 is invalid: counts must not be negative/],
    ['incomplete statistic set', () => put({ StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1 } }), 'MissingParameter', 'The parameter MetricData.member.1.StatisticValues.Maximum is required.'],
    ['statistic set min above max', () => put({ StatisticValues: { SampleCount: 2, Sum: 1, Minimum: 3, Maximum: 1 } }), 'InvalidParameterValue', /Minimum \(3\) must not be greater than/],
    ['timestamp older than two weeks', () => put({ Value: 1, Timestamp: nowSeconds - 15 * 86400 }), 'InvalidParameterValue', 'The parameter MetricData.member.1.Timestamp must specify a time within the past two weeks.'],
    ['timestamp over two hours ahead', () => put({ Value: 1, Timestamp: nowSeconds + 3 * 3600 }), 'InvalidParameterValue', /Timestamp must specify a time no more than two hours in the future/],
    ['storage resolution 5', () => put({ Value: 1, StorageResolution: 5 }), 'InvalidParameterValue', 'The parameter MetricData.member.1.StorageResolution must be a value in the set [ 1, 60 ].'],
    ['unknown unit', () => put({ Value: 1, Unit: 'Parsecs' }), 'InvalidParameterValue', /The parameter MetricData.member.1.Unit must be a value in the set \[ Seconds, /],
    ['31 dimensions', () => put({ Value: 1, Dimensions: Array.from({ length: 31 }, (_, i) => ({ Name: `d${i}`, Value: 'v' })) }), 'InvalidParameterValue', 'The collection MetricData.member.1.Dimensions must not have a size greater than 30.'],
    ['dimension without value', () => put({ Value: 1, Dimensions: [{ Name: 'Service' }] }), 'MissingParameter', 'The parameter MetricData.member.1.Dimensions.member.1.Value is required.'],
    ['repeated dimension name', () => put({ Value: 1, Dimensions: [{ Name: 'A', Value: '1' }, { Name: 'A', Value: '2' }] }), 'InvalidParameterValue', /Dimensions.member.2.Name repeats the dimension name A/],
  ];
  it.each(cases)('rejects %s', (_name, call, code, message) => {
    const error = errorOf(call);
    expect(error.code).toBe(code);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });
});

describe('GetMetricData validation', () => {
  const q = (extra: Record<string, unknown> = {}) => ({
    Id: 'm1',
    MetricStat: { Metric: { Namespace: 'N', MetricName: 'm' }, Period: 60, Stat: 'p95' },
    ...extra,
  });
  const get = (queries: unknown[], extra: Record<string, unknown> = {}) =>
    parseGetMetricData({ MetricDataQueries: queries, StartTime: nowSeconds - 600, EndTime: nowSeconds, ...extra });

  it('defaults ScanBy, MaxDatapoints and ReturnData', () => {
    expect(get([q()])).toMatchObject({ scanBy: 'TimestampDescending', maxDatapoints: 100800, start: NOW - 600000, end: NOW, queries: [{ id: 'm1', stat: 'p95', period: 60, returnData: true }] });
  });

  const cases: [string, () => unknown, string, string | RegExp][] = [
    ['no queries', () => get([]), 'MissingParameter', 'The parameter MetricDataQueries is required.'],
    ['501 queries', () => get(Array.from({ length: 501 }, (_, i) => q({ Id: `m${i}` }))), 'InvalidParameterValue', 'The collection MetricDataQueries must not have a size greater than 500.'],
    ['an Id starting with a capital', () => get([q({ Id: 'M1' })]), 'InvalidParameterValue', /MetricDataQueries.member.1.Id is invalid: an Id must start with a lowercase letter/],
    ['duplicate Ids', () => get([q(), q()]), 'InvalidParameterValue', 'The value m1 for parameter MetricDataQueries.member.2.Id is not unique.'],
    ['a math expression', () => get([{ Id: 'e1', Expression: 'm1 * 2' }]), 'InvalidParameterValue', /sandbox does not evaluate metric math .*MetricDataQueries.member.1.Expression/],
    ['a trimmed mean', () => get([q({ MetricStat: { Metric: { Namespace: 'N', MetricName: 'm' }, Period: 60, Stat: 'tm99' } })]), 'InvalidParameterValue', /The value tm99 for parameter MetricDataQueries.member.1.MetricStat.Stat is invalid/],
    ['period 7', () => get([q({ MetricStat: { Metric: { Namespace: 'N', MetricName: 'm' }, Period: 7, Stat: 'Sum' } })]), 'InvalidParameterValue', /Period must be 1, 5, 10, 20, 30 or a multiple of 60, got 7/],
    ['no metric', () => get([q({ MetricStat: { Period: 60, Stat: 'Sum' } })]), 'MissingParameter', 'The parameter MetricDataQueries.member.1.MetricStat.Metric is required.'],
    ['start after end', () => get([q()], { StartTime: nowSeconds, EndTime: nowSeconds - 60 }), 'InvalidParameterValue', 'The parameter StartTime must be less than the parameter EndTime.'],
    ['start equal to end', () => get([q()], { StartTime: nowSeconds, EndTime: nowSeconds }), 'ValidationError', 'The parameter StartTime must not equal parameter EndTime.'],
    ['an unknown ScanBy', () => get([q()], { ScanBy: 'Sideways' }), 'InvalidParameterValue', 'The parameter ScanBy must be a value in the set [ TimestampDescending, TimestampAscending ].'],
    ['MaxDatapoints 0', () => get([q()], { MaxDatapoints: 0 }), 'InvalidParameterValue', /MaxDatapoints is invalid: expected an integer of at least 1/],
  ];
  it.each(cases)('rejects %s', (_name, call, code, message) => {
    const error = errorOf(call);
    expect(error.code).toBe(code);
    if (typeof message === 'string') expect(error.message).toBe(message);
    else expect(error.message).toMatch(message);
  });
});

describe('GetMetricStatistics and ListMetrics validation', () => {
  const base = { Namespace: 'N', MetricName: 'm', StartTime: nowSeconds - 3600, EndTime: nowSeconds, Period: 60 };

  it('accepts Statistics and ExtendedStatistics together', () => {
    expect(parseGetMetricStatistics({ ...base, Statistics: ['Sum'], ExtendedStatistics: ['p99.9'] })).toMatchObject({ statistics: ['Sum'], extendedStatistics: ['p99.9'] });
  });

  it('rejects a request for neither, unknown statistics and too many datapoints', () => {
    expect(errorOf(() => parseGetMetricStatistics(base)).code).toBe('MissingParameter');
    expect(errorOf(() => parseGetMetricStatistics({ ...base, Statistics: ['Median'] })).message).toBe(
      'The parameter Statistics.member.1 must be a value in the set [ SampleCount, Average, Sum, Minimum, Maximum ].',
    );
    expect(errorOf(() => parseGetMetricStatistics({ ...base, ExtendedStatistics: ['tm90'] })).message).toMatch(/ExtendedStatistics.member.1 is invalid/);
    const tooMany = errorOf(() => parseGetMetricStatistics({ ...base, Period: 1, Statistics: ['Sum'] }));
    expect(tooMany.code).toBe('InvalidParameterCombination');
    expect(tooMany.message).toBe(
      'You have requested up to 3600 datapoints, which exceeds the limit of 1440. You may reduce the datapoints requested by increasing Period, or decreasing the time range.',
    );
  });

  it('reads ListMetrics filters and RecentlyActive', () => {
    expect(parseListMetrics({ Namespace: 'N', Dimensions: [{ Name: 'Service' }], RecentlyActive: 'PT3H' }, NOW).filter).toEqual({
      namespace: 'N', dimensions: [{ name: 'Service' }], activeSince: NOW - 3 * 3600 * 1000,
    });
    expect(errorOf(() => parseListMetrics({ RecentlyActive: 'PT1H' }, NOW)).message).toBe('The parameter RecentlyActive must be a value in the set [ PT3H ].');
    expect(errorOf(() => parseListMetrics({ Dimensions: Array(11).fill({ Name: 'a' }) }, NOW)).message).toBe('The collection Dimensions must not have a size greater than 10.');
  });
});
