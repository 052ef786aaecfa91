// A drill session: what the orchestrator (and a fault run by hand) holds while faults are applied. Opening it
// checks the account allowlist, starts the journal, the run index entry, the watchdog and the in-progress marker;
// closing it restores whatever is still applied and ends the run. Ctrl-C/SIGTERM abort waits, never restores.
import { randomBytes } from 'node:crypto';
import { utcStamp } from '../lib/run/run-dir.ts';
import { hostname, userInfo } from 'node:os';
import { resolve } from 'node:path';
import { openAws, WaitAbortedError, type Aws } from '../lib/aws/index.ts';
import { InvalidInputError, UsageError } from '../lib/errors.ts';
import type { Environment } from '../lib/experiment/environment.ts';
import { checkSchema } from '../lib/experiment/schema-check.ts';
import { FileJournal, MemoryJournal, registerRun, summarize, unregisterRun, type JournalWriter, type Json } from '../lib/journal/index.ts';
import { arnAccountIdentity, callerAccountIdentity, checkAccountAllowlist, type AccountIdentity } from '../lib/safety/account.ts';
import type { SandboxState } from '../lib/sandbox-state.ts';
import { startWatchdog } from '../lib/watchdog/start.ts';
import { adminUrlSource } from './db-admin.ts';
import { drillMarker, MARKER_FAULT_ID } from './drill-marker.ts';
import { faultFor } from './faults.ts';
import { contextFor, restoreFault, restoreOpenFaults, type FaultRestoreResult, type RestoreIo, type RunScope } from './restore-faults.ts';
import { deploymentTimeoutFor } from './restore-run.ts';

export interface SessionOptions {
  env: Environment;
  runDir: string;
  runId: string;
  /** When the whole drill should be over (the marker shows it; the marker's own restore deadline). */
  plannedEndAt: Date;
  io: RestoreIo;
  operator?: string;
  /** After a fault's planned restore, how long the watchdog waits for the harness. Default 60 s. */
  graceMs?: number;
  dryRun?: boolean;
  /** Default: on unless dry run. */
  watchdog?: boolean;
  deploymentTimeoutMs?: number;
  /** Where the account allowlist reads the account from; default: the caller (STS), then the ECS service ARN. */
  identities?: AccountIdentity[];
  sandboxState?: () => SandboxState;
  retry?: RunScope['retry'];
}

export interface PlannedFaultRun {
  id: string;
  action: string;
  params: Record<string, unknown>;
  holdMs: number;
}

const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,52}$/;

/** `20260115T101500Z-a1b2c3`: sortable, unique enough, short enough for application_name and tags. */
export function newRunId(now: Date = new Date()): string {
  return `${utcStamp(now)}-${randomBytes(3).toString('hex')}`;
}

export function defaultOperator(): string {
  return process.env.FIREDRILL_OPERATOR ?? process.env.USER ?? userInfo().username;
}

export class DrillSession {
  private readonly controller = new AbortController();

  private constructor(
    readonly scope: RunScope,
    readonly runDir: string,
    private readonly graceMs: number,
    private readonly deploymentTimeoutMs: number,
  ) {}

  get aws(): Aws {
    return this.scope.aws;
  }

  /** Aborted on Ctrl-C/SIGTERM (installSignalHandlers) or abort(): the drill stops and restores. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get journal(): JournalWriter {
    return this.scope.writer;
  }

  /** Before anything is touched: the allowlist. Then the journal, the run index, the watchdog, the marker. */
  static async open(o: SessionOptions): Promise<DrillSession> {
    if (!RUN_ID.test(o.runId)) throw new UsageError(`run id "${o.runId}" must be 1-53 letters, digits, ".", "_" or "-"`);
    const dryRun = o.dryRun ?? false;
    const aws = openAws(o.env, { dryRun, print: o.io.out, ...(o.sandboxState ? { sandboxState: o.sandboxState } : {}) });
    await checkAccountAllowlist(
      o.env,
      o.identities ?? [callerAccountIdentity(aws.sts), arnAccountIdentity('the ECS service ARN', async () => (await aws.ecs.describeService()).arn)],
    );
    const session = DrillSession.start(o, aws, dryRun);
    const operator = o.operator ?? defaultOperator();
    const plannedEndAt = o.plannedEndAt.toISOString();
    try {
      await session.apply({ faultId: MARKER_FAULT_ID, action: drillMarker.action, params: { operator, plannedEndAt }, plannedRestoreAt: o.plannedEndAt }, () =>
        drillMarker.inject(contextFor(session.scope, MARKER_FAULT_ID), { operator, plannedEndAt }),
      );
    } catch (err) {
      await session.close();
      throw err;
    }
    return session;
  }

  private static start(o: SessionOptions, aws: Aws, dryRun: boolean): DrillSession {
    const runDir = resolve(o.runDir);
    const graceMs = o.graceMs ?? 60_000;
    const writer = dryRun ? new MemoryJournal() : FileJournal.create(runDir);
    const plannedEndAt = o.plannedEndAt.toISOString();
    // Absolute: restore and the watchdog may run from another working directory.
    const envFile = resolve(o.env.file);
    writer.append({ kind: 'run-start', runId: o.runId, host: hostname(), operator: o.operator ?? defaultOperator(), env: { name: o.env.name, file: envFile }, plannedEndAt, graceMs });
    const deploymentTimeoutMs = o.deploymentTimeoutMs ?? deploymentTimeoutFor(o.env.sandbox);
    const scope: RunScope = {
      runId: o.runId, env: o.env, aws, adminUrl: adminUrlSource(o.env, aws, o.sandboxState), writer, by: 'harness', io: o.io, dryRun,
      timing: { holdMs: 0, graceMs, deploymentTimeoutMs }, ...(o.retry ? { retry: o.retry } : {}),
    };
    const session = new DrillSession(scope, runDir, graceMs, deploymentTimeoutMs);
    scope.signal = session.signal;
    if (!dryRun) {
      registerRun({ runId: o.runId, runDir, envName: o.env.name, envFile, pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), plannedEndAt });
      if (o.watchdog ?? true) startWatchdog({ runDir, harnessPid: process.pid });
    }
    return session;
  }

  private async apply(f: { faultId: string; action: string; params: Json; plannedRestoreAt: Date }, inject: () => Promise<void>): Promise<void> {
    this.scope.writer.append({ kind: 'fault-start', faultId: f.faultId, action: f.action, params: f.params, plannedRestoreAt: f.plannedRestoreAt.toISOString() });
    await inject();
    this.scope.writer.append({ kind: 'fault-injected', faultId: f.faultId });
  }

  /** Validate, journal and inject one fault. If inject fails part-way, what it applied is restored before rethrowing. */
  async inject(f: PlannedFaultRun): Promise<void> {
    const impl = faultFor(f.action);
    if (!impl) throw new UsageError(`unknown fault action "${f.action}"`);
    const problems = checkSchema(impl.paramsSchema, f.params, `${f.id}.with`);
    if (problems.length > 0) throw new InvalidInputError(f.id, problems);
    const timing = { holdMs: f.holdMs, graceMs: this.graceMs, deploymentTimeoutMs: this.deploymentTimeoutMs };
    try {
      await this.apply({ faultId: f.id, action: f.action, params: f.params as Json, plannedRestoreAt: new Date(Date.now() + f.holdMs) }, () =>
        impl.inject(contextFor(this.scope, f.id, timing), f.params),
      );
    } catch (err) {
      const why = err instanceof WaitAbortedError ? 'was stopped' : `failed (${(err as Error).message})`;
      this.scope.io.err(`fault ${f.id} (${f.action}) ${why} while being injected; restoring what it applied`);
      await this.restore(f.id);
      throw err;
    }
  }

  /** Restore one fault now (its planned restore time). */
  async restore(faultId: string): Promise<FaultRestoreResult | undefined> {
    const history = summarize(this.scope.writer.records()).faults.find((h) => h.faultId === faultId);
    if (!history || history.restored) return undefined;
    return restoreFault(this.scope, history);
  }

  /**
   * Restore everything still applied (the marker last) and end the run. Safe to call more than once. The run
   * stays in the index (for `firedrill restore` and the watchdog) unless everything was verified restored.
   */
  async close(): Promise<FaultRestoreResult[]> {
    const results = await restoreOpenFaults(this.scope);
    const summary = summarize(this.scope.writer.records());
    if (!summary.end && results.every((r) => r.ok)) {
      this.scope.writer.append({ kind: 'run-end', status: 'finished' });
      if (!this.scope.dryRun) unregisterRun(this.scope.runId);
    }
    this.scope.aws.close();
    return results;
  }

  abort(): void {
    this.controller.abort();
  }

  /** Ctrl-C/SIGTERM stop the drill; the caller's close() restores. A second signal never skips restoration. */
  installSignalHandlers(): () => void {
    let seen = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      seen += 1;
      if (seen === 1) {
        this.scope.io.err(`firedrill: ${signal}: stopping the drill; restoring every fault before exit`);
        this.abort();
      } else {
        this.scope.io.err(`firedrill: ${signal} again: still restoring faults; firedrill exits as soon as they are restored`);
      }
    };
    const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
    for (const s of signals) process.on(s, onSignal);
    return () => {
      for (const s of signals) process.off(s, onSignal);
    };
  }
}
