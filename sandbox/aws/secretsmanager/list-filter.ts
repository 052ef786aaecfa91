// ListSecrets' Filters: each filter's values are alternatives (OR), filters combine with AND, a value starting
// with "!" negates. Matching per the API reference: name, tag-key and tag-value are case-sensitive prefixes,
// description is a case-insensitive prefix, all matches any of them case-insensitively.
import { AwsError } from '../protocol.ts';
import type { Tag } from './model.ts';

export interface ListFilter {
  key: 'name' | 'description' | 'tag-key' | 'tag-value' | 'all';
  values: string[];
}

interface Listed {
  Name: string;
  Description?: string;
  Tags?: Tag[];
}

const KEYS: ReadonlySet<string> = new Set(['name', 'description', 'tag-key', 'tag-value', 'all']);

export function parseFilters(raw: unknown): ListFilter[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new AwsError('SerializationException', 'Filters must be a list of {Key, Values} objects.');
  return raw.map((item: unknown, i) => {
    const f = (item ?? {}) as { Key?: unknown; Values?: unknown };
    if (typeof f.Key !== 'string' || !KEYS.has(f.Key)) {
      throw new AwsError('InvalidParameterException', `Filters[${i}].Key must be one of ${[...KEYS].join(', ')} in the sandbox; got ${JSON.stringify(f.Key)}.`);
    }
    if (!Array.isArray(f.Values) || f.Values.length === 0 || !f.Values.every((v) => typeof v === 'string' && v !== '')) {
      throw new AwsError('InvalidParameterException', `Filters[${i}].Values must be a non-empty list of non-empty strings.`);
    }
    return { key: f.Key as ListFilter['key'], values: f.Values as string[] };
  });
}

export function matchesFilters(entry: Listed, filters: readonly ListFilter[]): boolean {
  return filters.every((f) => f.values.some((v) => (v.startsWith('!') ? !matches(entry, f.key, v.slice(1)) : matches(entry, f.key, v))));
}

function matches(entry: Listed, key: ListFilter['key'], value: string): boolean {
  const tags = entry.Tags ?? [];
  switch (key) {
    case 'name':
      return entry.Name.startsWith(value);
    case 'description':
      return (entry.Description ?? '').toLowerCase().startsWith(value.toLowerCase());
    case 'tag-key':
      return tags.some((t) => t.Key.startsWith(value));
    case 'tag-value':
      return tags.some((t) => t.Value.startsWith(value));
    case 'all': {
      const lower = value.toLowerCase();
      const fields = [entry.Name, entry.Description ?? '', ...tags.flatMap((t) => [t.Key, t.Value])];
      return fields.some((field) => field.toLowerCase().includes(lower));
    }
  }
}
