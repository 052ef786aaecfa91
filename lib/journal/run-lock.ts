// One restorer at a time per run: the drill's own restore, `firedrill restore` and the watchdog may race for the
// same run. The loser waits, then finds nothing left to do (restores read live state and the journal again).
import { openSync, readFileSync, renameSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../aws/poll.ts';
import { HarnessError } from '../errors.ts';
import { ownerIsDead } from '../safety/process.ts';

const LOCK_FILE = 'restore.lock';

interface LockOwner {
  pid: number;
  host: string;
  at: string;
}

function tryTake(file: string): boolean {
  try {
    const fd = openSync(file, 'wx', 0o600);
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() } satisfies LockOwner));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function readOwner(file: string): LockOwner | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LockOwner;
  } catch {
    return undefined;
  }
}

/** Remove a lock whose owner died; the rename makes sure only one waiter breaks it. */
function breakIfStale(file: string): void {
  const owner = readOwner(file);
  if (!owner || !ownerIsDead(owner)) return;
  const moved = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, moved);
    rmSync(moved, { force: true });
  } catch {
    // another waiter broke it first
  }
}

/** Run `fn` holding the run's restore lock; wait (bounded) while another live process holds it. */
export async function withRunLock<T>(runDir: string, fn: () => Promise<T>, o: { waitMs: number; onWait?: (owner: string) => void }): Promise<T> {
  const file = join(runDir, LOCK_FILE);
  const deadline = Date.now() + o.waitMs;
  let announced = false;
  while (!tryTake(file)) {
    breakIfStale(file);
    if (Date.now() > deadline) {
      const owner = readOwner(file);
      throw new HarnessError(`another restore of ${runDir} is still running (pid ${owner?.pid ?? '?'} on ${owner?.host ?? '?'})`, 'wait for it to finish, then run firedrill restore again');
    }
    if (!announced) {
      const owner = readOwner(file);
      o.onWait?.(`pid ${owner?.pid ?? '?'} on ${owner?.host ?? '?'}`);
      announced = true;
    }
    await sleep(200);
  }
  try {
    return await fn();
  } finally {
    rmSync(file, { force: true });
  }
}
