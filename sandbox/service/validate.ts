// Request validation, done before a connection is taken so bad requests never cost a pool slot.
// Every message names the field and what was expected.
import { HttpError } from './errors.ts';

const MAX_INT4 = 2_147_483_647;
const bad = (message: string) => new HttpError(400, 'invalid_request', message);

export function positiveId(value: unknown, field: string): number {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string' || !/^[1-9]\d{0,9}$/.test(text) || Number(text) > MAX_INT4) {
    throw bad(`${field}: expected a positive integer id, got ${JSON.stringify(value ?? null)}`);
  }
  return Number(text);
}

export function orgIdHeader(value: string | string[] | undefined): number {
  if (value === undefined || value === '') throw new HttpError(400, 'missing_org', 'X-Org-Id header is required (the organisation id)');
  if (Array.isArray(value)) throw new HttpError(400, 'invalid_org', 'X-Org-Id must be given once');
  try {
    return positiveId(value, 'X-Org-Id');
  } catch {
    throw new HttpError(400, 'invalid_org', `X-Org-Id: expected a positive integer organisation id, got ${JSON.stringify(value)}`);
  }
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** A real calendar date YYYY-MM-DD (rejects 2026-02-30). */
export function calendarDate(value: unknown, field: string): string {
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (m) {
    const d = new Date(`${value as string}T00:00:00Z`);
    if (!Number.isNaN(d.getTime()) && d.getUTCDate() === Number(m[3]) && d.getUTCMonth() + 1 === Number(m[2])) return value as string;
  }
  throw bad(`${field}: expected a date YYYY-MM-DD, got ${JSON.stringify(value ?? null)}`);
}

/** An ISO 8601 instant with a time zone (Z or ±hh:mm), or a bare date meaning midnight UTC. */
export function instant(value: unknown, field: string): Date {
  if (typeof value === 'string' && DATE_RE.test(value)) return new Date(`${calendarDate(value, field)}T00:00:00Z`);
  if (typeof value === 'string' && DATETIME_RE.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw bad(`${field}: expected an ISO 8601 time with a zone such as 2026-06-01T09:00:00Z, got ${JSON.stringify(value ?? null)}`);
}

export function month(value: unknown): { start: Date; end: Date; label: string } {
  const m = typeof value === 'string' ? /^(\d{4})-(0[1-9]|1[0-2])$/.exec(value) : null;
  if (!m) throw bad(`month: expected YYYY-MM such as 2026-06, got ${JSON.stringify(value ?? null)}`);
  const year = Number(m[1]);
  const mon = Number(m[2]);
  return { start: new Date(Date.UTC(year, mon - 1, 1)), end: new Date(Date.UTC(year, mon, 1)), label: value as string };
}

export function intInRange(value: string | null, field: string, min: number, max: number, def: number): number {
  if (value === null || value === '') return def;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw bad(`${field}: expected an integer ${min}..${max}, got ${JSON.stringify(value)}`);
  }
  return Number(value);
}

/** The lower-cased name prefix to search (matched against patients.search_name); empty matches everyone. */
export function namePrefix(q: string | null): string {
  const prefix = (q ?? '').trim().toLowerCase();
  if (prefix.length > 100) throw bad(`q: expected at most 100 characters, got ${prefix.length}`);
  return prefix;
}

export const MAX_WINDOW_DAYS = 366;

export function timeWindow(fromRaw: string | null, toRaw: string | null): { from: Date; to: Date } {
  const from = instant(fromRaw, 'from');
  const to = instant(toRaw, 'to');
  if (to <= from) throw bad('to: expected a time after from');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) throw bad(`to: the window may span at most ${MAX_WINDOW_DAYS} days`);
  return { from, to };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw bad('body: expected a JSON object');
  return body as Record<string, unknown>;
}

export interface NewPatient {
  name: string;
  birthDate: string;
}

export function newPatient(body: unknown): NewPatient {
  const b = objectBody(body);
  const name = typeof b.name === 'string' ? b.name.trim() : '';
  if (name.length < 1 || name.length > 200) throw bad(`name: expected a non-empty string of at most 200 characters, got ${JSON.stringify(b.name ?? null)}`);
  const birthDate = calendarDate(b.birthDate, 'birthDate');
  if (birthDate < '1900-01-01' || birthDate > new Date().toISOString().slice(0, 10)) throw bad(`birthDate: expected a date between 1900-01-01 and today, got "${birthDate}"`);
  return { name, birthDate };
}

export interface NewBooking {
  patientId: number;
  specialistId: number;
  startsAt: Date;
  durationMin: number;
  form: Record<string, unknown>;
}

export const MAX_DURATION_MIN = 240;

export function newBooking(body: unknown): NewBooking {
  const b = objectBody(body);
  const durationMin = b.durationMin;
  if (typeof durationMin !== 'number' || !Number.isInteger(durationMin) || durationMin < 5 || durationMin > MAX_DURATION_MIN) {
    throw bad(`durationMin: expected an integer 5..${MAX_DURATION_MIN}, got ${JSON.stringify(durationMin ?? null)}`);
  }
  const form = b.form ?? {};
  if (typeof form !== 'object' || form === null || Array.isArray(form)) throw bad('form: expected a JSON object');
  if (JSON.stringify(form).length > 16_384) throw bad('form: expected at most 16 KiB of JSON');
  return {
    patientId: positiveId(b.patientId, 'patientId'),
    specialistId: positiveId(b.specialistId, 'specialistId'),
    startsAt: instant(b.startsAt, 'startsAt'),
    durationMin,
    form: form as Record<string, unknown>,
  };
}
