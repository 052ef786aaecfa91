// Reading Secrets Manager request members off the JSON body. Errors follow AWS's ValidationException wording
// ("1 validation error detected: Value ... at 'member' failed to satisfy constraint: ...") so they name the member.
import { AwsError } from '../protocol.ts';
import { missingMember } from './errors.ts';
import type { Tag } from './model.ts';

type Input = Record<string, unknown>;

const memberName = (field: string) => `${field.charAt(0).toLowerCase()}${field.slice(1)}`;

function constraint(field: string, shown: string, rule: string): AwsError {
  return new AwsError('ValidationException', `1 validation error detected: Value ${shown} at '${memberName(field)}' failed to satisfy constraint: ${rule}`);
}

function wrongType(field: string, expected: string): AwsError {
  return new AwsError('SerializationException', `${field} must be ${expected}.`);
}

export function requiredString(input: Input, field: string, maxLength = 2048): string {
  const value = optionalString(input, field, maxLength);
  if (value === undefined) throw missingMember(field);
  return value;
}

/** Secret values are never echoed: length violations show the length only. */
export function optionalString(input: Input, field: string, maxLength = 2048, minLength = 1): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(field, 'a string');
  if (value.length < minLength) throw constraint(field, 'of length 0', 'Member must have length greater than or equal to 1');
  if (value.length > maxLength) throw constraint(field, `of length ${value.length}`, `Member must have length less than or equal to ${maxLength}`);
  return value;
}

export function optionalBoolean(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(field, 'true or false');
  return value;
}

export function optionalInteger(input: Input, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType(field, 'an integer');
  if (value < min) throw constraint(field, `'${value}'`, `Member must have value greater than or equal to ${min}`);
  if (value > max) throw constraint(field, `'${value}'`, `Member must have value less than or equal to ${max}`);
  return value;
}

export function optionalStringList(input: Input, field: string, maxItems: number, maxLength = 256): string[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(field, 'a list of strings');
  if (value.length < 1 || value.length > maxItems) {
    throw constraint(field, `with ${value.length} items`, `Member must have between 1 and ${maxItems} items`);
  }
  return value.map((item, i) => requiredString({ [`${field}[${i}]`]: item }, `${field}[${i}]`, maxLength));
}

export function optionalTags(input: Input, field: string): Tag[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw wrongType(field, 'a list of {Key, Value} objects');
  return value.map((item, i) => {
    if (!item || typeof item !== 'object') throw wrongType(`${field}[${i}]`, 'a {Key, Value} object');
    const tag = item as Input;
    return { Key: requiredString(tag, 'Key', 128), Value: optionalString(tag, 'Value', 256, 0) ?? '' };
  });
}

export interface Page<T> {
  page: T[];
  nextToken?: string;
}

/** Opaque offset tokens; a token from another listing or a tampered one is InvalidNextTokenException. */
export function paginate<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined, defaultMax: number): Page<T> {
  let offset = 0;
  if (nextToken !== undefined) {
    const decoded = /^o:(\d{1,9})$/.exec(Buffer.from(nextToken, 'base64url').toString('utf8'));
    if (!decoded) throw new AwsError('InvalidNextTokenException', 'The NextToken value is invalid: pass the NextToken of the previous page unchanged.');
    offset = Number(decoded[1]);
  }
  const end = offset + (maxResults ?? defaultMax);
  const page = items.slice(offset, end);
  return end < items.length ? { page, nextToken: Buffer.from(`o:${end}`).toString('base64url') } : { page };
}
