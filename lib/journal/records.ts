// What the journal holds. Every mutation is bracketed: an `intent` (with the prior state needed to undo it) before
// the call, an `outcome` after. Ids, counts and tags only: never a secret value.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Who wrote a record: the drill itself, `firedrill restore`, or the watchdog. */
export type Writer = 'harness' | 'restore' | 'watchdog';

interface Base {
  at: string;
  /** Process that wrote it (harness, restore command or watchdog). */
  pid: number;
  by: Writer;
}

export interface RunStartRecord extends Base {
  kind: 'run-start';
  runId: string;
  host: string;
  operator: string;
  /** Environment name and file, so restore and the watchdog can reach the same target. */
  env: { name: string; file: string };
  /** When the drill means to be over; the watchdog acts after this plus graceMs. */
  plannedEndAt: string;
  graceMs: number;
}

export interface FaultStartRecord extends Base {
  kind: 'fault-start';
  faultId: string;
  action: string;
  params: Json;
  /** When the fault is planned to be restored; the watchdog restores at this plus the grace period. */
  plannedRestoreAt: string;
}

export interface IntentRecord extends Base {
  kind: 'intent';
  faultId: string;
  /** Step name within the fault, e.g. put-secret-version, restore:move-current. */
  step: string;
  /** The API call or SQL about to be made, as shown to users. */
  call: string;
  prior: Json;
}

export interface OutcomeRecord extends Base {
  kind: 'outcome';
  faultId: string;
  step: string;
  ok: boolean;
  result?: Json;
  error?: string;
}

export interface FaultInjectedRecord extends Base {
  kind: 'fault-injected';
  faultId: string;
}

export interface FaultRestoredRecord extends Base {
  kind: 'fault-restored';
  faultId: string;
  /** What restore did, in plain words (empty when nothing was still applied). */
  actions: string[];
  checks: Array<{ ok: boolean; text: string }>;
}

export interface RestoreFailedRecord extends Base {
  kind: 'restore-failed';
  faultId: string;
  error: string;
  /** Commands an operator can run to finish the restore by hand. */
  manual: string[];
}

export interface RunEndRecord extends Base {
  kind: 'run-end';
  /** finished: the drill ended normally and restored everything; restored: restore/watchdog finished it. */
  status: 'finished' | 'restored';
}

export interface NoteRecord extends Base {
  kind: 'note';
  text: string;
}

export type JournalRecord =
  | RunStartRecord
  | FaultStartRecord
  | IntentRecord
  | OutcomeRecord
  | FaultInjectedRecord
  | FaultRestoredRecord
  | RestoreFailedRecord
  | RunEndRecord
  | NoteRecord;

type DistributiveOmit<T, K extends keyof Base> = T extends unknown ? Omit<T, K> : never;
/** A record as callers write it: the journal adds at, pid and by. */
export type NewRecord = DistributiveOmit<JournalRecord, 'at' | 'pid' | 'by'>;
