// The sandbox's PostgreSQL: one cluster per state directory, on 127.0.0.1 only, with a superuser for chaos
// faults and monitoring and the RLS-bound app role core_api. startDatabase initialises on first use and reuses
// the cluster afterwards; seedDatabase fills it once.
import { mkdir, open } from 'node:fs/promises';
import { postgresBinaries, type PostgresBinaries } from './binaries.ts';
import { ADMIN_USER, clusterPaths, initCluster, isInitialised, startPostmaster, waitUntilReady, type ClusterPaths } from './cluster.ts';
import { loadCredentials, newCredentials, saveCredentials, type Credentials } from './credentials.ts';
import { prepareDataDir, resolveRunAs, type RunAs } from './os-user.ts';
import { freePort, runningPostmaster, stopPostmasterPid } from './processes.ts';
import { APP_DATABASE, APP_ROLE, connectionUrl, ensureDatabaseAndRoles } from './roles.ts';

export { seedDatabase, SEED_VERSION, type SeedOptions, type SeedResult } from './seed.ts';
export { CONTRACT_SIZE, SEED_WINDOW_START, SEED_WINDOW_DAYS, type SeedSize } from './seed-sql.ts';
export { APP_DATABASE, APP_ROLE, ADMIN_USER };

export interface StartDatabaseOptions {
  /** Holds data/ (the cluster), postgres.log and credentials.json (0600). Created if missing. */
  stateDir: string;
  /** TCP port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** max_connections (3 of them reserved for the superuser). Default 60, so drills can exhaust it. */
  maxConnections?: number;
  /** When running as root, the unprivileged OS user postgres runs as (created if missing). Default "postgres". */
  osUser?: string;
  startTimeoutMs?: number;
  onProgress?: (message: string) => void;
}

export interface SandboxDatabase {
  host: '127.0.0.1';
  port: number;
  database: string;
  /** Superuser URL to the app database. Contains a password: never print it. */
  adminUrl: string;
  /** core_api URL to the app database (RLS applies). Contains a password: never print it. */
  appUrl: string;
  pid: number;
  dataDir: string;
  logFile: string;
  /** Fast shutdown; resolves when the postmaster and all its backends are gone. Idempotent. */
  stop(): Promise<void>;
}

export const DEFAULT_MAX_CONNECTIONS = 60;

function checkOptions(o: StartDatabaseOptions): void {
  if (!o.stateDir) throw new Error('stateDir: required (the folder that holds the cluster, e.g. .firedrill/sandbox/pg)');
  if (o.port !== undefined && (!Number.isInteger(o.port) || o.port < 0 || o.port > 65535)) {
    throw new Error(`port: expected an integer 0..65535, got ${String(o.port)}`);
  }
  const max = o.maxConnections;
  if (max !== undefined && (!Number.isInteger(max) || max < 10 || max > 10_000)) {
    throw new Error(`maxConnections: expected an integer 10..10000, got ${String(max)}`);
  }
}

/** Stop a leftover postmaster, then initdb if the data dir is new; returns the cluster's credentials. */
async function ensureCluster(bins: PostgresBinaries, paths: ClusterPaths, runAs: RunAs | undefined, progress: (m: string) => void): Promise<Credentials> {
  const leftover = await runningPostmaster(paths.dataDir);
  if (leftover !== undefined) {
    progress(`stopping PostgreSQL left running by an earlier run (pid ${leftover})`);
    await stopPostmasterPid(leftover);
  }
  await prepareDataDir(paths.dataDir, runAs);
  const creds = await loadCredentials(paths.credentialsFile);
  if (await isInitialised(paths.dataDir)) {
    if (creds) return creds;
    throw new Error(`${paths.dataDir} holds a cluster but ${paths.credentialsFile} is missing; remove ${paths.stateDir} to start afresh`);
  }
  progress(`initialising PostgreSQL cluster in ${paths.dataDir}${runAs ? ` (as user ${runAs.name})` : ''}`);
  const fresh = newCredentials();
  await initCluster(bins, paths, runAs, fresh.adminPassword);
  await saveCredentials(paths.credentialsFile, fresh);
  return fresh;
}

/** A stop function for the postmaster, plus a best-effort stop if our process exits without calling it. */
function stopperFor(pid: number): () => Promise<void> {
  const onExit = () => {
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      /* already gone */
    }
  };
  process.once('exit', onExit);
  return async () => {
    process.removeListener('exit', onExit);
    await stopPostmasterPid(pid);
  };
}

export async function startDatabase(options: StartDatabaseOptions): Promise<SandboxDatabase> {
  checkOptions(options);
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();
  const bins = await postgresBinaries();
  const paths = clusterPaths(options.stateDir);
  await mkdir(paths.stateDir, { recursive: true });
  const runAs = await resolveRunAs(options.osUser, progress);
  const creds = await ensureCluster(bins, paths, runAs, progress);

  const port = options.port || (await freePort());
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  progress(`starting PostgreSQL on 127.0.0.1:${port} (max_connections ${maxConnections})`);
  const child = await startPostmaster(bins, paths, runAs, { port, maxConnections });
  const pid = child.pid!;
  const stop = stopperFor(pid);
  try {
    const logTail = () => tail(paths.logFile);
    await waitUntilReady({ port, password: creds.adminPassword, child, timeoutMs: options.startTimeoutMs ?? 60_000, logTail });
    await ensureDatabaseAndRoles(port, creds);
  } catch (err) {
    await stop().catch(() => {});
    throw err;
  }
  progress(`PostgreSQL ready in ${((Date.now() - started) / 1000).toFixed(1)} s (pid ${pid})`);
  return {
    host: '127.0.0.1',
    port,
    database: APP_DATABASE,
    adminUrl: connectionUrl(ADMIN_USER, creds.adminPassword, port),
    appUrl: connectionUrl(APP_ROLE, creds.appPassword, port),
    pid,
    dataDir: paths.dataDir,
    logFile: paths.logFile,
    stop,
  };
}

/**
 * Stop a cluster whose starter is gone (crashed harness, `sandbox down` from another process).
 * Returns the pid it stopped, or undefined if nothing was running.
 */
export async function stopDatabaseAt(stateDir: string): Promise<number | undefined> {
  const pid = await runningPostmaster(clusterPaths(stateDir).dataDir);
  if (pid !== undefined) await stopPostmasterPid(pid);
  return pid;
}

async function tail(file: string, bytes = 4096): Promise<string> {
  const fh = await open(file, 'r').catch(() => undefined);
  if (!fh) return '(no log)';
  try {
    const { size } = await fh.stat();
    const start = Math.max(0, size - bytes);
    const buf = Buffer.alloc(size - start);
    await fh.read(buf, 0, buf.length, start);
    return buf.toString('utf8');
  } finally {
    await fh.close();
  }
}
