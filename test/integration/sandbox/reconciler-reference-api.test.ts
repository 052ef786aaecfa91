// The real thing end to end: the reference API (sandbox/service/main.ts) as ECS tasks run by the reconciler, with
// DATABASE_URL and DB_POOL_MAX injected from Secrets Manager at start, against a real seeded Postgres, behind the
// sandbox load balancer. Requests go through the balancer only, as the harness sends them.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxDatabase } from '../../../sandbox/db/index.ts';
import { createJsonSecret, createService, getJson, groupAlive, registerTaskDefinition, startStack, waitForSteady, type Stack } from './fixtures/reconciler-stack.ts';
import { makeStateDir, removeStateDir, startSeededDatabase } from './service-fixture.ts';

const API_IMAGE = 'firedrill/reference-api';
const SERVICE_MAIN = join(import.meta.dirname, '../../../sandbox/service/main.ts');
let stateDir: string;
let db: SandboxDatabase;
let stack: Stack;

beforeAll(async () => {
  stateDir = await makeStateDir('reconciler-api');
  db = await startSeededDatabase(stateDir);
  stack = await startStack({ images: { [API_IMAGE]: { command: process.execPath, args: ['--import', 'tsx', SERVICE_MAIN] } } });
  const arn = await createJsonSecret(stack.secrets, 'sandbox/core-api/db', { DATABASE_URL: db.appUrl, DB_POOL_MAX: '4' });
  await registerTaskDefinition(stack.ecs, {
    family: 'core-api',
    image: API_IMAGE,
    environment: { SERVICE_NAME: 'core-api', METRICS_INTERVAL_MS: '10000', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    secrets: [
      { name: 'DATABASE_URL', valueFrom: `${arn}:DATABASE_URL::` },
      { name: 'DB_POOL_MAX', valueFrom: `${arn}:DB_POOL_MAX::` },
    ],
    stopTimeout: 10,
  });
  await createService(stack.ecs, { serviceName: 'core-api', taskDefinition: 'core-api', desiredCount: 2 });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await db?.stop();
  await removeStateDir(stateDir);
});

describe('reconciler running the reference API', () => {
  it('serves the API through the balancer from two tasks configured by the secret', async () => {
    await waitForSteady(stack.ecs, 'core-api', 2, 60_000);
    const health = await getJson<{ status: string; pool: { max: number } }>(`${stack.lb.url}/health`);
    expect(health).toMatchObject({ status: 200, body: { status: 'healthy', pool: { max: 4 } } });
    const res = await fetch(`${stack.lb.url}/v1/patients/1`, { headers: { 'x-org-id': '1' }, signal: AbortSignal.timeout(5000) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 1 });
  });

  it('stops the API tasks gracefully with the reconciler', async () => {
    const tasks = stack.reconciler.tasks();
    expect(tasks).toHaveLength(2);
    await stack.reconciler.stop();
    for (const task of tasks) {
      expect(groupAlive(task.pid!)).toBe(false);
      // The API drains on SIGTERM and exits 0 well within the grace, rather than being killed.
      expect(stack.reconcilerLog).toContain(`task ${task.taskId}: stopped with code 0`);
    }
  });
});
