// Which stretch of the actual timeline an expectation's `phase` names. `fault` expands to every fault the experiment
// planned (each judged on its own), `all` is the whole load, anything else is one named phase. A phase that the drill
// never reached is returned as missing with the reason, so the caller turns it into a failing check: an expectation
// about a phase that did not happen has no evidence, and no evidence is never a pass.
import type { DrillEvidence, Phase } from './evidence.ts';
import { span } from './format.ts';
import { phaseSkippedBy, type SkippedFault } from './skipped.ts';

export interface HappenedPhase {
  happened: true;
  name: string;
  startMs: number;
  endMs: number;
  phase?: Phase;
  /** "phase baseline (12:00:00–12:00:30 UTC)" */
  label: string;
}

export interface MissingPhase {
  happened: false;
  name: string;
  /** A sentence: why there is nothing to judge. */
  reason: string;
  /** The skipped fault the phase depended on: checks of this phase are skipped, not failed. */
  skippedBy?: SkippedFault;
}

export type PhaseWindow = HappenedPhase | MissingPhase;

export function resolvePhases(ev: DrillEvidence, selector: string): PhaseWindow[] {
  if (selector === 'all') {
    return [{ happened: true, name: 'all', startMs: ev.loadStartMs, endMs: ev.loadEndMs, label: `the whole load (${span(ev.loadStartMs, ev.loadEndMs)})` }];
  }
  if (selector === 'fault') {
    const planned = [...ev.experiment.faults].sort((a, b) => a.atMs - b.atMs);
    if (planned.length === 0) return [{ happened: false, name: 'fault', reason: 'the experiment has no faults, so there is no fault phase' }];
    return planned.map((f) => resolveOne(ev, f.id));
  }
  return [resolveOne(ev, selector)];
}

function resolveOne(ev: DrillEvidence, name: string): PhaseWindow {
  const phase = ev.phases.find((p) => p.name === name);
  if (phase && phase.endMs > phase.startMs) {
    return { happened: true, name, startMs: phase.startMs, endMs: phase.endMs, phase, label: `phase ${name} (${span(phase.startMs, phase.endMs)})` };
  }
  const why = phase ? `phase ${name} lasted no time` : `phase ${name} did not happen in this drill`;
  const skippedBy = phase ? undefined : phaseSkippedBy(ev, name);
  return { happened: false, name, reason: `${why}${outcomeNote(ev)}`, ...(skippedBy ? { skippedBy } : {}) };
}

/**
 * When recovery is timed from in a recovery phase: the completed restore of the fault it follows (restoredAtMs), kept
 * inside the phase; the phase start when there is no such record.
 */
export function restoreTime(ev: DrillEvidence, w: HappenedPhase): number {
  const faultId = w.phase?.faultId;
  const restoredAtMs = ev.faults.find((f) => f.id === faultId)?.restoredAtMs ?? w.startMs;
  return Math.min(Math.max(restoredAtMs, w.startMs), w.endMs);
}

/** " (the drill was aborted: guardrail X)" when the drill did not complete, else "". */
export function outcomeNote(ev: DrillEvidence): string {
  if (ev.outcome === 'completed') return '';
  const what = ev.outcome === 'aborted' ? 'was aborted' : 'ended in an error';
  return ` (the drill ${what}${ev.abortReason ? `: ${ev.abortReason}` : ''})`;
}

/** The name of the phase an instant falls in, or where it lies relative to the load. */
export function phaseAt(ev: DrillEvidence, atMs: number): string {
  const phase = ev.phases.find((p) => atMs >= p.startMs && atMs < p.endMs);
  if (phase) return `phase ${phase.name}`;
  if (atMs < ev.loadStartMs) return 'before the load';
  if (atMs >= ev.loadEndMs) return 'after the load (settle)';
  return 'between phases';
}
