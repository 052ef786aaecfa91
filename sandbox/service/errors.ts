// Errors are classified once, at the boundary, into the catalogue's JSON error codes.

/** An expected outcome with its HTTP status, e.g. 404 not_found, 409 slot_taken. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** No pool slot became free within the acquire timeout. */
export class PoolTimeoutError extends Error {
  override name = 'PoolTimeoutError';
}

/** The database cannot be reached: connect refused, auth failed, invalid URL, connection lost mid-request. */
export class DbUnavailableError extends Error {
  override name = 'DbUnavailableError';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
// SQLSTATEs meaning "this connection or server is unusable", as opposed to "this query failed".
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '28000', '28P01', '3D000']);

/** True when an error from pg means the connection (or the server) is gone, not that one query failed. */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || CONNECTION_SQLSTATES.has(code) || code.startsWith('08'))) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error|not queryable/i.test(err.message);
}

export interface ErrorReply {
  status: number;
  body: { error: string; message: string; [key: string]: unknown };
}

export function errorReply(err: unknown): ErrorReply {
  if (err instanceof HttpError) return { status: err.status, body: { error: err.code, message: err.message, ...err.extra } };
  if (err instanceof PoolTimeoutError) return { status: 503, body: { error: 'pool_timeout', message: err.message } };
  if (err instanceof DbUnavailableError || isConnectionError(err)) {
    return { status: 503, body: { error: 'db_unavailable', message: 'the database is unavailable' } };
  }
  const code = (err as { code?: unknown } | undefined)?.code;
  if (code === '57014') return { status: 504, body: { error: 'query_timeout', message: 'a database query exceeded its time limit' } };
  if (code === '23503') return { status: 422, body: { error: 'invalid_reference', message: 'a referenced record does not exist in this organisation' } };
  if (code === '40P01' || code === '40001') return { status: 503, body: { error: 'db_conflict', message: 'a concurrent transaction conflicted; retry' } };
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}
