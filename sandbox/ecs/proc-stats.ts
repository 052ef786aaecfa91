// CPU time and resident memory of whole process groups, read from Linux's /proc: a task is its group, so helpers
// it started (tsx's esbuild service, workers) count toward it as a container's processes count toward the container.
// Elsewhere (no /proc) sampling answers undefined and the reconciler publishes no usage metrics.
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** /proc reports times in USER_HZ clock ticks, which Linux fixes at 100 for user space on every architecture. */
export const USER_HZ = 100;

export interface ProcStat {
  pid: number;
  /** R running, S sleeping, Z zombie, ... */
  state: string;
  pgrp: number;
  /** utime + stime, in seconds. */
  cpuSeconds: number;
  /** When the process started, in seconds since boot. */
  startSeconds: number;
}

export interface GroupUsage {
  cpuSeconds: number;
  rssBytes: number;
  /** Start of the group's leader (the task's program), seconds since boot; undefined once it is gone. */
  leaderStartSeconds?: number;
  processes: number;
}

export interface UsageSample {
  /** Seconds since boot when the sample was taken: the same clock as the start times. */
  uptimeSeconds: number;
  groups: Map<number, GroupUsage>;
}

/**
 * One line of /proc/<pid>/stat. The command name (field 2) sits in parentheses and may itself contain spaces and
 * parentheses, so the fields are counted from the LAST ")".
 */
export function parseProcStat(text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  const pid = Number.parseInt(text, 10);
  if (close < 0 || !Number.isInteger(pid)) return undefined;
  // After ")": state is field 3, so field n is rest[n - 3].
  const rest = text.slice(close + 2).trim().split(/\s+/);
  const field = (n: number) => Number(rest[n - 3]);
  const [pgrp, utime, stime, start] = [field(5), field(14), field(15), field(22)];
  if (![pgrp, utime, stime, start].every(Number.isFinite)) return undefined;
  return { pid, state: rest[0] ?? '', pgrp, cpuSeconds: (utime + stime) / USER_HZ, startSeconds: start / USER_HZ };
}

/** VmRSS of /proc/<pid>/status in bytes; 0 when absent (a zombie has no memory left). */
export function parseVmRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** /proc/<pid>/stat of one process, read synchronously; undefined when it does not exist (or no /proc). */
export function readProcStat(pid: number, procRoot = '/proc'): ProcStat | undefined {
  try {
    return parseProcStat(readFileSync(join(procRoot, String(pid), 'stat'), 'utf8'));
  } catch {
    return undefined;
  }
}

export function procAvailable(procRoot = '/proc'): boolean {
  return process.platform === 'linux' && existsSync(join(procRoot, 'self', 'stat'));
}

/** Usage of each group in `pgids` (groups with no process left are absent). Undefined without /proc. */
export async function sampleProcessGroups(pgids: ReadonlySet<number>, procRoot = '/proc'): Promise<UsageSample | undefined> {
  if (pgids.size === 0 || !procAvailable(procRoot)) return undefined;
  const uptimeSeconds = Number.parseFloat(await readFile(join(procRoot, 'uptime'), 'utf8'));
  const groups = new Map<number, GroupUsage>();
  const entries = await readdir(procRoot);
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = parseProcStat(await readOrEmpty(join(procRoot, entry, 'stat')));
    if (!stat || !pgids.has(stat.pgrp)) continue;
    const usage = groups.get(stat.pgrp) ?? { cpuSeconds: 0, rssBytes: 0, processes: 0 };
    usage.cpuSeconds += stat.cpuSeconds;
    usage.rssBytes += parseVmRssBytes(await readOrEmpty(join(procRoot, entry, 'status')));
    usage.processes += 1;
    if (stat.pid === stat.pgrp) usage.leaderStartSeconds = stat.startSeconds;
    groups.set(stat.pgrp, usage);
  }
  return { uptimeSeconds, groups };
}

/** Processes come and go between readdir and read: a vanished one reads as empty. */
async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}
