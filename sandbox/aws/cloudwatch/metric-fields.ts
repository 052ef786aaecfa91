// Reading CloudWatch request fields from the JSON body, with AWS's error codes and its way of naming fields
// (MetricData.member.1.Value: the query-protocol names CloudWatch uses in messages even on the JSON protocol).
import { AwsError, parseTimestamp } from '../protocol.ts';
import type { Dimension } from './types.ts';

export type Input = Record<string, unknown>;

/** CloudWatch rejects magnitudes beyond 2^360 (and NaN/Infinity). */
const MAX_MAGNITUDE = 2 ** 360;
const MAX_NAME_LENGTH = 255;
const MAX_DIMENSION_VALUE_LENGTH = 1024;

export const STANDARD_UNITS: readonly string[] = [
  'Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes', 'Bits',
  'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second',
  'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second',
  'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None',
];

export function invalidValue(message: string): AwsError {
  return new AwsError('InvalidParameterValue', message);
}

export function invalidCombination(message: string): AwsError {
  return new AwsError('InvalidParameterCombination', message);
}

export function missingParameter(field: string): AwsError {
  return new AwsError('MissingParameter', `The parameter ${field} is required.`);
}

export function isPresent(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A structure member: must be a JSON object. */
export function readStruct(value: unknown, field: string): Input {
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Input;
  throw invalidValue(`The parameter ${field} must be a structure (a JSON object), got ${describe(value)}.`);
}

export function readString(obj: Input, key: string, field: string, opts: { required?: boolean; maxLength?: number } = {}): string | undefined {
  const value = obj[key];
  if (!isPresent(value)) {
    if (opts.required) throw missingParameter(field);
    return undefined;
  }
  if (typeof value !== 'string') throw invalidValue(`The parameter ${field} must be a string, got ${describe(value)}.`);
  const max = opts.maxLength ?? MAX_NAME_LENGTH;
  if (value.length < 1 || value.length > max) {
    throw invalidValue(`The parameter ${field} must be between 1 and ${max} characters long, got ${value.length}.`);
  }
  return value;
}

export function readList(obj: Input, key: string, field: string, maxSize: number): unknown[] | undefined {
  const value = obj[key];
  if (!isPresent(value)) return undefined;
  if (!Array.isArray(value)) throw invalidValue(`The parameter ${field} must be a list, got ${describe(value)}.`);
  if (value.length > maxSize) throw invalidValue(`The collection ${field} must not have a size greater than ${maxSize}.`);
  return value;
}

/** A double as the SDK sends it: a JSON number, or the strings "NaN"/"Infinity"/"-Infinity", which CloudWatch rejects. */
export function readDouble(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= MAX_MAGNITUDE) return value;
  throw invalidValue(`The value ${String(value)} for parameter ${field} is invalid.`);
}

export function readInteger(obj: Input, key: string, field: string, opts: { required?: boolean; min?: number } = {}): number | undefined {
  const value = obj[key];
  if (!isPresent(value)) {
    if (opts.required) throw missingParameter(field);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < (opts.min ?? -Infinity)) {
    const bound = opts.min === undefined ? '' : ` of at least ${opts.min}`;
    throw invalidValue(`The value ${String(value)} for parameter ${field} is invalid: expected an integer${bound}.`);
  }
  return value;
}

export function readBoolean(obj: Input, key: string, field: string): boolean | undefined {
  const value = obj[key];
  if (!isPresent(value)) return undefined;
  if (typeof value !== 'boolean') throw invalidValue(`The parameter ${field} must be true or false, got ${describe(value)}.`);
  return value;
}

export function readTimestamp(obj: Input, key: string, field: string, required = false): number | undefined {
  const value = obj[key];
  if (!isPresent(value)) {
    if (required) throw missingParameter(field);
    return undefined;
  }
  return parseTimestamp(value, field);
}

/** A string from a fixed set, reported the way CloudWatch words it: "must be a value in the set [ a, b ]". */
export function readEnum<T extends string>(obj: Input, key: string, field: string, allowed: readonly T[]): T | undefined {
  const value = obj[key];
  if (!isPresent(value)) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw invalidValue(`The parameter ${field} must be a value in the set [ ${allowed.join(', ')} ].`);
}

export function readUnit(obj: Input, key: string, field: string): string | undefined {
  return readEnum(obj, key, field, STANDARD_UNITS);
}

/** Dimensions of a metric: Name and Value both required, names unique within the metric. */
export function readDimensions(obj: Input, key: string, field: string, maxSize = 30): Dimension[] {
  const list = readList(obj, key, field, maxSize) ?? [];
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const member = `${field}.member.${i + 1}`;
    const dim = readStruct(raw, member);
    const Name = readString(dim, 'Name', `${member}.Name`, { required: true }) as string;
    const Value = readString(dim, 'Value', `${member}.Value`, { required: true, maxLength: MAX_DIMENSION_VALUE_LENGTH }) as string;
    if (seen.has(Name)) throw invalidValue(`The parameter ${member}.Name repeats the dimension name ${Name}; each name may appear once per metric.`);
    seen.add(Name);
    return { Name, Value };
  });
}

/** Namespace: printable ASCII, not starting with ":" (the service model's pattern). */
export function readNamespace(obj: Input, key: string, field: string, required: boolean): string | undefined {
  const namespace = readString(obj, key, field, { required });
  if (namespace !== undefined && (!/^[\x20-\x7e]+$/.test(namespace) || namespace.startsWith(':'))) {
    throw invalidValue(`The value ${namespace} for parameter ${field} is invalid: use printable ASCII characters and do not start with ":".`);
  }
  return namespace;
}

/** Periods CloudWatch accepts: 1, 5, 10, 20, 30 (high resolution) or any multiple of 60 seconds. */
export function readPeriod(obj: Input, key: string, field: string): number {
  const period = readInteger(obj, key, field, { required: true, min: 1 }) as number;
  if ([1, 5, 10, 20, 30].includes(period) || period % 60 === 0) return period;
  throw invalidValue(`The parameter ${field} must be 1, 5, 10, 20, 30 or a multiple of 60, got ${period}.`);
}

/**
 * StartTime (inclusive) and EndTime (exclusive), both required, start before end. CloudWatch words an equal pair
 * differently, and GetMetricData reports that one as ValidationError, hence `equalCode`.
 */
export function readTimeRange(obj: Input, equalCode: 'InvalidParameterValue' | 'ValidationError'): { start: number; end: number } {
  const start = readTimestamp(obj, 'StartTime', 'StartTime', true) as number;
  const end = readTimestamp(obj, 'EndTime', 'EndTime', true) as number;
  if (start === end) throw new AwsError(equalCode, 'The parameter StartTime must not equal parameter EndTime.');
  if (start > end) throw invalidValue('The parameter StartTime must be less than the parameter EndTime.');
  return { start, end };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}
