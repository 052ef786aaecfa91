// The break-db-secret drill's expectations: with a bad DATABASE_URL the API stays up, says unhealthy, answers 503
// db_unavailable and counts connect errors (no crash loop); when the database comes back, so does the API.
// Bad configuration, by contrast, is a clear startup failure.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxDatabase } from '../../../sandbox/db/index.ts';
import { freePort } from '../../../sandbox/db/processes.ts';
import {
  call, eventually, makeStateDir, removeStateDir, serviceEnv, startSandboxCloudWatch, startSeededDatabase, startServiceProcess,
  type SandboxCloudWatchEndpoint, type ServiceProcess,
} from './service-fixture.ts';

const SECRET = 'pw-never-printed-7c1e';
let stateDir: string;
let db: SandboxDatabase;
let cloudwatch: SandboxCloudWatchEndpoint;
const running: ServiceProcess[] = [];

beforeAll(async () => {
  stateDir = await makeStateDir('svc-down');
  db = await startSeededDatabase(stateDir);
  cloudwatch = await startSandboxCloudWatch();
});

afterAll(async () => {
  for (const svc of running) await svc.stop();
  await cloudwatch?.close();
  await db?.stop();
  await removeStateDir(stateDir);
});

async function start(extra: Record<string, string>): Promise<ServiceProcess> {
  const svc = await startServiceProcess(serviceEnv({ AWS_ENDPOINT_URL: cloudwatch.server.url, ...extra }));
  running.push(svc);
  return svc;
}

async function expectUnavailable(svc: ServiceProcess): Promise<void> {
  const health = await eventually(async () => {
    const h = await call(svc.url, 'GET', '/health');
    // 'unknown' (first probe still running) is also 503; wait for the verdict.
    if (h.status !== 503 || (h.body.db as { state: string }).state !== 'down') throw new Error(JSON.stringify(h.body));
    return h;
  });
  expect(health.body).toMatchObject({ status: 'unhealthy', db: { state: 'down' } });
  expect(await call(svc.url, 'GET', '/v1/patients/1', { org: 1 })).toMatchObject({ status: 503, body: { error: 'db_unavailable' } });
  expect(await call(svc.url, 'POST', '/v1/patients', { org: 1, body: { name: 'X', birthDate: '1990-01-01' } })).toMatchObject({ status: 503, body: { error: 'db_unavailable' } });
  expect((await call(svc.url, 'GET', '/health/ready')).status).toBe(503);
  expect(svc.child.exitCode).toBeNull();
  expect(svc.output()).not.toContain(SECRET);
}

describe('database unavailable', () => {
  it('nothing listening at DATABASE_URL: up, unhealthy, 503 db_unavailable, DBConnectErrors published', async () => {
    const port = await freePort();
    const svc = await start({ DATABASE_URL: `postgres://core_api:${SECRET}@127.0.0.1:${port}/clinic` });
    await expectUnavailable(svc);
    const errors = await eventually(async () => {
      const n = await cloudwatch.aggregate('DBConnectErrors', 'Sum');
      if (!n || n < 3) throw new Error(`DBConnectErrors ${n}`);
      return n;
    });
    expect(errors).toBeGreaterThanOrEqual(3);
    expect(await cloudwatch.aggregate('HTTPCode_5XX_Count', 'Sum')).toBeGreaterThanOrEqual(2);
    await svc.stop();
  });

  it('wrong password against the real database: unhealthy, and the error does not carry the secret', async () => {
    const url = new URL(db.appUrl);
    url.password = SECRET;
    const svc = await start({ DATABASE_URL: url.toString() });
    await expectUnavailable(svc);
    const health = await call(svc.url, 'GET', '/health');
    expect(String((health.body.db as { error?: string }).error)).toMatch(/password authentication failed/);
    await svc.stop();
  });

  it('a DATABASE_URL that is not a URL at all: still starts, unhealthy', async () => {
    const svc = await start({ DATABASE_URL: `not a url ${SECRET}` });
    await expectUnavailable(svc);
    expect((await call(svc.url, 'GET', '/health')).body).toMatchObject({ db: { error: 'DATABASE_URL is not a valid URL' } });
    await svc.stop();
  });

  it('goes unhealthy when the database stops and recovers by itself when it returns', async () => {
    const svc = await start({ DATABASE_URL: db.appUrl, DB_POOL_MAX: '3' });
    await eventually(async () => {
      if ((await call(svc.url, 'GET', '/health')).body.status !== 'healthy') throw new Error('not healthy yet');
    });
    expect((await call(svc.url, 'GET', '/v1/patients/1', { org: 1 })).status).toBe(200);
    const port = db.port;
    await db.stop();
    await expectUnavailable(svc);
    db = await startSeededDatabase(stateDir, undefined, port);
    await eventually(async () => {
      const h = await call(svc.url, 'GET', '/health');
      if (h.body.status !== 'healthy') throw new Error(JSON.stringify(h.body));
    }, 15_000, 200);
    expect((await call(svc.url, 'GET', '/v1/patients/1', { org: 1 })).status).toBe(200);
    expect(svc.output()).toMatch(/database unreachable: .*\n[\s\S]*database reachable again/);
    await svc.stop();
  });
});

describe('bad configuration', () => {
  for (const [name, env, message] of [
    ['DB_POOL_MAX not a positive integer', { DB_POOL_MAX: 'ten' }, 'DB_POOL_MAX: expected an integer 1..1000, got "ten"'],
    ['DB_POOL_MAX zero', { DB_POOL_MAX: '0' }, 'DB_POOL_MAX: expected an integer 1..1000, got "0"'],
    ['DATABASE_URL missing', { DATABASE_URL: '' }, 'DATABASE_URL is required'],
    ['PORT out of range', { PORT: '70000' }, 'PORT: expected an integer 0..65535, got "70000"'],
  ] as const) {
    it(`exits 1 naming the problem: ${name}`, async () => {
      const attempt = start({ DATABASE_URL: `postgres://core_api:${SECRET}@127.0.0.1:1/clinic`, ...env });
      const err = (await attempt.catch((e: Error) => e)) as Error;
      expect(err).toBeInstanceOf(Error);
      expect(err.message).toContain('service exited (1) before listening');
      expect(err.message).toContain(message);
      expect(err.message).not.toContain(SECRET);
    });
  }
});
