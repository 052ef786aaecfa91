// One PostgreSQL cluster in a state directory: initdb once, then start the postmaster bound to loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, chown, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { PostgresBinaries } from './binaries.ts';
import type { RunAs } from './os-user.ts';
import { sleep } from './processes.ts';

export const ADMIN_USER = 'postgres';

export interface ClusterPaths {
  stateDir: string;
  dataDir: string;
  logFile: string;
  credentialsFile: string;
}

export function clusterPaths(stateDir: string): ClusterPaths {
  return {
    stateDir,
    dataDir: join(stateDir, 'data'),
    logFile: join(stateDir, 'postgres.log'),
    credentialsFile: join(stateDir, 'credentials.json'),
  };
}

export async function isInitialised(dataDir: string): Promise<boolean> {
  try {
    await access(join(dataDir, 'PG_VERSION'));
    return true;
  } catch {
    return false;
  }
}

// Keep the children's environment minimal: nothing of ours (tokens, URLs) leaks into postgres.
function childEnv(): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', LANG: 'C', TZ: 'UTC' };
}

function identity(runAs: RunAs | undefined): { uid?: number; gid?: number } {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}

async function runToEnd(child: ChildProcess, what: string): Promise<void> {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code !== 0) throw new Error(`${what} failed (exit ${code}): ${output.trim().slice(-2000)}`);
}

/** initdb into an empty data directory; the admin password goes through a private file, never argv. */
export async function initCluster(bins: PostgresBinaries, paths: ClusterPaths, runAs: RunAs | undefined, adminPassword: string): Promise<void> {
  const leftovers = await readdir(paths.dataDir);
  if (leftovers.length > 0) {
    throw new Error(`${paths.dataDir} is not empty but holds no PostgreSQL cluster; remove it and start again`);
  }
  const secretDir = await mkdtemp(join(paths.stateDir, '.initdb-'));
  const pwfile = join(secretDir, 'pw');
  try {
    await writeFile(pwfile, adminPassword + '\n', { mode: 0o600 });
    if (runAs) {
      await chown(secretDir, runAs.uid, runAs.gid);
      await chown(pwfile, runAs.uid, runAs.gid);
    }
    const args = [`--pgdata=${paths.dataDir}`, `--username=${ADMIN_USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'];
    const child = spawn(bins.initdb, args, { ...identity(runAs), cwd: paths.dataDir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    await runToEnd(child, 'initdb');
  } finally {
    await rm(secretDir, { recursive: true, force: true });
  }
}

export interface PostmasterOptions {
  port: number;
  maxConnections: number;
}

/**
 * Start the postmaster with its log in a file (so it never blocks on a pipe to us). TCP on 127.0.0.1 only and no
 * Unix socket. wal_level=minimal lets the seed's CREATE+INSERT in one transaction skip WAL; nothing replicates here.
 */
export async function startPostmaster(bins: PostgresBinaries, paths: ClusterPaths, runAs: RunAs | undefined, opts: PostmasterOptions): Promise<ChildProcess> {
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    max_connections: opts.maxConnections,
    superuser_reserved_connections: 3,
    timezone: 'UTC',
    log_timezone: 'UTC',
    wal_level: 'minimal',
    max_wal_senders: 0,
    max_wal_size: '1GB',
    logging_collector: 'off',
    // The sandbox shares two cores and one disk with the load generator and the harness. A parallel export would
    // take both cores at once and stall every other request; a commit would wait on the CI runner's fsync. Both
    // are artefacts of co-location that drills would misread as the service's latency, so: one core per query,
    // and commits that do not wait for the WAL flush (the data is disposable; a crash loses the last few ms).
    max_parallel_workers_per_gather: 0,
    synchronous_commit: 'off',
  };
  const args = ['-D', paths.dataDir, '-p', String(opts.port)];
  for (const [key, value] of Object.entries(settings)) args.push('-c', `${key}=${value}`);
  const log = await open(paths.logFile, 'a');
  try {
    const child = spawn(bins.postgres, args, { ...identity(runAs), cwd: paths.dataDir, env: childEnv(), stdio: ['ignore', log.fd, log.fd] });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    return child;
  } finally {
    await log.close();
  }
}

export interface ReadyCheck {
  port: number;
  password: string;
  child: ChildProcess;
  timeoutMs: number;
  logTail: () => Promise<string>;
}

/** Poll a real login until the server accepts it (startup and crash recovery take a moment). */
export async function waitUntilReady(check: ReadyCheck): Promise<void> {
  const deadline = Date.now() + check.timeoutMs;
  let last = 'no attempt yet';
  while (Date.now() < deadline) {
    if (check.child.exitCode !== null || check.child.signalCode !== null) {
      throw new Error(`PostgreSQL exited during startup (${check.child.exitCode ?? check.child.signalCode}); log tail:\n${await check.logTail()}`);
    }
    const client = new pg.Client({ host: '127.0.0.1', port: check.port, user: ADMIN_USER, password: check.password, database: 'postgres', connectionTimeoutMillis: 2_000 });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      last = (err as Error).message;
    } finally {
      await client.end().catch(() => {});
    }
    await sleep(100);
  }
  throw new Error(`PostgreSQL did not accept connections on 127.0.0.1:${check.port} within ${check.timeoutMs} ms (last error: ${last}); log tail:\n${await check.logTail()}`);
}
