// Nothing secret reaches a report. Fault parameters arrive redacted from the journal, but a report is published
// (CI artefacts, job summaries, chat), so it redacts again: parameters by key and by value, and every free-text
// string (check messages, notes, alarm reasons) loses the credentials part of any connection string in it.

export const REDACTED = '[redacted]';

/** Parameter names that carry secrets or secret-bearing locations (DATABASE_URL, apiKey, authToken, ...). */
const SECRET_KEY = /password|secret|token|url|key/i;
/** `scheme://user:password@host` */
const CREDENTIAL_URL = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@'"]+):([^\s/@'"]*)@/gi;
/** libpq / query-string forms: `password=...`, `pwd=...`, `passwd=...` */
const PASSWORD_PAIR = /\b(password|passwd|pwd)(\s*=\s*)('[^']*'|"[^"]*"|[^\s;&'"]+)/gi;

/** True when `text` holds a connection string with credentials or a password assignment. */
export function looksLikeCredentials(text: string): boolean {
  return new RegExp(CREDENTIAL_URL.source, 'i').test(text) || new RegExp(PASSWORD_PAIR.source, 'i').test(text);
}

/** Free text with the credentials of any connection string replaced; the rest stays readable. */
export function scrubText(text: string): string {
  return text.replace(CREDENTIAL_URL, `$1$2:${REDACTED}@`).replace(PASSWORD_PAIR, `$1$2${REDACTED}`);
}

/** Fault parameters for a report: secret-looking keys and credential-bearing values become "[redacted]", deeply. */
export function redactParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).map(([key, value]) => [key, SECRET_KEY.test(key) ? REDACTED : redactValue(value)]));
}

function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return looksLikeCredentials(value) ? REDACTED : value;
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') return redactParams(value as Record<string, unknown>);
  return value;
}

/** A deep copy of `value` with scrubText applied to every string in it (keys included). */
export function scrubStrings<T>(value: T): T {
  if (typeof value === 'string') return scrubText(value) as T;
  if (Array.isArray(value)) return value.map(scrubStrings) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [scrubText(k), scrubStrings(v)])) as T;
  }
  return value;
}
