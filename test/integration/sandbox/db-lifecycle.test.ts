// Ways in and out of the sandbox database beyond the happy path: a cluster left running by a crashed harness,
// the non-root path, and refusals that name the field and the fix.
import { spawn } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startDatabase, stopDatabaseAt } from '../../../sandbox/db/index.ts';
import { canTraverse, isRoot } from '../../../sandbox/db/os-user.ts';
import { isAlive, isPortOpen } from '../../../sandbox/db/processes.ts';
import { validateSeedSize } from '../../../sandbox/db/seed-sql.ts';
import { eventually, makeStateDir, removeStateDir, TEST_SEED } from './service-fixture.ts';

const REPO = join(import.meta.dirname, '../../..');
const DB_MODULE = join(REPO, 'sandbox/db/index.ts');
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) {
    await stopDatabaseAt(dir).catch(() => undefined);
    await removeStateDir(dir);
  }
});

/** Run a snippet in a separate Node process (tsx loader), optionally as another user; collects its output. */
function runNode(code: string, opts: { uid?: number; gid?: number } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: REPO,
    env: { PATH: process.env.PATH, HOME: tmpdir() },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...opts,
  });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, output: () => out, exited };
}

describe('sandbox database lifecycle', () => {
  it('reclaims a cluster left running by a harness that was killed', async () => {
    const stateDir = await makeStateDir('db-crash');
    dirs.push(stateDir);
    const harness = runNode(`
      const { startDatabase } = await import(${JSON.stringify(DB_MODULE)});
      const db = await startDatabase({ stateDir: ${JSON.stringify(stateDir)} });
      console.log('READY ' + db.pid + ' ' + db.port);
      setInterval(() => {}, 1000);`);
    const ready = await eventually(async () => {
      const m = /READY (\d+) (\d+)/.exec(harness.output());
      if (!m) throw new Error(`harness not ready: ${harness.output()}`);
      return { pid: Number(m[1]), port: Number(m[2]) };
    }, 60_000, 100);
    harness.child.kill('SIGKILL');
    await harness.exited;
    expect(isAlive(ready.pid)).toBe(true); // orphaned, still holding the data dir and port

    const progress: string[] = [];
    const db = await startDatabase({ stateDir, onProgress: (m) => progress.push(m) });
    try {
      expect(progress).toContain(`stopping PostgreSQL left running by an earlier run (pid ${ready.pid})`);
      expect(isAlive(ready.pid)).toBe(false);
      const client = new pg.Client({ connectionString: db.adminUrl });
      await client.connect();
      expect((await client.query('SELECT 1 AS one')).rows[0].one).toBe(1);
      await client.end();
    } finally {
      await db.stop();
    }
  });

  it('stopDatabaseAt stops a cluster whose starter is gone, and reports nothing when none runs', async () => {
    const stateDir = await makeStateDir('db-stopat');
    dirs.push(stateDir);
    const db = await startDatabase({ stateDir });
    expect(await stopDatabaseAt(stateDir)).toBe(db.pid);
    expect(isAlive(db.pid)).toBe(false);
    expect(await isPortOpen(db.port)).toBe(false);
    expect(await stopDatabaseAt(stateDir)).toBeUndefined();
    await db.stop(); // harmless after the fact
  });

  it('runs as a normal (non-root) user too', async () => {
    if (!isRoot()) {
      // We are the normal user: the main db tests already ran that path; prove the cluster runs as us.
      const stateDir = await makeStateDir('db-user');
      dirs.push(stateDir);
      const db = await startDatabase({ stateDir });
      await db.stop();
      return;
    }
    const base = await mkdtemp(join(tmpdir(), 'firedrill-db-nobody-'));
    await chmod(base, 0o755);
    await chown(base, 65534, 65534);
    dirs.push(base);
    const stateDir = join(base, 'state');
    const size = JSON.stringify(TEST_SEED);
    const run = runNode(
      `const { startDatabase, seedDatabase } = await import(${JSON.stringify(DB_MODULE)});
       const db = await startDatabase({ stateDir: ${JSON.stringify(stateDir)} });
       const seeded = await seedDatabase(db.adminUrl, { size: ${size} });
       const status = (await import('node:fs')).readFileSync('/proc/' + db.pid + '/status', 'utf8');
       console.log('RESULT ' + JSON.stringify({ uid: Number(/^Uid:\\s+(\\d+)/m.exec(status)[1]), seeded: seeded.seeded }));
       await db.stop();`,
      { uid: 65534, gid: 65534 },
    );
    const code = await run.exited;
    expect(code, run.output()).toBe(0);
    const result = JSON.parse(/RESULT (.*)/.exec(run.output())?.[1] ?? 'null') as { uid: number; seeded: boolean };
    expect(result).toEqual({ uid: 65534, seeded: true });
  });

  it('as root, refuses a state dir the postgres user cannot reach, naming the directory and the fix', async () => {
    const locked = await mkdtemp(join(tmpdir(), 'firedrill-db-locked-'));
    dirs.push(locked);
    await mkdir(join(locked, 'state'));
    const attempt = startDatabase({ stateDir: join(locked, 'state') });
    if (isRoot()) {
      await expect(attempt).rejects.toThrow(`cannot enter ${locked} (mode 700); run chmod o+x ${locked}`);
    } else {
      const db = await attempt; // our own 0700 directory is fine for ourselves
      await db.stop();
    }
    await rm(locked, { recursive: true, force: true });
  });

  it('rejects bad options and seed sizes with the field named', async () => {
    await expect(startDatabase({ stateDir: '' })).rejects.toThrow(/^stateDir: required/);
    await expect(startDatabase({ stateDir: '/tmp/x', maxConnections: 5 })).rejects.toThrow('maxConnections: expected an integer 10..10000, got 5');
    await expect(startDatabase({ stateDir: '/tmp/x', port: 70000 })).rejects.toThrow('port: expected an integer 0..65535, got 70000');
    expect(() => validateSeedSize({ organisations: 10, patients: 2005, specialists: 50 })).toThrow('seed.patients: expected a multiple of seed.organisations (10)');
    expect(() => validateSeedSize({ organisations: 0, patients: 10, specialists: 10 })).toThrow('seed.organisations: expected a positive integer, got 0');
  });

  it('checks directory traversal by owner, group and other bits', () => {
    const who = { name: 'postgres', uid: 101, gid: 104 };
    expect(canTraverse(0o700, 101, 0, who)).toBe(true);
    expect(canTraverse(0o700, 0, 104, who)).toBe(false);
    expect(canTraverse(0o750, 0, 104, who)).toBe(true);
    expect(canTraverse(0o750, 0, 0, who)).toBe(false);
    expect(canTraverse(0o711, 0, 0, who)).toBe(true);
  });
});
