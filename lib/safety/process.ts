import { hostname } from 'node:os';

/** Whether a process exists on this machine (EPERM: it exists but belongs to another user). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the owner of a run or lock (pid on host) is known to be gone. Only provable on this machine: an owner on
 * another host counts as alive, and callers fall back on its planned end.
 */
export function ownerIsDead(owner: { pid: number; host: string }): boolean {
  return owner.host === hostname() && !isProcessAlive(owner.pid);
}
