// Restore one run from its directory, in a process other than the drill's (`firedrill restore`, the watchdog):
// everything needed is in the journal, starting with the environment file the drill ran against.
import { openAws } from '../lib/aws/index.ts';
import { HarnessError } from '../lib/errors.ts';
import { loadEnvironment } from '../lib/experiment/environment.ts';
import { FileJournal, journalPath, readJournal, summarize, unregisterRun, withRunLock } from '../lib/journal/index.ts';
import type { SandboxState } from '../lib/sandbox-state.ts';
import { adminUrlSource } from './db-admin.ts';
import { restoreOpenFaults, type FaultRestoreResult, type RestoreIo, type RunScope } from './restore-faults.ts';

export interface RestoreRunOptions {
  by: 'restore' | 'watchdog';
  io: RestoreIo;
  sandboxState?: () => SandboxState;
  retry?: RunScope['retry'];
  /** Bound on waiting for ECS to settle after a restore. Default: 2 min on the sandbox, 10 min on AWS. */
  deploymentTimeoutMs?: number;
  /** How long to wait while another process restores the same run. */
  lockWaitMs?: number;
}

export interface RunRestoreResult {
  runId: string;
  runDir: string;
  /** restored: this call finished it; finished: nothing left to do; failed: see faults. */
  status: 'restored' | 'finished' | 'failed';
  faults: FaultRestoreResult[];
}

export function deploymentTimeoutFor(sandbox: boolean): number {
  return sandbox ? 120_000 : 600_000;
}

export async function restoreRun(runDir: string, o: RestoreRunOptions): Promise<RunRestoreResult> {
  return withRunLock(
    runDir,
    async () => {
      const writer = FileJournal.open(runDir, o.by);
      const { records, damagedLines } = readJournal(runDir);
      if (damagedLines.length > 0) o.io.err(`${journalPath(runDir)}: skipped unreadable line(s) ${damagedLines.join(', ')} (a write cut short by a crash)`);
      const summary = summarize(records);
      if (!summary.start) throw new HarnessError(`${journalPath(runDir)} has no run-start record: not a drill journal`);
      const { runId } = summary.start;
      if (summary.end) {
        unregisterRun(runId);
        return { runId, runDir, status: 'finished' as const, faults: [] };
      }
      const env = await loadEnvironment(summary.start.env.file);
      const aws = openAws(env, { print: o.io.out, ...(o.sandboxState ? { sandboxState: o.sandboxState } : {}) });
      try {
        const scope: RunScope = {
          runId,
          env,
          aws,
          adminUrl: adminUrlSource(env, aws, o.sandboxState),
          writer,
          by: o.by,
          io: o.io,
          dryRun: false,
          timing: { holdMs: 0, graceMs: summary.start.graceMs, deploymentTimeoutMs: o.deploymentTimeoutMs ?? deploymentTimeoutFor(env.sandbox) },
          ...(o.retry ? { retry: o.retry } : {}),
        };
        const faults = await restoreOpenFaults(scope, summary);
        if (faults.some((f) => !f.ok)) return { runId, runDir, status: 'failed' as const, faults };
        writer.append({ kind: 'run-end', status: 'restored' });
        unregisterRun(runId);
        return { runId, runDir, status: 'restored' as const, faults };
      } finally {
        aws.close();
      }
    },
    { waitMs: o.lockWaitMs ?? 600_000, onWait: (owner) => o.io.out(`another process (${owner}) is restoring ${runDir}; waiting for it`) },
  );
}
