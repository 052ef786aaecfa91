// The run index: one small file per unfinished run under the git-ignored state folder, so `firedrill restore`
// finds runs left behind without scanning report folders. One file per run (not one shared file) so that
// concurrent drills and restores never rewrite each other's entries.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stateDir } from '../paths.ts';

export interface RunIndexEntry {
  runId: string;
  runDir: string;
  envName: string;
  envFile: string;
  pid: number;
  host: string;
  startedAt: string;
  plannedEndAt: string;
}

export function runIndexDir(dir: string = stateDir()): string {
  return join(dir, 'runs');
}

function entryFile(runId: string, dir: string): string {
  return join(runIndexDir(dir), `${runId}.json`);
}

export function registerRun(entry: RunIndexEntry, dir: string = stateDir()): void {
  mkdirSync(runIndexDir(dir), { recursive: true });
  const file = entryFile(entry.runId, dir);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(entry, null, 2)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

export function unregisterRun(runId: string, dir: string = stateDir()): void {
  rmSync(entryFile(runId, dir), { force: true });
}

/** Every unfinished run the index knows of, oldest first. Unreadable entries are skipped. */
export function listUnfinishedRuns(dir: string = stateDir()): RunIndexEntry[] {
  const folder = runIndexDir(dir);
  if (!existsSync(folder)) return [];
  const entries: RunIndexEntry[] = [];
  for (const name of readdirSync(folder)) {
    if (!name.endsWith('.json')) continue;
    try {
      const entry = JSON.parse(readFileSync(join(folder, name), 'utf8')) as RunIndexEntry;
      if (typeof entry.runId === 'string' && typeof entry.runDir === 'string') entries.push(entry);
    } catch {
      // a half-written entry from a crash: the journal in the run directory is the source of truth
    }
  }
  return entries.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

export function findRun(runId: string, dir: string = stateDir()): RunIndexEntry | undefined {
  return listUnfinishedRuns(dir).find((e) => e.runId === runId);
}
