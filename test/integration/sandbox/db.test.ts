// The sandbox database for real: embedded Postgres seeded to the full contract size, the app role under RLS,
// warm restarts that reuse the seed, and stops that leave no process or port behind.
import { readdir, readFile, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { CONTRACT_SIZE, seedDatabase, startDatabase, type SandboxDatabase } from '../../../sandbox/db/index.ts';
import { isRoot } from '../../../sandbox/db/os-user.ts';
import { isPortOpen } from '../../../sandbox/db/processes.ts';
import { makeStateDir, removeStateDir } from './service-fixture.ts';

let stateDir: string;
let db: SandboxDatabase;
let coldSeedMs = 0;
const progress: string[] = [];

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Every live process whose command line mentions the data directory (Linux /proc). */
async function processesUsing(dataDir: string): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmd = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    const state = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    if (cmd.includes(dataDir) && !/\) Z /.test(state)) found.push(Number(entry));
  }
  return found;
}

beforeAll(async () => {
  stateDir = await makeStateDir('db');
  db = await startDatabase({ stateDir, onProgress: (m) => progress.push(m) });
  const seeded = await seedDatabase(db.adminUrl, { onProgress: (m) => progress.push(m) });
  coldSeedMs = seeded.durationMs;
});

afterAll(async () => {
  await db?.stop();
  await removeStateDir(stateDir);
});

describe('embedded postgres', () => {
  it('initialises, reports progress and runs as an unprivileged user', async () => {
    expect(progress.some((m) => m.startsWith('initialising PostgreSQL cluster'))).toBe(true);
    expect(progress.some((m) => /^seeded in/.test(m))).toBe(true);
    const status = await readFile(`/proc/${db.pid}/status`, 'utf8');
    const uid = Number(/^Uid:\s+(\d+)/m.exec(status)?.[1]);
    expect(uid).not.toBe(0);
    if (!isRoot()) expect(uid).toBe(process.getuid!());
    expect((await stat(db.dataDir)).mode & 0o777).toBe(0o700);
    expect(((await stat(`${stateDir}/credentials.json`)).mode & 0o777)).toBe(0o600);
  });

  it('binds 127.0.0.1 only, with max_connections 60, no Unix socket, no parallel query and no commit wait on fsync', async () => {
    const settings = await withClient(db.adminUrl, async (c) => {
      const r = await c.query(`SELECT name, setting FROM pg_settings WHERE name IN ('listen_addresses', 'max_connections', 'unix_socket_directories', 'max_parallel_workers_per_gather', 'synchronous_commit')`);
      return Object.fromEntries(r.rows.map((row: { name: string; setting: string }) => [row.name, row.setting]));
    });
    expect(settings).toEqual({ listen_addresses: '127.0.0.1', max_connections: '60', unix_socket_directories: '', max_parallel_workers_per_gather: '0', synchronous_commit: 'off' });
  });

  it('seeds the contract: ids, org layout and a year of appointments around June 2026', async () => {
    const counts = await withClient(db.adminUrl, async (c) => {
      const r = await c.query(`SELECT
        (SELECT count(*) FROM organisations)::int AS orgs,
        (SELECT count(*) FROM patients)::int AS patients, (SELECT min(id) || '-' || max(id) FROM patients) AS patient_ids,
        (SELECT count(*) FROM specialists)::int AS specialists, (SELECT max(id) FROM specialists)::int AS max_specialist,
        (SELECT count(*) FROM patients WHERE org_id <> ((id - 1) % 10) + 1)::int AS patients_off_contract,
        (SELECT count(*) FROM specialists WHERE org_id <> ((id - 1) % 10) + 1)::int AS specialists_off_contract,
        (SELECT count(*) FROM appointments)::int AS appointments,
        (SELECT count(*) FROM appointments a JOIN patients p ON p.id = a.patient_id JOIN specialists s ON s.id = a.specialist_id
           WHERE a.org_id <> p.org_id OR a.org_id <> s.org_id)::int AS cross_org,
        (SELECT min(starts_at) FROM appointments) AS first, (SELECT max(starts_at) FROM appointments) AS last,
        (SELECT count(*) FROM forms)::int AS forms`);
      return r.rows[0];
    });
    expect(counts).toMatchObject({ orgs: 10, patients: CONTRACT_SIZE.patients, patient_ids: '1-200000', specialists: 500, max_specialist: 500 });
    expect(counts.patients_off_contract).toBe(0);
    expect(counts.specialists_off_contract).toBe(0);
    expect(counts.cross_org).toBe(0);
    expect(counts.appointments).toBeGreaterThan(300_000);
    expect(counts.appointments).toBeLessThan(1_000_000);
    expect(counts.forms).toBeGreaterThan(100_000);
    expect((counts.first as Date).toISOString()).toBe('2025-12-01T09:00:00.000Z');
    expect((counts.last as Date).getTime()).toBeLessThan(Date.parse('2026-12-01T00:00:00Z'));
    console.log(`cold seed of the contract dataset: ${(coldSeedMs / 1000).toFixed(1)} s`);
  });

  it('app role core_api is not a superuser and cannot bypass RLS', async () => {
    const role = await withClient(db.appUrl, (c) => c.query('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user'));
    expect(role.rows[0]).toEqual({ rolsuper: false, rolbypassrls: false });
  });

  it('row-level security hides other organisations from the app role', async () => {
    await withClient(db.appUrl, async (c) => {
      expect((await c.query('SELECT count(*)::int AS n FROM patients')).rows[0].n).toBe(0);
      await c.query('BEGIN');
      await c.query(`SET LOCAL app.org_id = '3'`);
      const mine = await c.query('SELECT count(*)::int AS n, min(org_id) AS lo, max(org_id) AS hi FROM patients');
      expect(mine.rows[0]).toEqual({ n: 20_000, lo: 3, hi: 3 });
      expect((await c.query('SELECT id FROM patients WHERE id = 4')).rowCount).toBe(0);
      expect((await c.query('SELECT id FROM patients WHERE id = 3')).rowCount).toBe(1);
      expect((await c.query('SELECT count(*)::int AS n FROM appointments WHERE org_id <> 3')).rows[0].n).toBe(0);
      await expect(c.query(`INSERT INTO patients (org_id, name, birth_date) VALUES (4, 'Mallory', '1990-01-01')`)).rejects.toMatchObject({ code: '42501' });
      await c.query('ROLLBACK');
      // After a transaction used SET LOCAL, the setting reads '' in the session: still no rows, not an error.
      expect((await c.query('SELECT count(*)::int AS n FROM patients')).rows[0].n).toBe(0);
    });
    const all = await withClient(db.adminUrl, (c) => c.query('SELECT count(DISTINCT org_id)::int AS n FROM patients'));
    expect(all.rows[0].n).toBe(10);
  });

  it('a warm restart reuses the cluster and the seed, and keeps data written before the stop', async () => {
    await withClient(db.adminUrl, (c) => c.query(`INSERT INTO patients (org_id, name, birth_date) VALUES (1, 'Kept Across Restart', '1980-05-05')`));
    const port = db.port;
    await db.stop();
    const started = Date.now();
    const warm: string[] = [];
    db = await startDatabase({ stateDir, port, onProgress: (m) => warm.push(m) });
    const seeded = await seedDatabase(db.adminUrl);
    const warmMs = Date.now() - started;
    console.log(`warm start (ready and seed verified): ${(warmMs / 1000).toFixed(2)} s`);
    expect(seeded.seeded).toBe(false);
    expect(warm.some((m) => m.startsWith('initialising'))).toBe(false);
    expect(warmMs).toBeLessThan(10_000);
    const kept = await withClient(db.adminUrl, (c) => c.query(`SELECT count(*)::int AS n FROM patients WHERE name = 'Kept Across Restart'`));
    expect(kept.rows[0].n).toBe(1);
  });

  it('stop leaves no postgres process and no listening port, and is idempotent', async () => {
    const { dataDir, port, pid } = db;
    expect(await processesUsing(dataDir)).toContain(pid);
    await db.stop();
    await db.stop();
    expect(await processesUsing(dataDir)).toEqual([]);
    expect(await isPortOpen(port)).toBe(false);
    await expect(stat(`${dataDir}/postmaster.pid`)).rejects.toMatchObject({ code: 'ENOENT' });
    db = await startDatabase({ stateDir }); // for afterAll and any later test
  });
});
