// `firedrill restore` (and a fault script's --restore): restore every unfinished run whose harness is gone (or
// the one named), then sweep the environment for what dead runs left outside their journals.
import { hostname } from 'node:os';
import { HarnessError } from '../lib/errors.ts';
import { loadEnvironment, type Environment } from '../lib/experiment/environment.ts';
import { listUnfinishedRuns, readJournal, summarize, type RunIndexEntry } from '../lib/journal/index.ts';
import { ownerIsDead } from '../lib/safety/process.ts';
import type { SandboxState } from '../lib/sandbox-state.ts';
import type { RestoreIo } from './restore-faults.ts';
import { restoreRun, type RunRestoreResult } from './restore-run.ts';
import { sweepEnvironment } from './sweep.ts';

export interface RestoreAllOptions {
  io: RestoreIo;
  /** One run directory; default: every unfinished run in the index. */
  runDir?: string;
  /** Only runs against this environment (name or path), and sweep it. Default: sweep `local`. */
  env?: string;
  /** Only runs that applied this fault action (a fault script's --restore). */
  action?: string;
  /**
   * Also restore runs whose harness ran on another machine before their planned end (plus grace) has passed: the
   * operator knows that harness is gone (a CI runner that died, a laptop that went to sleep).
   */
  force?: boolean;
  sandboxState?: () => SandboxState;
  retry?: Parameters<typeof restoreRun>[1]['retry'];
}

export interface RestoreAllResult {
  ok: boolean;
  runs: RunRestoreResult[];
  skipped: string[];
  swept: string[];
}

interface Candidate {
  runDir: string;
  runId: string;
  owner: { pid: number; host: string };
  envName: string;
  /** Epoch ms after which the run's own watchdog would have acted (planned end + grace). */
  deadlineMs: number;
}

function fromJournal(runDir: string): Candidate {
  const start = summarize(readJournal(runDir).records).start;
  if (!start) throw new HarnessError(`${runDir}: the journal has no run-start record`);
  return { runDir, runId: start.runId, owner: { pid: start.pid, host: start.host }, envName: start.env.name, deadlineMs: Date.parse(start.plannedEndAt) + start.graceMs };
}

function fromIndex(e: RunIndexEntry): Candidate {
  try {
    return fromJournal(e.runDir);
  } catch {
    return { runDir: e.runDir, runId: e.runId, owner: { pid: e.pid, host: e.host }, envName: e.envName, deadlineMs: Date.parse(e.plannedEndAt) };
  }
}

/**
 * Whose harness may still be at work. On this machine the pid answers. Another machine's harness cannot be seen
 * from here, so it counts as alive until its planned end plus grace (when its own watchdog would have acted), or
 * until the operator says it is gone (force).
 */
export function harnessMayBeAlive(c: Pick<Candidate, 'owner' | 'deadlineMs'>, o: { force: boolean; now: number; thisHost?: string; thisPid?: number }): boolean {
  if (c.owner.pid === (o.thisPid ?? process.pid) && c.owner.host === (o.thisHost ?? hostname())) return false;
  if (c.owner.host === (o.thisHost ?? hostname())) return !ownerIsDead(c.owner);
  return !o.force && !(o.now > c.deadlineMs);
}

function skipReason(c: Candidate): string {
  if (c.owner.host === hostname()) return `run ${c.runId} is still in progress (pid ${c.owner.pid} on ${c.owner.host}): its harness restores it`;
  return `run ${c.runId} belongs to pid ${c.owner.pid} on ${c.owner.host}, another machine this one cannot check; it is left to that harness until ${new Date(c.deadlineMs).toISOString()} (planned end + grace). Once you know that harness is gone, run: firedrill restore --run ${c.runDir} --force`;
}

function appliedAction(runDir: string, action: string): boolean {
  try {
    return summarize(readJournal(runDir).records).faults.some((f) => f.action === action);
  } catch {
    return false;
  }
}

export async function restoreUnfinished(o: RestoreAllOptions): Promise<RestoreAllResult> {
  const env: Environment | undefined = o.env ? await loadEnvironment(o.env) : undefined;
  const indexed = listUnfinishedRuns();
  const candidates = o.runDir
    ? [fromJournal(o.runDir)]
    : indexed.map(fromIndex).filter((c) => (!env || c.envName === env.name) && (!o.action || appliedAction(c.runDir, o.action)));
  const result: RestoreAllResult = { ok: true, runs: [], skipped: [], swept: [] };
  for (const c of candidates) {
    if (harnessMayBeAlive(c, { force: o.force ?? false, now: Date.now() })) {
      result.skipped.push(skipReason(c));
      continue;
    }
    o.io.out(`restoring run ${c.runId} (${c.runDir})`);
    try {
      const r = await restoreRun(c.runDir, { by: 'restore', io: o.io, ...(o.sandboxState ? { sandboxState: o.sandboxState } : {}), ...(o.retry ? { retry: o.retry } : {}) });
      result.runs.push(r);
      if (r.status === 'failed') result.ok = false;
    } catch (err) {
      // One run that cannot even be started on (its environment file is gone, AWS unreachable) must not stop the others.
      o.io.err(`RESTORE FAILED: run ${c.runId}: ${(err as Error).message}`);
      result.runs.push({ runId: c.runId, runDir: c.runDir, status: 'failed', faults: [] });
      result.ok = false;
    }
  }
  const liveRunIds = new Set(listUnfinishedRuns().map(fromIndex).filter((c) => harnessMayBeAlive(c, { force: false, now: Date.now() })).map((c) => c.runId));
  const sweepEnv = env ?? (await loadEnvironment('local'));
  result.swept = await sweepEnvironment(sweepEnv, { io: o.io, liveRunIds, ...(o.sandboxState ? { sandboxState: o.sandboxState } : {}) });
  return result;
}
