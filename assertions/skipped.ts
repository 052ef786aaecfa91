// Faults skipped on purpose (the game-day operator chose skip, or no time was left in the load) and the checks that
// depend on them. Such a check is not judged: it has no evidence, and the absence is a decision, not a failure, so it
// stays ok (it never fails the verdict) and carries `skipped` so every report reads it as SKIP, not PASS.
import type { CheckResult, DrillEvidence, FaultRecord } from './evidence.ts';
import { clock } from './format.ts';

export type SkippedFault = FaultRecord & { skipped: NonNullable<FaultRecord['skipped']> };

/** The fault `faultId` when it was skipped and never injected. */
export function skippedFault(ev: DrillEvidence, faultId: string): SkippedFault | undefined {
  const fault = ev.faults.find((f) => f.id === faultId);
  return fault?.skipped && fault.injectedAtMs === undefined ? (fault as SkippedFault) : undefined;
}

/**
 * The skipped fault a phase that did not happen depends on, if any. The phase of a fault is that fault; `recovery-X`
 * (between X and the next fault) is X's, or, when X ran, the next skipped fault's: without it, X's recovery runs to the
 * load's end and is named `recovery`. `recovery` (after the last fault) is the last planned fault's.
 */
export function phaseSkippedBy(ev: DrillEvidence, phase: string): SkippedFault | undefined {
  const own = skippedFault(ev, phase);
  if (own) return own;
  const planned = [...ev.experiment.faults].sort((a, b) => a.atMs - b.atMs).map((f) => f.id);
  if (phase === 'recovery') {
    const last = planned[planned.length - 1];
    return last === undefined ? undefined : skippedFault(ev, last);
  }
  if (!phase.startsWith('recovery-')) return undefined;
  const faultId = phase.slice('recovery-'.length);
  const index = planned.indexOf(faultId);
  if (index < 0) return undefined;
  return skippedFault(ev, faultId) ?? planned.slice(index + 1).map((id) => skippedFault(ev, id)).find((f) => f !== undefined);
}

/** "fault small-pool was skipped by the operator (no time left in the load)" */
export function skipReason(fault: SkippedFault): string {
  return `fault ${fault.id} was skipped by the operator (${fault.skipped.reason})`;
}

/** The verdict part of a check that is not judged because it depends on `fault`. */
export function notJudged(fault: SkippedFault): Pick<CheckResult, 'ok' | 'observed' | 'message' | 'skipped'> {
  const reason = skipReason(fault);
  return {
    ok: true,
    observed: `not judged: ${reason}`,
    message: `Not judged: ${reason} at ${clock(fault.skipped.atMs)}, so this drill has no evidence for it. Run ${fault.id} in a later drill to cover it.`,
    skipped: { reason },
  };
}
