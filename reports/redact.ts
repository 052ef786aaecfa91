// Nothing secret reaches a report. Fault parameters arrive redacted from the journal, but a report is published
// (CI artefacts, job summaries, chat), so it redacts again: parameters by key and by value, and every free-text
// string (check messages, notes, alarm reasons) loses the credentials part of any connection string in it. Game-day
// notes are typed by people under pressure, so the free-text rules also catch what gets pasted by mistake: a
// `DB_PASSWORD=`, `api_key=` or `token=` assignment, a bearer token, an AWS access key id.

import { redactSecrets } from '../lib/safety/secret-values.ts';

export const REDACTED = '[redacted]';

/** Parameter names that carry secrets or secret-bearing locations (DATABASE_URL, apiKey, authToken, ...). */
const SECRET_KEY = /password|secret|token|url|key/i;
/** `scheme://user:password@host` */
const CREDENTIAL_URL = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s:/@'"]+):([^\s/@'"]*)@/gi;
/**
 * Assignments of a secret: libpq and query-string forms (`password=...`, `pwd=...`) and environment-style names that
 * end in one (`DB_PASSWORD=`, `client_secret=`, `api_key=`, `AUTH_TOKEN=`, `aws_secret_access_key=`). A name that
 * only starts with one (`secretId=`) is not a secret.
 */
const SECRET_PAIR = /\b([\w.-]*?(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key))(\s*=\s*)('[^']*'|"[^"]*"|[^\s;&'"]+)/gi;
/** `Authorization: Bearer <token>` */
const BEARER = /\b(bearer\s+)[\w.~+/=-]{8,}/gi;
/** AWS access key ids (long-term AKIA, temporary ASIA). */
const AWS_KEY_ID = /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g;

const FORMS = [CREDENTIAL_URL, SECRET_PAIR, BEARER, AWS_KEY_ID];

/** True when `text` holds a connection string with credentials, a secret assignment, a bearer token or an AWS key id. */
export function looksLikeCredentials(text: string): boolean {
  return FORMS.some((form) => new RegExp(form.source, form.flags.replace('g', '')).test(text));
}

/** Free text with the secret part of each of those forms replaced; the rest stays readable. */
export function scrubText(text: string): string {
  return text
    .replace(CREDENTIAL_URL, `$1$2:${REDACTED}@`)
    .replace(SECRET_PAIR, `$1$2${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`)
    .replace(AWS_KEY_ID, REDACTED);
}

/**
 * Free text leaving this process while a drill runs (operator notes, notifications): the values of secrets firedrill
 * read in this run (lib/safety/secret-values.ts) and anything credential-shaped, both masked.
 */
export function scrubLive(text: string): string {
  return scrubText(redactSecrets(text));
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
