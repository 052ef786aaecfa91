// Request-field readers the alarm operations need beyond the shared ones in metric-fields.ts: AWS's "1 validation
// error detected" form (ValidationError, used for enum and range violations such as SetAlarmState's StateValue and
// MaxRecords), ResourceNotFound, bounded integers and string lists.
import { AwsError } from '../protocol.ts';
import { invalidValue, isPresent, readInteger, readList, type Input } from './metric-fields.ts';

export const validationError = (message: string) => new AwsError('ValidationError', message);
export const resourceNotFound = (message: string) => new AwsError('ResourceNotFound', message, 404);

/** AWS names members in validation messages in camelCase: 'stateValue', 'maxRecords'. */
function member(field: string): string {
  return field.charAt(0).toLowerCase() + field.slice(1);
}

/** "1 validation error detected: Value 'X' at 'stateValue' failed to satisfy constraint: ...", as AWS words it. */
export function constraintError(field: string, value: unknown, constraint: string): AwsError {
  return validationError(`1 validation error detected: Value '${String(value)}' at '${member(field)}' failed to satisfy constraint: ${constraint}`);
}

/** An enum member whose violation AWS reports as ValidationError (e.g. SetAlarmState StateValue, DescribeAlarms StateValue). */
export function readValidatedEnum<T extends string>(obj: Input, key: string, allowed: readonly T[]): T | undefined {
  const value = obj[key];
  if (!isPresent(value)) return undefined;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  throw constraintError(key, value, `Member must satisfy enum value set: [${allowed.join(', ')}]`);
}

/** An integer in [min, max]; out of range is a ValidationError naming the bound, as for MaxRecords. */
export function readBoundedInteger(obj: Input, key: string, min: number, max: number): number | undefined {
  const value = obj[key];
  if (typeof value === 'number' && Number.isInteger(value)) {
    if (value < min) throw constraintError(key, value, `Member must have value greater than or equal to ${min}`);
    if (value > max) throw constraintError(key, value, `Member must have value less than or equal to ${max}`);
  }
  return readInteger(obj, key, key);
}

/** A list of non-empty strings of at most maxLength characters. */
export function readStringList(obj: Input, key: string, maxItems: number, maxLength: number): string[] {
  const list = readList(obj, key, key, maxItems) ?? [];
  return list.map((item, i) => {
    if (typeof item === 'string' && item.length > 0 && item.length <= maxLength) return item;
    throw invalidValue(`The parameter ${key}.member.${i + 1} must be a string of 1 to ${maxLength} characters.`);
  });
}
