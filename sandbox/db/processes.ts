// Small process and port probes used to start and stop PostgreSQL without leaving anything behind.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createConnection, createServer, type AddressInfo } from 'node:net';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

// An exited process not yet reaped by its parent (e.g. a container init) still answers kill(pid, 0).
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll until the process is gone; true if it went within the time. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

/**
 * Stop a postmaster: SIGINT is PostgreSQL's "fast" shutdown (abort transactions, checkpoint, exit after all
 * backends); SIGQUIT is "immediate"; SIGKILL is the last resort. The postmaster exits only after its children.
 */
export async function stopPostmasterPid(pid: number, graceMs = 30_000): Promise<void> {
  const steps: Array<[NodeJS.Signals, number]> = [['SIGINT', graceMs], ['SIGQUIT', 5_000], ['SIGKILL', 5_000]];
  for (const [signal, wait] of steps) {
    if (!isAlive(pid)) return;
    try {
      process.kill(pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
      throw err;
    }
    if (await waitForExit(pid, wait)) return;
  }
  throw new Error(`PostgreSQL (pid ${pid}) did not exit after SIGINT, SIGQUIT and SIGKILL`);
}

/** The pid recorded in <dataDir>/postmaster.pid, if that process is alive and is a postgres. */
export async function runningPostmaster(dataDir: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(`${dataDir}/postmaster.pid`, 'utf8');
  } catch {
    return undefined;
  }
  const pid = Number.parseInt(text.split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  // Guard against a recycled pid: on Linux check the process really is postgres.
  const comm = await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => undefined);
  if (comm !== undefined && !comm.trim().startsWith('postgres')) return undefined;
  return pid;
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isPortOpen(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
