// The reference API as an ECS task runs it (a child process of main.ts) against real seeded Postgres: every
// catalogue endpoint's status and shape, tenant isolation through X-Org-Id, and a graceful SIGTERM.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import type { SandboxDatabase } from '../../../sandbox/db/index.ts';
import {
  call, eventually, makeStateDir, removeStateDir, serviceEnv, startSandboxCloudWatch, startSeededDatabase, startServiceProcess,
  type SandboxCloudWatchEndpoint, type ServiceProcess,
} from './service-fixture.ts';

let stateDir: string;
let db: SandboxDatabase;
let svc: ServiceProcess;
let cloudwatch: SandboxCloudWatchEndpoint;

beforeAll(async () => {
  stateDir = await makeStateDir('svc');
  db = await startSeededDatabase(stateDir);
  cloudwatch = await startSandboxCloudWatch();
  svc = await startServiceProcess(serviceEnv({ DATABASE_URL: db.appUrl, DB_POOL_MAX: '4', AWS_ENDPOINT_URL: cloudwatch.server.url, METRICS_INTERVAL_MS: '60000' }));
});

afterAll(async () => {
  await svc?.stop();
  await cloudwatch?.close();
  await db?.stop();
  await removeStateDir(stateDir);
});

describe('reference API catalogue', () => {
  it('prints one listening line and never the database URL or password', () => {
    expect(svc.output().match(/listening on/g)).toHaveLength(1);
    const password = new URL(db.appUrl).password;
    expect(svc.output()).not.toContain(password);
  });

  it('GET /health is healthy with pool stats; /health/ready pings the database', async () => {
    const health = await eventually(async () => {
      const r = await call(svc.url, 'GET', '/health');
      if (r.status !== 200) throw new Error(JSON.stringify(r));
      return r;
    });
    expect(health.body).toMatchObject({ status: 'healthy', pool: { acquired: 0, waiting: 0, max: 4, utilization_pct: 0 } });
    expect(Object.keys(health.body.pool as object).sort()).toEqual(['acquired', 'idle', 'max', 'total', 'utilization_pct', 'waiting']);
    const ready = await call(svc.url, 'GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready' });
  });

  it('read-simple: GET /v1/patients/:id answers within the org and 404s across orgs', async () => {
    const mine = await call(svc.url, 'GET', '/v1/patients/13', { org: 3 });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: 13, orgId: 3 });
    expect(mine.body.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(typeof mine.body.name).toBe('string');
    const theirs = await call(svc.url, 'GET', '/v1/patients/14', { org: 3 });
    expect(theirs).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect((await call(svc.url, 'GET', '/v1/patients/14', { org: 4 })).status).toBe(200);
  });

  it('read-complex: GET /v1/patients?q= lists by name prefix with appointment counts, only from the org', async () => {
    const r = await call(svc.url, 'GET', '/v1/patients?q=al&limit=20', { org: 5 });
    expect(r.status).toBe(200);
    const items = r.body.items as Array<{ id: number; name: string; appointmentCount: number; upcomingCount: number }>;
    expect(items.length).toBeGreaterThan(0);
    expect(items.length).toBeLessThanOrEqual(20);
    expect(r.body.count).toBe(items.length);
    for (const p of items) {
      expect(p.name.toLowerCase().startsWith('al')).toBe(true);
      expect((p.id - 1) % 10 + 1).toBe(5);
      expect(p.appointmentCount).toBeGreaterThanOrEqual(p.upcomingCount);
    }
    expect(items.some((p) => p.appointmentCount > 0)).toBe(true);
    const names = items.map((p) => p.name.toLowerCase());
    expect([...names].sort()).toEqual(names);
  });

  it('read-complex: GET /v1/specialists/:id/schedule joins appointments to patients within the window', async () => {
    const from = '2026-06-01T00:00:00Z';
    const to = '2026-06-08T00:00:00Z';
    const r = await call(svc.url, 'GET', `/v1/specialists/7/schedule?from=${from}&to=${to}`, { org: 7 });
    expect(r.status).toBe(200);
    expect(r.body.specialist).toMatchObject({ id: 7 });
    const appts = r.body.appointments as Array<{ startsAt: string; patient: { id: number } }>;
    expect(appts.length).toBeGreaterThan(10); // 5 weekdays x 5 booked hours
    for (const a of appts) {
      expect(a.startsAt >= '2026-06-01' && a.startsAt < '2026-06-08').toBe(true);
      expect((a.patient.id - 1) % 10 + 1).toBe(7);
    }
    expect((await call(svc.url, 'GET', `/v1/specialists/8/schedule?from=${from}&to=${to}`, { org: 7 })).status).toBe(404);
    expect((await call(svc.url, 'GET', `/v1/specialists/7/schedule?from=${to}&to=${from}`, { org: 7 })).body).toMatchObject({ error: 'invalid_request' });
  });

  it('write-simple: POST /v1/patients creates a patient in the caller org', async () => {
    const r = await call(svc.url, 'POST', '/v1/patients', { org: 2, body: { name: 'Nadia Quinn', birthDate: '1991-04-30' } });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ orgId: 2, name: 'Nadia Quinn', birthDate: '1991-04-30' });
    const id = r.body.id as number;
    expect((await call(svc.url, 'GET', `/v1/patients/${id}`, { org: 2 })).status).toBe(200);
    expect((await call(svc.url, 'GET', `/v1/patients/${id}`, { org: 1 })).status).toBe(404);
    const bad = await call(svc.url, 'POST', '/v1/patients', { org: 2, body: { name: '', birthDate: '1991-02-30' } });
    expect(bad).toMatchObject({ status: 400, body: { error: 'invalid_request' } });
  });

  it('write-complex: POST /v1/appointments books a free slot (with its form) and 409s an overlap', async () => {
    const booking = { patientId: 11, specialistId: 1, startsAt: '2026-06-06T10:00:00Z', durationMin: 30, form: { kind: 'intake', reason: 'check-up' } };
    const first = await call(svc.url, 'POST', '/v1/appointments', { org: 1, body: booking });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ patientId: 11, specialistId: 1, startsAt: '2026-06-06T10:00:00.000Z', endsAt: '2026-06-06T10:30:00.000Z', status: 'booked' });
    expect(typeof first.body.formId).toBe('number');
    const clash = await call(svc.url, 'POST', '/v1/appointments', { org: 1, body: { ...booking, startsAt: '2026-06-06T10:15:00Z' } });
    expect(clash).toMatchObject({ status: 409, body: { error: 'slot_taken', conflictingAppointmentId: first.body.id } });
    const otherOrgPatient = await call(svc.url, 'POST', '/v1/appointments', { org: 1, body: { ...booking, patientId: 12, startsAt: '2026-06-06T12:00:00Z' } });
    expect(otherOrgPatient).toMatchObject({ status: 404, body: { error: 'patient_not_found' } });
  });

  it('concurrent bookings of one slot: exactly one wins (the specialist row lock serialises them)', async () => {
    const booking = { patientId: 21, specialistId: 11, startsAt: '2026-06-13T11:00:00Z', durationMin: 45, form: {} };
    const results = await Promise.all(Array.from({ length: 4 }, () => call(svc.url, 'POST', '/v1/appointments', { org: 1, body: booking })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
  });

  it('export: GET /v1/exports/appointments aggregates the org month', async () => {
    const r = await call(svc.url, 'GET', '/v1/exports/appointments?month=2026-03', { org: 4 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ orgId: 4, month: '2026-03' });
    const lines = r.body.bySpecialist as Array<{ specialistId: number; appointments: number }>;
    expect(lines.length).toBe(5); // 50 specialists / 10 orgs
    for (const l of lines) expect((l.specialistId - 1) % 10 + 1).toBe(4);
    const totals = r.body.totals as { appointments: number };
    expect(totals.appointments).toBe(lines.reduce((s, l) => s + l.appointments, 0));
    const days = r.body.byDay as Array<{ day: string; appointments: number }>;
    expect(days.reduce((s, d) => s + d.appointments, 0)).toBe(totals.appointments);
    expect(days.every((d) => d.day.startsWith('2026-03-'))).toBe(true);
    expect((await call(svc.url, 'GET', '/v1/exports/appointments?month=2026-13', { org: 4 })).status).toBe(400);
  });

  it('classifies bad requests: missing org, unknown route, wrong method, invalid JSON', async () => {
    expect((await call(svc.url, 'GET', '/v1/patients/1')).body).toMatchObject({ error: 'missing_org' });
    expect((await call(svc.url, 'GET', '/v1/patients/1', { org: 'abc' })).body).toMatchObject({ error: 'invalid_org' });
    expect((await call(svc.url, 'GET', '/v1/nothing', { org: 1 })).status).toBe(404);
    expect((await call(svc.url, 'DELETE', '/v1/patients/1', { org: 1 })).status).toBe(405);
    const res = await fetch(`${svc.url}/v1/patients`, { method: 'POST', headers: { 'x-org-id': '1' }, body: '{not json' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_json' });
  });
});

describe('graceful shutdown', () => {
  it('SIGTERM finishes the in-flight request, flushes metrics and exits 0', async () => {
    const admin = new pg.Client({ connectionString: db.adminUrl, application_name: 'firedrill:test-lock' });
    await admin.connect();
    try {
      await admin.query('BEGIN');
      await admin.query('LOCK TABLE patients IN ACCESS EXCLUSIVE MODE');
      const inFlight = call(svc.url, 'GET', '/v1/patients/1', { org: 1 });
      await eventually(async () => {
        const h = await call(svc.url, 'GET', '/health');
        if ((h.body.pool as { acquired: number }).acquired !== 1) throw new Error('request not holding a connection yet');
      });
      svc.child.kill('SIGTERM');
      await eventually(async () => {
        if (!svc.output().includes('SIGTERM received')) throw new Error('no SIGTERM yet');
      });
      await admin.query('ROLLBACK');
      expect((await inFlight).status).toBe(200);
    } finally {
      await admin.end();
    }
    expect(await svc.exited).toBe(0);
    await expect(fetch(`${svc.url}/health`)).rejects.toThrow();
    // METRICS_INTERVAL_MS is 60 s, so only the shutdown flush can have delivered these counts.
    const requests = await eventually(async () => {
      const n = await cloudwatch.aggregate('RequestCount', 'Sum');
      if (n === undefined) throw new Error('no RequestCount yet');
      return n;
    });
    expect(requests).toBeGreaterThanOrEqual(20);
  });
});
