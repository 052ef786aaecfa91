import type { FaultRecord, Phase } from '../../assertions/evidence.ts';

/**
 * Phases on the actual timeline: a fault's phase runs from when it took effect (effectiveAt, else injectedAt) to
 * when its restore began; its recovery from when the restore was complete until the next fault or the load's end;
 * baseline before the first injection. The transitions in between (a redeploy rolling out) belong to no phase, so
 * a phase's numbers are the steady state it names.
 * Same names as the planned phases (lib/experiment/phases.ts), so expectations refer to both alike.
 */
export function actualPhases(faults: readonly FaultRecord[], loadStartMs: number, loadEndMs: number): Phase[] {
  const applied = faults
    .filter((f) => f.injectedAtMs !== undefined)
    .map((f) => ({ f, start: f.effectiveAtMs ?? f.injectedAtMs!, end: f.restoreStartedAtMs ?? f.restoredAtMs ?? loadEndMs, recovered: f.restoredAtMs ?? f.restoreStartedAtMs ?? loadEndMs }))
    .sort((a, b) => a.start - b.start);
  const phases: Phase[] = [];
  const push = (p: Phase) => {
    if (p.endMs > p.startMs) phases.push(p);
  };
  push({ name: 'baseline', kind: 'baseline', startMs: loadStartMs, endMs: applied[0]?.f.injectedAtMs ?? loadEndMs });
  applied.forEach(({ f, start, end, recovered }, i) => {
    const next = applied[i + 1];
    push({ name: f.id, kind: 'fault', faultId: f.id, startMs: start, endMs: Math.min(end, loadEndMs) });
    push({ name: next ? `recovery-${f.id}` : 'recovery', kind: 'recovery', faultId: f.id, startMs: recovered, endMs: next?.f.injectedAtMs ?? loadEndMs });
  });
  return phases;
}
