// Restoring faults from the journal: the one code path the drill, `firedrill restore` and the watchdog share.
// Each fault's restore reads live state first (idempotent), is verified, retried while it keeps failing, and
// finally reported loudly with the commands that finish it by hand.
import { sleep, type Aws } from '../lib/aws/index.ts';
import type { Environment } from '../lib/experiment/environment.ts';
import { faultsToRestore, summarize, type FaultHistory, type JournalWriter, type RunSummary, type Writer } from '../lib/journal/index.ts';
import { redactSecrets } from '../lib/safety/secret-values.ts';
import type { AdminUrlSource, AnyFault, Check, FaultContext, FaultTiming } from './contract.ts';
import { drillMarker } from './drill-marker.ts';
import { faultJournal } from './fault-journal.ts';
import { faultFor } from './faults.ts';

export interface RestoreIo {
  out(line: string): void;
  err(line: string): void;
}

/** Everything needed to act on one run's faults. */
export interface RunScope {
  runId: string;
  env: Environment;
  aws: Aws;
  adminUrl: AdminUrlSource;
  writer: JournalWriter;
  by: Writer;
  io: RestoreIo;
  dryRun: boolean;
  timing: FaultTiming;
  signal?: AbortSignal;
  /** Attempts per fault and the pause between them (tests shorten it). */
  retry?: { attempts: number; pauseMs: number };
}

export interface FaultRestoreResult {
  faultId: string;
  action: string;
  ok: boolean;
  actions: string[];
  checks: Check[];
  error?: string;
  manual: string[];
}

export function implementationOf(action: string): AnyFault | undefined {
  return action === drillMarker.action ? drillMarker : faultFor(action);
}

export function contextFor(scope: RunScope, faultId: string, timing: FaultTiming = scope.timing): FaultContext {
  return {
    runId: scope.runId,
    faultId,
    env: scope.env,
    aws: scope.aws,
    adminUrl: scope.adminUrl,
    journal: faultJournal(scope.writer, faultId),
    log: scope.io.out,
    dryRun: scope.dryRun,
    timing,
    ...(scope.signal ? { signal: scope.signal } : {}),
  };
}

function message(err: unknown): string {
  return redactSecrets(err instanceof Error ? err.message : String(err));
}

async function attempt(impl: AnyFault, ctx: FaultContext): Promise<{ actions: string[]; checks: Check[] }> {
  const actions = await impl.restore(ctx, ctx.journal.history());
  const checks = ctx.dryRun ? [] : await impl.verifyRestored(ctx, ctx.journal.history());
  return { actions, checks };
}

function printRestored(io: RestoreIo, r: FaultRestoreResult): void {
  const did = r.actions.length > 0 ? r.actions.join('; ') : 'nothing was still applied';
  io.out(`restored ${r.faultId} (${r.action}): ${did}`);
  for (const c of r.checks) io.out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.text}`);
}

function reportFailure(io: RestoreIo, r: FaultRestoreResult): void {
  io.err(`RESTORE FAILED: fault ${r.faultId} (${r.action}) is not verified restored: ${r.error ?? 'unknown error'}`);
  if (r.actions.length > 0) io.err(`  what restore did: ${r.actions.join('; ')}`);
  if (r.manual.length > 0) {
    io.err('  finish it by hand with:');
    for (const cmd of r.manual) io.err(`    ${cmd}`);
  }
  io.err('  then run "firedrill restore" again to verify and close the run.');
}

export async function restoreFault(scope: RunScope, history: FaultHistory): Promise<FaultRestoreResult> {
  const base = { faultId: history.faultId, action: history.action };
  const impl = implementationOf(history.action);
  if (!impl) return { ...base, ok: false, actions: [], checks: [], error: `unknown fault action "${history.action}" in the journal`, manual: [] };
  // No abort signal: Ctrl-C stops injecting and waiting for faults, never the restore.
  const { signal: _injectOnly, ...restoreScope } = scope;
  const ctx = contextFor(restoreScope, history.faultId);
  const { attempts, pauseMs } = scope.retry ?? { attempts: 3, pauseMs: 2000 };
  let error = '';
  let last: { actions: string[]; checks: Check[] } = { actions: [], checks: [] };
  for (let i = 1; i <= attempts; i++) {
    try {
      last = await attempt(impl, ctx);
      const failed = last.checks.filter((c) => !c.ok);
      if (failed.length === 0) {
        scope.writer.append({ kind: 'fault-restored', faultId: history.faultId, actions: last.actions, checks: last.checks });
        const done = { ...base, ok: true, ...last, manual: [] };
        printRestored(scope.io, done);
        return done;
      }
      error = `verification failed: ${failed.map((c) => c.text).join('; ')}`;
    } catch (err) {
      error = message(err);
    }
    if (i < attempts) {
      scope.io.err(`restore of ${history.faultId} (${history.action}) attempt ${i}/${attempts} failed: ${error}; retrying`);
      await sleep(pauseMs * i);
    }
  }
  const manual = impl.manualRestore(ctx, ctx.journal.history());
  scope.writer.append({ kind: 'restore-failed', faultId: history.faultId, error, manual });
  const result = { ...base, ok: false, ...last, error, manual };
  reportFailure(scope.io, result);
  return result;
}

/** Restore every fault of the run that is not restored yet, newest first. */
export async function restoreOpenFaults(scope: RunScope, summary: RunSummary = summarize(scope.writer.records())): Promise<FaultRestoreResult[]> {
  const results: FaultRestoreResult[] = [];
  for (const history of faultsToRestore(summary)) {
    results.push(await restoreFault(scope, history));
  }
  return results;
}
