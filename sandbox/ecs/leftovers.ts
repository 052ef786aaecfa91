// Task processes lead their own process groups, so a supervisor killed outright (SIGKILL, OOM) cannot take them
// down with it. Each live task therefore keeps a pid file next to its log; the next reconciler started on the same
// logs directory ends the groups those files name, but only after checking that the pid still belongs to the same
// process (its start time), never a stranger that reused the number.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { procAvailable, readProcStat } from './proc-stats.ts';
import { signalGroup } from './process-group.ts';

interface PidRecord {
  pid: number;
  /** Seconds since boot the process started (Linux); identifies it beyond the reusable pid. */
  startSeconds?: number;
}

const GONE_WAIT_MS = 5000;

export function pidFilePath(logsDir: string, taskId: string): string {
  return join(logsDir, `${taskId}.pid`);
}

export function writePidFile(path: string, pid: number): void {
  const startSeconds = processStart(pid);
  writeFileSync(path, JSON.stringify({ pid, ...(startSeconds !== undefined ? { startSeconds } : {}) }));
}

export function removePidFile(path: string): void {
  rmSync(path, { force: true });
}

/** Ends the process groups of tasks an earlier reconciler left running; returns how many it ended. */
export async function reclaimLeftovers(logsDir: string, log: (line: string) => void): Promise<number> {
  let ended = 0;
  for (const file of readdirSync(logsDir).filter((f) => f.endsWith('.pid'))) {
    const path = join(logsDir, file);
    const record = readRecord(path);
    if (record && isSameProcess(record)) {
      log(`reconciler: ending task ${file.slice(0, -'.pid'.length)} (pid ${record.pid}) left running by an earlier sandbox`);
      signalGroup(record.pid, 'SIGKILL');
      if (await goneWithin(record.pid, GONE_WAIT_MS)) ended++;
      else log(`reconciler: pid ${record.pid} survived SIGKILL for ${GONE_WAIT_MS} ms`);
    }
    removePidFile(path);
  }
  return ended;
}

function readRecord(path: string): PidRecord | undefined {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as PidRecord;
    return Number.isInteger(parsed.pid) && parsed.pid > 0 ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Without /proc there is no way to tell a reused pid apart, so nothing is killed. */
function isSameProcess(record: PidRecord): boolean {
  if (record.startSeconds === undefined || !procAvailable()) return false;
  return processStart(record.pid) === record.startSeconds;
}

function processStart(pid: number): number | undefined {
  return readProcStat(pid)?.startSeconds;
}

async function goneWithin(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const stat = readProcStat(pid);
    // A zombie (reparented, not yet reaped) is as good as gone: it holds no port and runs no code.
    if (!stat || stat.state === 'Z') return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}
