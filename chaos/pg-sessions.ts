// Database sessions that pg-sleep holds, always tagged `application_name = firedrill:<runId>` and bounded by the
// server (statement_timeout, lock_timeout, idle_in_transaction_session_timeout), so they end even if firedrill
// vanishes. Restore and the sweep find them by that tag.
import pg from 'pg';

export const TAG_PREFIX = 'firedrill:';
/** The restorer's own sessions must never match the tag it terminates. */
const ADMIN_APPLICATION_NAME = 'firedrill-admin';

export function sessionTag(runId: string): string {
  return `${TAG_PREFIX}${runId}`;
}

export interface SessionBounds {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionMs: number;
}

function client(url: string, applicationName: string, bounds?: SessionBounds): pg.Client {
  const c = new pg.Client({
    connectionString: url,
    application_name: applicationName,
    connectionTimeoutMillis: 10_000,
    ...(bounds
      ? { statement_timeout: bounds.statementTimeoutMs, lock_timeout: bounds.lockTimeoutMs, idle_in_transaction_session_timeout: bounds.idleInTransactionMs }
      : { statement_timeout: 30_000 }),
  });
  // A terminated session reports an error on the client; the query promise carries it, this keeps it from crashing.
  c.on('error', () => {});
  return c;
}

/** A tagged session with server-side bounds. Also asks the server to notice a vanished client (PostgreSQL 14+). */
export async function openTagged(url: string, tag: string, bounds: SessionBounds): Promise<pg.Client> {
  const c = client(url, tag, bounds);
  await c.connect();
  await c.query(`SET client_connection_check_interval = '1s'`).catch(() => undefined);
  return c;
}

export async function withAdmin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = client(url, ADMIN_APPLICATION_NAME);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}

export async function countTagged(c: pg.Client, tag: string): Promise<number> {
  const r = await c.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()', [tag]);
  return Number(r.rows[0]?.n ?? 0);
}

/**
 * pg_terminate_backend on every session carrying `tag`. Returns how many were signalled. The call sits in the
 * select list, not the WHERE clause: SQL does not promise the order AND operands are evaluated in, and a
 * terminate evaluated before the tag test would end every session on the server.
 */
export async function terminateTagged(c: pg.Client, tag: string): Promise<number> {
  const r = await c.query<{ terminated: boolean }>(
    'SELECT pg_terminate_backend(pid) AS terminated FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()',
    [tag],
  );
  return r.rows.filter((row) => row.terminated).length;
}

/** Every firedrill-tagged session on the server, for the sweep of dead runs. */
export async function listTaggedSessions(c: pg.Client): Promise<Array<{ tag: string; pid: number }>> {
  const r = await c.query<{ application_name: string; pid: number }>(
    `SELECT application_name, pid FROM pg_stat_activity WHERE application_name LIKE $1 AND pid <> pg_backend_pid()`,
    [`${TAG_PREFIX}%`],
  );
  return r.rows.map((row) => ({ tag: row.application_name, pid: row.pid }));
}

export interface ConnectionBudget {
  maxConnections: number;
  inUse: number;
  reserved: number;
}

export async function connectionBudget(c: pg.Client): Promise<ConnectionBudget> {
  const r = await c.query<{ max: string; reserved: string; in_use: string }>(
    `SELECT current_setting('max_connections') AS max, current_setting('superuser_reserved_connections') AS reserved,
            (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend') AS in_use`,
  );
  const row = r.rows[0];
  return { maxConnections: Number(row?.max ?? 0), reserved: Number(row?.reserved ?? 0), inUse: Number(row?.in_use ?? 0) };
}

/** `schema.table` -> `"schema"."table"` (names are already restricted by the params schema). */
export function quoteTable(name: string): string {
  return name
    .split('.')
    .map((part) => `"${part.replace(/"/g, '""')}"`)
    .join('.');
}
