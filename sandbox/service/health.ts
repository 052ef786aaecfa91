// /health is shallow and must answer even when every pool slot is taken: it never acquires a connection itself.
// It combines the pool's numbers with what the service last learned about the database: every acquisition and
// query reports success or a connection failure, and a background probe checks the database when traffic is quiet
// (only when a slot is free, so it never queues behind requests).
import type { PoolStats } from './pool.ts';

export type DbState = 'unknown' | 'up' | 'down';
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** Pool utilization at or above this reports degraded (the platform's warning threshold). */
export const DEGRADED_UTILIZATION_PCT = 80;

export interface HealthReport {
  httpStatus: 200 | 503;
  body: { status: HealthStatus; pool: PoolStats; db: { state: DbState; error?: string } };
}

export function healthReport(db: DbState, pool: PoolStats, dbError?: string): HealthReport {
  let status: HealthStatus = 'healthy';
  if (db !== 'up') status = 'unhealthy';
  else if (pool.waiting > 0 || pool.utilization_pct >= DEGRADED_UTILIZATION_PCT) status = 'degraded';
  const dbInfo = db === 'up' || !dbError ? { state: db } : { state: db, error: dbError };
  return { httpStatus: status === 'unhealthy' ? 503 : 200, body: { status, pool, db: dbInfo } };
}

/** What the service last learned about the database, with transitions logged once each. */
export class DbHealth {
  state: DbState = 'unknown';
  lastError: string | undefined;
  lastOkAt = -Infinity;

  constructor(
    private readonly log: (line: string) => void,
    private readonly clock: () => number = Date.now,
  ) {}

  ok(): void {
    if (this.state === 'down') this.log('database reachable again');
    this.state = 'up';
    this.lastError = undefined;
    this.lastOkAt = this.clock();
  }

  failed(reason: string): void {
    if (this.state !== 'down') this.log(`database unreachable: ${reason}`);
    this.state = 'down';
    this.lastError = reason;
  }

  /** A probe is worth running when nothing has proved the database reachable lately. */
  needsProbe(staleAfterMs: number): boolean {
    return this.state !== 'up' || this.clock() - this.lastOkAt >= staleAfterMs;
  }
}
