// The RLS request pattern: one pooled connection per request, held for the whole request inside one transaction
// that starts with SET LOCAL app.org_id, so every query sees only the caller's organisation.
import type pg from 'pg';
import { isConnectionError } from './errors.ts';
import type { DbHealth } from './health.ts';
import type { MetricsRecorder } from './metrics.ts';
import type { InstrumentedPool } from './pool.ts';

export interface Tx {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
}

export interface TxDeps {
  pool: InstrumentedPool;
  health: DbHealth;
  recorder: MetricsRecorder;
  slowQueryMs: number;
}

export async function withOrgTransaction<T>(deps: TxDeps, orgId: number, statementTimeoutMs: number, work: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await deps.pool.acquire();
  let broken: Error | undefined;
  // A connection can fail between our queries (backend terminated); without a listener that is an uncaught error.
  const onError = (err: Error) => (broken ??= err);
  client.on('error', onError);
  const tx: Tx = {
    query: async (sql, params) => {
      const started = performance.now();
      try {
        return await client.query(sql, params);
      } catch (err) {
        if (isConnectionError(err)) {
          broken ??= err as Error;
          deps.health.failed((err as Error).message);
        }
        throw err;
      } finally {
        if (performance.now() - started > deps.slowQueryMs) deps.recorder.count('SlowQueryCount');
      }
    },
  };
  try {
    // orgId and the timeout are validated integers, so one simple-protocol round trip is safe here.
    await tx.query(`BEGIN; SET LOCAL app.org_id = '${Math.trunc(orgId)}'; SET LOCAL statement_timeout = ${Math.trunc(statementTimeoutMs)}`);
    const result = await work(tx);
    await tx.query('COMMIT');
    deps.health.ok();
    return result;
  } catch (err) {
    if (!broken) await client.query('ROLLBACK').catch((e: Error) => (broken ??= e));
    throw err;
  } finally {
    client.removeListener('error', onError);
    deps.pool.release(client, broken);
  }
}
