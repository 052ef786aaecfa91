// The small contract every fault follows (style.md #3): a params schema, a plan in plain words, inject, restore,
// verify-restored. A fault never keeps state of its own between inject and restore: everything restore needs is
// in the journal, so a different process (firedrill restore, the watchdog) can undo it.
import type { Aws } from '../lib/aws/index.ts';
import type { Environment } from '../lib/experiment/environment.ts';
import type { FaultHistory, Json } from '../lib/journal/index.ts';

export interface Check {
  ok: boolean;
  /** "AWSCURRENT is v-123 (recorded before the drill: v-123)" */
  text: string;
}

/** How long waits may take, and the fault's planned hold (pg-sleep bounds its sessions server-side with it). */
export interface FaultTiming {
  holdMs: number;
  /** After the planned restore, how long before the watchdog steps in; server-side timeouts add it too. */
  graceMs: number;
  /** Bound on waiting for ECS deployments and task counts. */
  deploymentTimeoutMs: number;
}

/** Brackets one mutation in the journal: intent with prior state, the call, then the outcome. */
export interface FaultJournal {
  step<T>(step: string, call: string, prior: Json, run: () => Promise<T>, result?: (value: T) => Json): Promise<T>;
  /** This fault's history so far (what inject recorded; what earlier restores did). */
  history(): FaultHistory;
}

/** The admin database connection string source (pg-sleep). Resolved only when needed; never printed. */
export type AdminUrlSource = () => Promise<string>;

export interface FaultContext {
  runId: string;
  faultId: string;
  env: Environment;
  aws: Aws;
  adminUrl: AdminUrlSource;
  journal: FaultJournal;
  log(line: string): void;
  dryRun: boolean;
  timing: FaultTiming;
  /** Aborted on Ctrl-C/SIGTERM: waits stop and the drill moves on to restoring. */
  signal?: AbortSignal;
}

export interface Fault<P = Record<string, unknown>> {
  action: string;
  summary: string;
  /** JSON Schema of the `with:` parameters; chaos/catalogue.ts publishes it to the experiment validator. */
  paramsSchema: Record<string, unknown>;
  /** What inject and restore will do, in plain words, before anything is touched. */
  describe(params: P, env: Environment): string[];
  inject(ctx: FaultContext, params: P): Promise<void>;
  /**
   * Undo what is still applied, judged from the journal and the live state (idempotent: a second call finds
   * nothing to do). Returns what it did, in plain words; empty when nothing was applied any more.
   */
  restore(ctx: FaultContext, history: FaultHistory): Promise<string[]>;
  verifyRestored(ctx: FaultContext, history: FaultHistory): Promise<Check[]>;
  /** Commands that finish the restore by hand (AWS CLI / psql), printed when restore keeps failing. */
  manualRestore(ctx: FaultContext, history: FaultHistory): string[];
}

/** The registry's view: params are checked against paramsSchema before a fault sees them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFault = Fault<any>;
