// PutMetricData input validation: turns the JSON body into MetricStore datums or throws CloudWatch's error.
//
// Deliberate difference from AWS: CloudWatch refuses customer data in namespaces starting with "AWS/", but the
// sandbox's own load balancer publishes AWS/ApplicationELB (and the ECS emulation AWS/ECS) through this same API,
// so the sandbox accepts them.
import { AwsError } from '../protocol.ts';
import {
  invalidCombination,
  invalidValue,
  isPresent,
  readDimensions,
  readDouble,
  readInteger,
  readList,
  readNamespace,
  readString,
  readStruct,
  readTimestamp,
  readUnit,
  type Input,
} from './metric-fields.ts';
import type { MetricDatumInput } from './metric-store.ts';
import type { Summary } from './statistics.ts';

const MAX_DATUMS = 1000;
const MAX_VALUES = 150;
const MAX_DIMENSIONS = 30;
const MAX_ENTITY_METRIC_DATA = 2;
const MAX_AGE_MS = 14 * 24 * 3600 * 1000;
const MAX_AHEAD_MS = 2 * 3600 * 1000;

type Samples = Pick<MetricDatumInput, 'values' | 'counts' | 'statisticSet'>;

/** Validates a whole PutMetricData request; nothing is stored unless every datum is valid (as in CloudWatch). */
export function parsePutMetricData(input: Input, now: number): MetricDatumInput[] {
  const namespace = readNamespace(input, 'Namespace', 'Namespace', true) as string;
  const items = datumFields(input);
  if (items.length === 0) throw new AwsError('MissingParameter', 'The parameter MetricData is required.');
  if (items.length > MAX_DATUMS) throw invalidValue(`The collection MetricData must not have a size greater than ${MAX_DATUMS}.`);
  return items.map(([raw, field]) => parseDatum(readStruct(raw, field), field, namespace, now));
}

/** MetricData plus the metrics inside EntityMetricData (the entity itself is not modelled), with their field names. */
function datumFields(input: Input): [unknown, string][] {
  const items: [unknown, string][] = (readList(input, 'MetricData', 'MetricData', MAX_DATUMS) ?? []).map((d, i) => [d, `MetricData.member.${i + 1}`]);
  const entities = readList(input, 'EntityMetricData', 'EntityMetricData', MAX_ENTITY_METRIC_DATA) ?? [];
  entities.forEach((raw, i) => {
    const field = `EntityMetricData.member.${i + 1}`;
    const list = readList(readStruct(raw, field), 'MetricData', `${field}.MetricData`, MAX_DATUMS) ?? [];
    list.forEach((d, j) => items.push([d, `${field}.MetricData.member.${j + 1}`]));
  });
  return items;
}

function parseDatum(datum: Input, field: string, namespace: string, now: number): MetricDatumInput {
  const metricName = readString(datum, 'MetricName', `${field}.MetricName`, { required: true }) as string;
  const dimensions = readDimensions(datum, 'Dimensions', `${field}.Dimensions`, MAX_DIMENSIONS);
  const timestamp = readTimestamp(datum, 'Timestamp', `${field}.Timestamp`) ?? now;
  if (timestamp < now - MAX_AGE_MS) throw invalidValue(`The parameter ${field}.Timestamp must specify a time within the past two weeks.`);
  if (timestamp > now + MAX_AHEAD_MS) throw invalidValue(`The parameter ${field}.Timestamp must specify a time no more than two hours in the future.`);
  const unit = readUnit(datum, 'Unit', `${field}.Unit`) ?? 'None';
  const resolution = readInteger(datum, 'StorageResolution', `${field}.StorageResolution`) ?? 60;
  if (resolution !== 1 && resolution !== 60) throw invalidValue(`The parameter ${field}.StorageResolution must be a value in the set [ 1, 60 ].`);
  return { namespace, metricName, dimensions, timestamp, unit, storageResolution: resolution, ...readSamples(datum, field) };
}

/** Exactly one of Value, Values (+ optional Counts) or StatisticValues. */
function readSamples(datum: Input, field: string): Samples {
  const has = (key: string) => isPresent(datum[key]);
  const exclusive = (a: string, b: string) => {
    if (has(a) && has(b)) {
      throw invalidCombination(`The parameters ${field}.${a} and ${field}.${b} are mutually exclusive and you have specified both.`);
    }
  };
  exclusive('Value', 'Values');
  exclusive('Value', 'StatisticValues');
  exclusive('Values', 'StatisticValues');
  if (has('Counts') && !has('Values')) throw invalidCombination(`The parameter ${field}.Counts can only be specified together with ${field}.Values.`);
  if (has('Value')) return { values: [readDouble(datum.Value, `${field}.Value`)] };
  if (has('Values')) return readValuesAndCounts(datum, field);
  if (has('StatisticValues')) return { statisticSet: readStatisticSet(readStruct(datum.StatisticValues, `${field}.StatisticValues`), `${field}.StatisticValues`) };
  throw new AwsError('MissingParameter', `One of the parameters ${field}.Value, ${field}.Values or ${field}.StatisticValues is required.`);
}

function readValuesAndCounts(datum: Input, field: string): Samples {
  const rawValues = readList(datum, 'Values', `${field}.Values`, MAX_VALUES) ?? [];
  if (rawValues.length === 0) throw invalidValue(`The collection ${field}.Values must not be empty.`);
  const values = rawValues.map((v, i) => readDouble(v, `${field}.Values.member.${i + 1}`));
  const rawCounts = readList(datum, 'Counts', `${field}.Counts`, MAX_VALUES);
  if (!rawCounts) return { values };
  if (rawCounts.length !== values.length) {
    throw invalidValue(`The parameters ${field}.Values and ${field}.Counts must be of the same size.`);
  }
  const counts = rawCounts.map((c, i) => {
    const count = readDouble(c, `${field}.Counts.member.${i + 1}`);
    if (count < 0) throw invalidValue(`The value ${count} for parameter ${field}.Counts.member.${i + 1} is invalid: counts must not be negative.`);
    return count;
  });
  return { values, counts };
}

function readStatisticSet(set: Input, field: string): Summary {
  const member = (key: string) => {
    if (!isPresent(set[key])) throw new AwsError('MissingParameter', `The parameter ${field}.${key} is required.`);
    return readDouble(set[key], `${field}.${key}`);
  };
  const summary = { sampleCount: member('SampleCount'), sum: member('Sum'), minimum: member('Minimum'), maximum: member('Maximum') };
  if (!(summary.sampleCount > 0)) throw invalidValue(`The value ${summary.sampleCount} for parameter ${field}.SampleCount is invalid: it must be greater than 0.`);
  if (summary.minimum > summary.maximum) {
    throw invalidValue(`The parameter ${field}.Minimum (${summary.minimum}) must not be greater than ${field}.Maximum (${summary.maximum}).`);
  }
  return summary;
}
