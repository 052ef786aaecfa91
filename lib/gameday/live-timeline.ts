// Where the drill is right now and what comes next, from the fault records as the timeline fills them in. Pure.
import type { FaultRecord } from '../../assertions/evidence.ts';
import { formatDuration } from '../experiment/duration.ts';

export interface LiveStep {
  /** The phase name the report will use (baseline, a fault id, recovery) or a transition (injecting x, restoring x). */
  phase: string;
  /** Epoch ms the phase (or transition) began. */
  sinceMs: number;
  /** The next step in words, with how long until it when it is scheduled. */
  next: string;
}

export function liveStep(records: readonly FaultRecord[], loadStartMs: number, loadDurationMs: number, nowMs: number): LiveStep {
  const loadEndMs = loadStartMs + loadDurationMs;
  const active = records.find((r) => r.injectedAtMs !== undefined && r.restoredAtMs === undefined);
  const pending = records.filter((r) => r.injectedAtMs === undefined && !r.skipped).sort((a, b) => a.plannedAtMs - b.plannedAtMs)[0];
  const inMs = (at: number) => (at > nowMs ? `in ${formatDuration(Math.ceil((at - nowMs) / 1000) * 1000)}` : 'now');
  const nextPending = pending ? `inject ${pending.id} at +${formatDuration(pending.plannedAtMs)} (${inMs(loadStartMs + pending.plannedAtMs)})` : `load ends at +${formatDuration(loadDurationMs)} (${inMs(loadEndMs)})`;
  if (active) {
    if (active.restoreStartedAtMs !== undefined) return { phase: `restoring ${active.id}`, sinceMs: active.restoreStartedAtMs, next: nextPending };
    if (active.effectiveAtMs === undefined) return { phase: `injecting ${active.id}`, sinceMs: active.injectedAtMs!, next: `${active.id} in effect, then hold ${formatDuration(active.plannedHoldMs)}` };
    const restoreAt = Math.min(active.effectiveAtMs + active.plannedHoldMs, loadEndMs);
    return { phase: active.id, sinceMs: active.effectiveAtMs, next: `restore ${active.id} (${inMs(restoreAt)})` };
  }
  const lastRestored = records.filter((r) => r.restoredAtMs !== undefined).sort((a, b) => b.restoredAtMs! - a.restoredAtMs!)[0];
  if (lastRestored) return { phase: pending ? `recovery-${lastRestored.id}` : 'recovery', sinceMs: lastRestored.restoredAtMs!, next: nextPending };
  return { phase: 'baseline', sinceMs: loadStartMs, next: nextPending };
}
