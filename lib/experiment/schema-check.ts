import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { InputProblem } from '../errors.ts';
import { isDuration } from './duration.ts';
import { closest } from './suggest.ts';

// ajv-formats is CommonJS: under NodeNext the import is the module object and the plugin sits on .default.
type FormatsPlugin = typeof addFormatsModule.default;
const addFormats: FormatsPlugin = (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, strictRequired: false, useDefaults: false, allowUnionTypes: true });
addFormats(ajv, ['uri']);
ajv.addFormat('duration', { type: 'string', validate: isDuration });

const compiled = new WeakMap<object, ValidateFunction>();

/** Validate `value` against `schema` and return every problem in plain English, located by field path. */
export function checkSchema(schema: object, value: unknown, basePath = ''): InputProblem[] {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  return dedupe(filterNoise(validate.errors ?? []).map((e) => toProblem(e, basePath)));
}

/** `/faults/1/hold` -> `faults[1].hold` */
export function fieldPath(pointer: string, basePath = ''): string {
  let out = basePath;
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out;
}

function toProblem(e: ErrorObject, basePath: string): InputProblem {
  const path = fieldPath(e.instancePath, basePath);
  const got = describe(e.data);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return { path, message: `missing required field "${String(p.missingProperty)}"` };
    case 'additionalProperties': {
      const field = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const hint = closest(field, known);
      return { path: join(path, field), message: `unknown field${hint ? `: did you mean "${hint}"?` : `; known fields: ${known.join(', ')}`}` };
    }
    case 'format':
      if (p.format === 'duration') return { path, message: `expected a duration like "90s", got ${got}` };
      return { path, message: `expected a ${String(p.format)}, got ${got}` };
    case 'type':
      return { path, message: `expected ${String(p.type)}, got ${got}` };
    case 'enum':
      return { path, message: `expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, got ${got}` };
    case 'const':
      return { path, message: `expected ${JSON.stringify(p.allowedValue)}, got ${got}` };
    case 'pattern': {
      const description = (e.parentSchema as { description?: string })?.description;
      return { path, message: `${got} is not valid${description ? `: use ${description}` : ` (must match ${String(p.pattern)})`}` };
    }
    case 'oneOf':
      return { path, message: `set exactly one of ${oneOfFields(e.schema)}` };
    default:
      return { path, message: `${e.message ?? 'is invalid'}${e.data !== undefined && typeof e.data !== 'object' ? `, got ${got}` : ''}` };
  }
}

/** if/then and oneOf produce a summary error next to the real one; keep the real one. */
function filterNoise(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword !== 'if' && !(e.keyword === 'oneOf' && errors.some((o) => o !== e && o.instancePath === e.instancePath && o.keyword !== 'required' && o.keyword !== 'oneOf')));
}

function oneOfFields(schema: unknown): string {
  const branches = Array.isArray(schema) ? (schema as Array<{ required?: string[] }>) : [];
  const names = branches.flatMap((b) => b.required ?? []);
  return names.length ? names.map((n) => `"${n}"`).join(' or ') : 'the alternatives';
}

function join(path: string, field: string): string {
  return path ? `${path}.${field}` : field;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  // A URL's user info, path and query can carry a secret (a Slack webhook is all token after the host): name its
  // scheme and host only, whichever field it was pasted into.
  const url = typeof value === 'string' ? /^([a-z][a-z0-9+.-]*:\/\/)(?:[^/?#@\s]*@)?([^/?#\s]*)(.*)$/is.exec(value) : null;
  if (url) return `${JSON.stringify(`${url[1]}${url[2]}${url[3] ? '/…' : ''}`)} (a URL; the rest is not shown, it may hold a token)`;
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}..."` : text;
}

function dedupe(problems: InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path}|${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
