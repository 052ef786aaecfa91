// Request field readers: every check names the field, as InvalidParameterException like ECS's own validation.
import { invalidParameter } from './errors.ts';
import type { TagRecord } from './model.ts';

type Input = Record<string, unknown>;

export function optString(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalidParameter(`${field} must be a string.`);
  return value;
}

export function reqString(input: Input, field: string): string {
  const value = optString(input, field);
  if (value === undefined || value === '') throw invalidParameter(`${field} can not be blank.`);
  return value;
}

export function optInt(input: Input, field: string, min: number, max: number): number | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalidParameter(`${field} must be an integer between ${min} and ${max}, got ${JSON.stringify(value)}.`);
  }
  return value;
}

export function optBool(input: Input, field: string): boolean | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw invalidParameter(`${field} must be a boolean.`);
  return value;
}

export function optObject(input: Input, field: string): Input | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw invalidParameter(`${field} must be an object.`);
  return value as Input;
}

export function optArray(input: Input, field: string): unknown[] | undefined {
  const value = input[field];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw invalidParameter(`${field} must be a list.`);
  return value;
}

export function optStringList(input: Input, field: string): string[] | undefined {
  const list = optArray(input, field);
  if (list && !list.every((v) => typeof v === 'string')) throw invalidParameter(`${field} must be a list of strings.`);
  return list as string[] | undefined;
}

/** include: [TAGS] on the Describe* operations. */
export function includesTags(input: Input): boolean {
  return (optStringList(input, 'include') ?? []).includes('TAGS');
}

const MAX_TAGS = 50;

/** ECS tag rules: at most 50, key 1-128 characters, value 0-256, keys unique. */
export function parseTags(value: unknown, field = 'tags'): TagRecord[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidParameter(`${field} must be a list of {key, value}.`);
  if (value.length > MAX_TAGS) throw invalidParameter(`${field}: a resource can have at most ${MAX_TAGS} tags, got ${value.length}.`);
  const seen = new Set<string>();
  return value.map((raw, i) => {
    const tag = (raw ?? {}) as Input;
    const key = tag.key;
    const tagValue = tag.value ?? '';
    if (typeof key !== 'string' || key.length < 1 || key.length > 128) {
      throw invalidParameter(`${field}[${i}].key must be 1 to 128 characters.`);
    }
    if (typeof tagValue !== 'string' || tagValue.length > 256) throw invalidParameter(`${field}[${i}].value must be at most 256 characters.`);
    if (seen.has(key)) throw invalidParameter(`${field}: duplicate tag key "${key}".`);
    seen.add(key);
    return { key, value: tagValue };
  });
}

/** Tags with the same key are replaced, others added (TagResource semantics). */
export function mergeTags(existing: TagRecord[], added: TagRecord[]): TagRecord[] {
  const byKey = new Map(existing.map((t) => [t.key, t.value]));
  for (const tag of added) byKey.set(tag.key, tag.value);
  if (byKey.size > MAX_TAGS) throw invalidParameter(`tags: a resource can have at most ${MAX_TAGS} tags.`);
  return [...byKey].map(([key, value]) => ({ key, value }));
}

const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

export function checkName(value: string, field: string): string {
  if (!NAME_PATTERN.test(value)) {
    throw invalidParameter(`${field} may contain only letters, numbers, hyphens and underscores (1-255 characters), got "${value}".`);
  }
  return value;
}

export function checkListSize(list: unknown[], field: string, max: number): void {
  if (list.length === 0) throw invalidParameter(`${field} can not be empty.`);
  if (list.length > max) throw invalidParameter(`${field} can have at most ${max} items, got ${list.length}.`);
}
