import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../sandbox/service/errors.ts';
import {
  calendarDate, instant, intInRange, month, namePrefix, newBooking, newPatient, orgIdHeader, positiveId, timeWindow,
} from '../../../sandbox/service/validate.ts';

function failure(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('request validation', () => {
  it('ids: positive int4 only', () => {
    expect(positiveId('42', 'id')).toBe(42);
    expect(positiveId(7, 'patientId')).toBe(7);
    for (const v of ['0', '-1', '1.5', 'abc', '2147483648', '', undefined, 3.2]) {
      expect(failure(() => positiveId(v, 'id')).message).toMatch(/^id: expected a positive integer id, got /);
    }
  });

  it('X-Org-Id: required, single, a positive integer', () => {
    expect(orgIdHeader('3')).toBe(3);
    expect(failure(() => orgIdHeader(undefined))).toMatchObject({ status: 400, code: 'missing_org' });
    expect(failure(() => orgIdHeader(['1', '2']))).toMatchObject({ status: 400, code: 'invalid_org' });
    expect(failure(() => orgIdHeader('x'))).toMatchObject({ status: 400, code: 'invalid_org' });
  });

  it('dates and instants: real calendar dates, times with a zone', () => {
    expect(calendarDate('2024-02-29', 'd')).toBe('2024-02-29');
    expect(failure(() => calendarDate('2026-02-29', 'birthDate')).message).toBe('birthDate: expected a date YYYY-MM-DD, got "2026-02-29"');
    expect(instant('2026-06-01T09:00:00Z', 't').toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(instant('2026-06-01T11:00+02:00', 't').toISOString()).toBe('2026-06-01T09:00:00.000Z');
    expect(instant('2026-06-01', 't').toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(failure(() => instant('2026-06-01T09:00:00', 'startsAt')).message).toMatch(/^startsAt: expected an ISO 8601 time with a zone/);
  });

  it('month: YYYY-MM into a half-open UTC range', () => {
    expect(month('2026-12')).toEqual({ start: new Date('2026-12-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z'), label: '2026-12' });
    expect(failure(() => month('2026-13')).message).toBe('month: expected YYYY-MM such as 2026-06, got "2026-13"');
    expect(failure(() => month(null)).message).toBe('month: expected YYYY-MM such as 2026-06, got null');
  });

  it('time windows: ordered and at most a year', () => {
    expect(timeWindow('2026-06-01', '2026-06-08').to.toISOString()).toBe('2026-06-08T00:00:00.000Z');
    expect(failure(() => timeWindow('2026-06-08', '2026-06-01')).message).toBe('to: expected a time after from');
    expect(failure(() => timeWindow('2025-01-01', '2026-06-01')).message).toBe('to: the window may span at most 366 days');
  });

  it('limits default and range-check', () => {
    expect(intInRange(null, 'limit', 1, 200, 50)).toBe(50);
    expect(intInRange('200', 'limit', 1, 200, 50)).toBe(200);
    expect(failure(() => intInRange('201', 'limit', 1, 200, 50)).message).toBe('limit: expected an integer 1..200, got "201"');
  });

  it('name prefixes are trimmed, lower-cased and bounded', () => {
    expect(namePrefix(' Al ')).toBe('al');
    expect(namePrefix(null)).toBe('');
    expect(namePrefix('50%_')).toBe('50%_');
    expect(failure(() => namePrefix('x'.repeat(101))).message).toBe('q: expected at most 100 characters, got 101');
  });

  it('new patient: trimmed name, birth date between 1900 and today', () => {
    expect(newPatient({ name: '  Ada Quinn ', birthDate: '1990-01-01' })).toEqual({ name: 'Ada Quinn', birthDate: '1990-01-01' });
    expect(failure(() => newPatient([])).message).toBe('body: expected a JSON object');
    expect(failure(() => newPatient({ name: ' ', birthDate: '1990-01-01' })).message).toMatch(/^name: expected a non-empty string/);
    expect(failure(() => newPatient({ name: 'A', birthDate: '2999-01-01' })).message).toMatch(/^birthDate: expected a date between 1900-01-01 and today/);
  });

  it('new booking: ids, zoned start, duration 5..240, form object', () => {
    const ok = { patientId: 1, specialistId: 2, startsAt: '2026-06-01T09:00:00Z', durationMin: 30, form: { reason: 'x' } };
    expect(newBooking(ok)).toEqual({ ...ok, startsAt: new Date('2026-06-01T09:00:00Z') });
    expect(newBooking({ ...ok, form: undefined }).form).toEqual({});
    expect(failure(() => newBooking({ ...ok, durationMin: 241 })).message).toBe('durationMin: expected an integer 5..240, got 241');
    expect(failure(() => newBooking({ ...ok, form: [1] })).message).toBe('form: expected a JSON object');
    expect(failure(() => newBooking({ ...ok, form: { notes: 'x'.repeat(17_000) } })).message).toBe('form: expected at most 16 KiB of JSON');
    expect(failure(() => newBooking({ ...ok, specialistId: 'two' })).message).toMatch(/^specialistId: expected a positive integer id/);
  });
});
