// What the watchdog does on each tick, as a pure function of the journal and the harness's liveness.
import { faultsToRestore, type RunSummary } from '../journal/index.ts';

export type WatchdogAction =
  | { kind: 'exit'; why: string }
  | { kind: 'wait'; why: string }
  | { kind: 'restore'; why: string };

/** Pseudo-fault ids (the in-progress marker) start with "_": they have no hold of their own. */
const isRealFault = (faultId: string) => !faultId.startsWith('_');

export function decide(summary: RunSummary, o: { harnessAlive: boolean; now: number; graceMs: number }): WatchdogAction {
  if (summary.end) return { kind: 'exit', why: `the run ended (${summary.end.status})` };
  if (o.harnessAlive) return { kind: 'wait', why: 'the harness is alive' };
  const open = faultsToRestore(summary);
  if (open.length === 0) return { kind: 'restore', why: 'the harness died with nothing applied: close the run' };
  const faults = open.filter((f) => isRealFault(f.faultId));
  if (faults.length === 0) return { kind: 'restore', why: 'the harness died; only the drill marker is left' };
  const deadline = Math.max(...faults.map((f) => f.plannedRestoreAt)) + o.graceMs;
  if (o.now >= deadline) return { kind: 'restore', why: `the harness died and ${faults.map((f) => f.faultId).join(', ')} outlived the planned restore plus ${Math.round(o.graceMs / 1000)} s of grace` };
  return { kind: 'wait', why: `the harness died; restoring at ${new Date(deadline).toISOString()} (planned restore + grace)` };
}
