// The sandbox reacts to faults the way the platform does, driven only through the SDK and HTTP, like the harness.
import { GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startLoad, waitFor, type LoadRequest } from '../../support/load.ts';
import { alarmState, describeService, sandboxDown, sandboxUp, waitAlarm, waitSteady, type TestSandbox } from '../../support/sandbox.ts';

const SECRET = 'sandbox/core-api/db';

/** Patients and specialists of the same organisation, per the seed contract. */
function booking(i: number): LoadRequest {
  const org = (i % 10) + 1;
  const specialist = org + 10 * (i % 50);
  const patient = org + 10 * ((i * 7919) % 20000);
  const startsAt = new Date(Date.UTC(2031, 0, 1) + ((i * 104_729) % 5_000_000) * 60_000).toISOString();
  return { method: 'POST', path: '/v1/appointments', headers: { 'x-org-id': String(org) }, body: JSON.stringify({ patientId: patient, specialistId: specialist, startsAt, durationMin: 15, form: { kind: 'intake' } }) };
}

function listPatients(i: number): LoadRequest {
  const org = (i % 10) + 1;
  return { path: `/v1/patients?q=${String.fromCharCode(65 + (i % 26))}&limit=50`, headers: { 'x-org-id': String(org) } };
}

/** Put a new secret version derived from the current one; returns [previous version, new version]. */
async function changeSecret(sb: TestSandbox, change: (v: Record<string, string>) => Record<string, string>): Promise<[string, string]> {
  const current = await sb.secrets.send(new GetSecretValueCommand({ SecretId: SECRET }));
  const next = await sb.secrets.send(new PutSecretValueCommand({ SecretId: SECRET, SecretString: JSON.stringify(change(JSON.parse(current.SecretString!))) }));
  return [current.VersionId!, next.VersionId!];
}

async function rollBack(sb: TestSandbox, [previous, drill]: [string, string]): Promise<void> {
  await sb.secrets.send(new UpdateSecretVersionStageCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT', MoveToVersionId: previous, RemoveFromVersionId: drill }));
  await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', forceNewDeployment: true }));
  await waitSteady(sb, 180_000);
}

describe('sandbox under faults', () => {
  let sb: TestSandbox;

  beforeAll(async () => {
    sb = await sandboxUp();
    await waitSteady(sb);
  });

  afterAll(async () => {
    await sandboxDown();
  });

  it('a smaller DB_POOL_MAX through a new secret version makes requests wait and the pool-wait alarm fire, then clear', async () => {
    expect(await alarmState(sb, 'sandbox-pool-wait')).not.toBe('ALARM');
    const versions = await changeSecret(sb, (v) => ({ ...v, DB_POOL_MAX: '1' }));
    await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', forceNewDeployment: true }));
    await waitSteady(sb, 180_000);
    const load = startLoad(sb.state.lbUrl, 8, listPatients, 150_000);
    try {
      const health = await waitFor('/health to say degraded', async () => {
        const h = await send(sb.state.lbUrl, { path: '/health' });
        return JSON.parse(h.body).status === 'degraded' ? h : undefined;
      }, 60_000, 250);
      expect(JSON.parse(health.body).pool.max).toBe(1);
      const toAlarm = await waitAlarm(sb, 'sandbox-pool-wait', 'ALARM', 90_000);
      console.log(`pool-wait reached ALARM ${(toAlarm / 1000).toFixed(0)}s after the load started`);
    } finally {
      await rollBack(sb, versions);
    }
    const toOk = await waitAlarm(sb, 'sandbox-pool-wait', 'OK', 90_000);
    const stats = await load.stop();
    console.log(`pool-wait back to OK ${(toOk / 1000).toFixed(0)}s after the restore; load: ${JSON.stringify(stats)}`);
    expect(stats.byStatus[200] ?? 0).toBeGreaterThan(50);
  });

  it('a broken DATABASE_URL with minimumHealthyPercent 100 keeps the old tasks serving and trips the circuit breaker', async () => {
    const versions = await changeSecret(sb, (v) => ({ ...v, DATABASE_URL: 'postgres://core_api:wrong@127.0.0.1:1/clinic' }));
    await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', forceNewDeployment: true }));
    const load = startLoad(sb.state.lbUrl, 2, listPatients, 180_000);
    try {
      const failed = await waitFor('the deployment circuit breaker to trip', async () => {
        const svc = await describeService(sb);
        return svc.deployments?.find((d) => d.rolloutState === 'FAILED');
      }, 150_000, 1000);
      expect(failed.rolloutStateReason).toContain('ECS deployment circuit breaker: tasks failed to start.');
      expect(failed.failedTasks).toBeGreaterThanOrEqual(3);
      const ok = await send(sb.state.lbUrl, { path: '/v1/patients/11', headers: { 'x-org-id': '1' } });
      expect(ok.status).toBe(200);
    } finally {
      await rollBack(sb, versions);
    }
    const stats = await load.stop();
    // Old tasks kept serving throughout: no 5xx reached the client.
    expect(Object.keys(stats.byStatus).filter((s) => Number(s) >= 500)).toEqual([]);
    expect(stats.byStatus[200] ?? 0).toBeGreaterThan(20);
  });

  it('with minimumHealthyPercent 50 the same broken secret costs capacity: an old task is stopped at once', async () => {
    await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } } }));
    const versions = await changeSecret(sb, (v) => ({ ...v, DATABASE_URL: 'postgres://core_api:wrong@127.0.0.1:1/clinic' }));
    await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', forceNewDeployment: true }));
    const load = startLoad(sb.state.lbUrl, 4, listPatients, 180_000);
    try {
      const lost = await waitFor('the service to run on one healthy task', async () => {
        const svc = await describeService(sb);
        const old = svc.deployments?.find((d) => d.status === 'ACTIVE');
        return old && old.runningCount === 1 ? old : undefined;
      }, 60_000, 500);
      expect(lost.runningCount).toBe(1);
      await waitAlarm(sb, 'sandbox-healthy-hosts-low', 'ALARM', 60_000);
    } finally {
      await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } } }));
      await rollBack(sb, versions);
    }
    const stats = await load.stop();
    console.log(`with min 50 %: ${JSON.stringify(stats)}`);
    expect(stats.byStatus[200] ?? 0).toBeGreaterThan(20);
    await waitAlarm(sb, 'sandbox-healthy-hosts-low', 'OK', 90_000);
  });

  it('pg_sleep holding a lock on appointments makes complex writes slow and the p95 latency alarm fire', async () => {
    expect(await alarmState(sb, 'sandbox-p95-latency')).not.toBe('ALARM');
    const admin = new pg.Client({ connectionString: sb.state.dbAdminUrl, application_name: 'firedrill:test-lock' });
    // Terminating the session below is the point; the client reports it as an error event.
    admin.on('error', () => undefined);
    await admin.connect();
    const load = startLoad(sb.state.lbUrl, 6, booking, 120_000);
    try {
      await admin.query("SET statement_timeout = '90s'");
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE appointments IN EXCLUSIVE MODE');
      const sleeping = admin.query('SELECT pg_sleep(60)').catch(() => undefined);
      const toAlarm = await waitAlarm(sb, 'sandbox-p95-latency', 'ALARM', 80_000);
      console.log(`p95-latency reached ALARM ${(toAlarm / 1000).toFixed(0)}s after the lock`);
      const terminator = new pg.Client({ connectionString: sb.state.dbAdminUrl });
      await terminator.connect();
      await terminator.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'firedrill:test-lock'");
      await terminator.end();
      await sleeping;
    } finally {
      await admin.end().catch(() => undefined);
    }
    await waitAlarm(sb, 'sandbox-p95-latency', 'OK', 90_000);
    const stats = await load.stop();
    expect(stats.byStatus[201] ?? 0).toBeGreaterThan(10);
  });
});
