// pg.Pool with the numbers the platform watches: checked-out connections, waiters, utilization, and a count of
// acquisitions that had to wait because the pool was full. Acquire errors are classified here: a queue timeout is
// pool_timeout; anything else on the way to a connection is db_unavailable.
import pg from 'pg';
import { DbUnavailableError, PoolTimeoutError } from './errors.ts';

export interface PoolStats {
  total: number;
  acquired: number;
  idle: number;
  waiting: number;
  max: number;
  utilization_pct: number;
}

export interface PoolObserver {
  /** An acquisition found every slot taken and queued. */
  waited(): void;
  /** A queued acquisition gave up. */
  timedOut(): void;
  connectFailed(err: Error): void;
  connected(): void;
  /** The number of checked-out connections changed. */
  level(stats: PoolStats): void;
}

export interface PoolOptions {
  databaseUrl: string;
  max: number;
  acquireTimeoutMs: number;
  statementTimeoutMs: number;
  applicationName: string;
  observer: PoolObserver;
}

// pg-pool rejects a queued acquisition with exactly this message when connectionTimeoutMillis passes.
const QUEUE_TIMEOUT_MESSAGE = 'timeout exceeded when trying to connect';

/** Why a DATABASE_URL can never work, or undefined if it is worth trying. Never includes the URL itself. */
export function databaseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'DATABASE_URL is not a valid URL';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') return 'DATABASE_URL must start with postgres:// or postgresql://';
  if (!parsed.hostname) return 'DATABASE_URL has no host';
  return undefined;
}

export class InstrumentedPool {
  private readonly pool: pg.Pool | undefined;
  private readonly urlProblem: string | undefined;
  private checkedOut = 0;

  constructor(private readonly opts: PoolOptions) {
    this.urlProblem = databaseUrlProblem(opts.databaseUrl);
    if (this.urlProblem) return;
    this.pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.max,
      connectionTimeoutMillis: opts.acquireTimeoutMs,
      idleTimeoutMillis: 30_000,
      // Backstop per connection; each transaction sets its own with SET LOCAL.
      statement_timeout: opts.statementTimeoutMs,
      application_name: opts.applicationName,
      keepAlive: true,
    });
    // An idle connection dying (server restart, pg_terminate_backend) must not crash the process; the pool
    // already dropped it, the next acquire opens a new one.
    this.pool.on('error', () => {});
  }

  /** Why the URL can never work, if so (the service then stays up and unhealthy). */
  get configurationProblem(): string | undefined {
    return this.urlProblem;
  }

  stats(): PoolStats {
    const max = this.opts.max;
    const acquired = this.checkedOut;
    return {
      total: this.pool?.totalCount ?? 0,
      acquired,
      idle: this.pool?.idleCount ?? 0,
      waiting: this.pool?.waitingCount ?? 0,
      max,
      utilization_pct: Math.round((acquired / max) * 100),
    };
  }

  /** True when an acquisition right now would not queue. */
  canLendWithoutWaiting(): boolean {
    return this.pool !== undefined && (this.pool.idleCount > 0 || this.pool.totalCount < this.opts.max);
  }

  /** probe: a health check; not counted as a checked-out connection, so it never shows as pool utilization. */
  async acquire(probe = false): Promise<pg.PoolClient> {
    const { observer } = this.opts;
    if (!this.pool) {
      const err = new DbUnavailableError(this.urlProblem ?? 'no database pool');
      observer.connectFailed(err);
      throw err;
    }
    // pg-pool queues exactly when no client is idle and the pool is at max (see Pool.connect).
    if (this.pool.idleCount === 0 && this.pool.totalCount >= this.opts.max) observer.waited();
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      if ((err as Error).message === QUEUE_TIMEOUT_MESSAGE) {
        observer.timedOut();
        throw new PoolTimeoutError(`no database connection became free within ${this.opts.acquireTimeoutMs} ms`);
      }
      observer.connectFailed(err as Error);
      throw new DbUnavailableError(`cannot connect to the database: ${(err as Error).message}`, { cause: err });
    }
    observer.connected();
    if (!probe) {
      this.checkedOut += 1;
      observer.level(this.stats());
    }
    return client;
  }

  /** Return a client; pass the error when the connection may be broken so the pool discards it. */
  release(client: pg.PoolClient, broken?: Error, probe = false): void {
    client.release(broken ?? false);
    if (probe) return;
    this.checkedOut -= 1;
    this.opts.observer.level(this.stats());
  }

  async end(): Promise<void> {
    await this.pool?.end();
  }
}
