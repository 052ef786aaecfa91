// Pool exhaustion for real: DB_POOL_MAX=2 and more concurrent slow requests than slots. Requests are made slow the
// way the pg-sleep fault does it: an admin transaction holds a lock the requests' queries need.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { SandboxDatabase } from '../../../sandbox/db/index.ts';
import {
  call, eventually, makeStateDir, removeStateDir, serviceEnv, startSandboxCloudWatch, startSeededDatabase, startServiceProcess,
  type CallResult, type SandboxCloudWatchEndpoint, type ServiceProcess,
} from './service-fixture.ts';

const ACQUIRE_TIMEOUT_MS = 800;
let stateDir: string;
let db: SandboxDatabase;
let svc: ServiceProcess;
let cloudwatch: SandboxCloudWatchEndpoint;

beforeAll(async () => {
  stateDir = await makeStateDir('svc-pool');
  db = await startSeededDatabase(stateDir);
  cloudwatch = await startSandboxCloudWatch();
  svc = await startServiceProcess(
    serviceEnv({ DATABASE_URL: db.appUrl, DB_POOL_MAX: '2', DB_ACQUIRE_TIMEOUT_MS: String(ACQUIRE_TIMEOUT_MS), SLOW_QUERY_MS: '300', AWS_ENDPOINT_URL: cloudwatch.server.url, METRICS_INTERVAL_MS: '500' }),
  );
  await eventually(async () => {
    if ((await call(svc.url, 'GET', '/health')).status !== 200) throw new Error('not healthy yet');
  });
});

afterAll(async () => {
  await svc?.stop();
  await cloudwatch?.close();
  await db?.stop();
  await removeStateDir(stateDir);
});

async function metric(name: string, stat: 'Sum' | 'Maximum', atLeast: number): Promise<number> {
  return eventually(async () => {
    const v = await cloudwatch.aggregate(name, stat);
    if (v === undefined || v < atLeast) throw new Error(`${name} ${stat} is ${v}, waiting for >= ${atLeast}`);
    return v;
  }, 10_000, 200);
}

describe('pool exhaustion with DB_POOL_MAX=2', () => {
  it('requests wait, /health says degraded, waiters time out with 503 pool_timeout, holders finish', async () => {
    const admin = new pg.Client({ connectionString: db.adminUrl, application_name: 'firedrill:test-lock' });
    await admin.connect();
    let results: Array<CallResult & { ms: number }> = [];
    try {
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE patients IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const requests = Array.from({ length: 6 }, (_, i) => call(svc.url, 'GET', `/v1/patients/${i * 10 + 1}`, { org: 1 }).then((r) => ({ ...r, ms: Date.now() - started })));
      const degraded = await eventually(async () => {
        const h = await call(svc.url, 'GET', '/health');
        const pool = h.body.pool as { acquired: number; waiting: number };
        if (pool.acquired !== 2 || pool.waiting === 0) throw new Error(`pool not exhausted yet: ${JSON.stringify(h.body)}`);
        return h;
      }, 5_000, 20);
      expect(degraded.status).toBe(200);
      expect(degraded.body).toMatchObject({ status: 'degraded', pool: { acquired: 2, max: 2, utilization_pct: 100 } });
      // Hold the lock past the acquire timeout, well inside the 5 s query timeout.
      await new Promise((r) => setTimeout(r, ACQUIRE_TIMEOUT_MS + 700));
      await admin.query('ROLLBACK');
      results = await Promise.all(requests);
    } finally {
      await admin.end();
    }
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 503, 503, 503, 503]);
    for (const r of results.filter((x) => x.status === 503)) {
      expect(r.body).toMatchObject({ error: 'pool_timeout' });
      expect(r.ms).toBeGreaterThanOrEqual(ACQUIRE_TIMEOUT_MS - 50);
    }
    const after = await eventually(async () => {
      const h = await call(svc.url, 'GET', '/health');
      if (h.body.status !== 'healthy') throw new Error(JSON.stringify(h.body));
      return h;
    });
    expect(after.body).toMatchObject({ pool: { acquired: 0, waiting: 0 } });
  });

  it('publishes the exhaustion to CloudWatch: waits, timeouts, 100 % utilization, slow queries, 5xx', async () => {
    expect(await metric('PoolWaitCount', 'Sum', 4)).toBeGreaterThanOrEqual(4);
    expect(await metric('PoolTimeoutCount', 'Sum', 4)).toBe(4);
    expect(await metric('PoolUtilization', 'Maximum', 100)).toBe(100);
    expect(await metric('AcquiredConnections', 'Maximum', 2)).toBe(2);
    expect(await metric('SlowQueryCount', 'Sum', 2)).toBeGreaterThanOrEqual(2);
    expect(await metric('HTTPCode_5XX_Count', 'Sum', 4)).toBe(4);
    expect(await metric('HTTPCode_2XX_Count', 'Sum', 2)).toBeGreaterThanOrEqual(2);
    expect(await cloudwatch.aggregate('DBConnectErrors', 'Sum')).toBe(0);
  });

  it('/health keeps answering while every slot is held (it needs no connection)', async () => {
    const admin = new pg.Client({ connectionString: db.adminUrl });
    await admin.connect();
    try {
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE patients IN ACCESS EXCLUSIVE MODE');
      const held = [1, 11].map((id) => call(svc.url, 'GET', `/v1/patients/${id}`, { org: 1 }));
      await eventually(async () => {
        const h = await call(svc.url, 'GET', '/health');
        if ((h.body.pool as { acquired: number }).acquired !== 2) throw new Error('slots not all held yet');
      });
      const t = Date.now();
      const h = await call(svc.url, 'GET', '/health');
      expect(Date.now() - t).toBeLessThan(ACQUIRE_TIMEOUT_MS);
      expect(h).toMatchObject({ status: 200, body: { status: 'degraded', pool: { utilization_pct: 100, waiting: 0 } } });
      await admin.query('ROLLBACK');
      expect((await Promise.all(held)).map((r) => r.status)).toEqual([200, 200]);
    } finally {
      await admin.end();
    }
  });
});
