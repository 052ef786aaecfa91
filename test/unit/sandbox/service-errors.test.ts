import { describe, expect, it } from 'vitest';
import { DbUnavailableError, errorReply, HttpError, isConnectionError, PoolTimeoutError } from '../../../sandbox/service/errors.ts';
import { databaseUrlProblem } from '../../../sandbox/service/pool.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('error classification', () => {
  it('maps expected outcomes to the catalogue codes', () => {
    expect(errorReply(new HttpError(409, 'slot_taken', 'taken', { conflictingAppointmentId: 5 }))).toEqual({
      status: 409, body: { error: 'slot_taken', message: 'taken', conflictingAppointmentId: 5 },
    });
    expect(errorReply(new PoolTimeoutError('no slot'))).toEqual({ status: 503, body: { error: 'pool_timeout', message: 'no slot' } });
    expect(errorReply(new DbUnavailableError('refused')).body.error).toBe('db_unavailable');
    expect(errorReply(pgError('57P01', 'terminating connection due to administrator command'))).toMatchObject({ status: 503, body: { error: 'db_unavailable' } });
    expect(errorReply(pgError('57014'))).toMatchObject({ status: 504, body: { error: 'query_timeout' } });
    expect(errorReply(pgError('23503'))).toMatchObject({ status: 422, body: { error: 'invalid_reference' } });
    expect(errorReply(pgError('40P01'))).toMatchObject({ status: 503, body: { error: 'db_conflict' } });
    expect(errorReply(new TypeError('bug'))).toEqual({ status: 500, body: { error: 'internal', message: 'internal error' } });
  });

  it('does not leak driver messages for unavailable databases', () => {
    expect(errorReply(new DbUnavailableError('cannot connect: password authentication failed')).body.message).toBe('the database is unavailable');
  });

  it('tells a dead connection from a failed query', () => {
    for (const e of [pgError('ECONNREFUSED'), pgError('ECONNRESET'), pgError('08006'), pgError('53300'), pgError('28P01'), new Error('Connection terminated unexpectedly')]) {
      expect(isConnectionError(e)).toBe(true);
    }
    for (const e of [pgError('57014'), pgError('23505'), pgError('42P01'), new Error('syntax'), 'string']) {
      expect(isConnectionError(e)).toBe(false);
    }
  });

  it('rejects DATABASE_URLs that can never work, without repeating them', () => {
    expect(databaseUrlProblem('postgres://u:p@127.0.0.1:5432/db')).toBeUndefined();
    expect(databaseUrlProblem('postgresql://u:p@localhost/db')).toBeUndefined();
    expect(databaseUrlProblem('not a url p')).toBe('DATABASE_URL is not a valid URL');
    expect(databaseUrlProblem('mysql://u:p@h/db')).toBe('DATABASE_URL must start with postgres:// or postgresql://');
  });
});
