import type { Fault } from './model.ts';

export type PhaseKind = 'baseline' | 'fault' | 'recovery';

export interface PlannedPhase {
  /** `baseline`, the fault id, `recovery` (after the last fault) or `recovery-<fault id>` (between faults). */
  name: string;
  kind: PhaseKind;
  faultId?: string;
  startMs: number;
  endMs: number;
}

/**
 * Phases on the planned timeline: baseline until the first fault, one phase per fault while it is held, and a
 * recovery phase after each fault until the next one (or the end of the load). Empty phases are left out.
 * The drill rebuilds the same shape from the *actual* inject and restore times.
 */
export function plannedPhases(faults: readonly Pick<Fault, 'id' | 'atMs' | 'holdMs'>[], loadDurationMs: number): PlannedPhase[] {
  const ordered = [...faults].sort((a, b) => a.atMs - b.atMs);
  const phases: PlannedPhase[] = [];
  const push = (p: PlannedPhase) => {
    if (p.endMs > p.startMs) phases.push(p);
  };
  push({ name: 'baseline', kind: 'baseline', startMs: 0, endMs: ordered[0]?.atMs ?? loadDurationMs });
  ordered.forEach((f, i) => {
    const end = f.atMs + f.holdMs;
    const next = ordered[i + 1];
    push({ name: f.id, kind: 'fault', faultId: f.id, startMs: f.atMs, endMs: end });
    push({ name: next ? `recovery-${f.id}` : 'recovery', kind: 'recovery', faultId: f.id, startMs: end, endMs: next?.atMs ?? loadDurationMs });
  });
  return phases;
}

/** Names an SLO or health expectation may use for `phase`: concrete phases plus `fault` (every fault phase) and `all`. */
export function phaseSelectors(phases: readonly PlannedPhase[]): string[] {
  const names = phases.map((p) => p.name);
  if (phases.some((p) => p.kind === 'fault')) names.push('fault');
  names.push('all');
  return [...new Set(names)];
}
