// Every fault the drill injected must be restored, and the restore verified: a drill that leaves the environment
// broken fails, whatever else it proved. These checks are always strict.
// A planned fault that was never injected is fine when the drill stopped before it, but a failure when the drill
// completed: the drill did not do what the experiment describes.
import type { Fault } from '../lib/experiment/model.ts';
import type { CheckResult, DrillEvidence, FaultRecord } from './evidence.ts';
import { clock, formatDuration, seconds } from './format.ts';
import { outcomeNote } from './phase-windows.ts';
import { notJudged, skippedFault } from './skipped.ts';

export function faultChecks(ev: DrillEvidence): CheckResult[] {
  return ev.experiment.faults.map((planned) => judgeFault(ev, planned, ev.faults.find((f) => f.id === planned.id)));
}

const RESTORE_FIX = 'Run `firedrill restore --run <run directory>` now, and read the journal for why the restore did not complete.';

function judgeFault(ev: DrillEvidence, planned: Fault, record: FaultRecord | undefined): CheckResult {
  const base = { kind: 'fault-restored' as const, name: `fault ${planned.id} restored`, strict: true, expected: 'restored and the restore verified' };
  const error = record?.error ? `: ${record.error}` : '';
  const skipped = skippedFault(ev, planned.id);
  if (skipped) return { ...base, ...notJudged(skipped) };
  if (record?.injectedAtMs === undefined) {
    if (ev.outcome === 'completed') {
      return { ...base, ok: false, observed: 'never injected', message: `Fault ${planned.id} (${planned.action}) was never injected although the drill completed${error}. The drill did not test what the experiment describes; fix the injection and run it again.` };
    }
    return { ...base, ok: true, observed: 'never injected', message: `Fault ${planned.id} was never injected${outcomeNote(ev)}${error}; nothing to restore.` };
  }
  const injected = `injected ${clock(record.injectedAtMs)}`;
  if (record.restoredAtMs === undefined) {
    return { ...base, ok: false, observed: `${injected}, never restored`, message: `Fault ${planned.id} (${planned.action}) was ${injected} and never restored${error}; the environment may still be degraded. ${RESTORE_FIX}` };
  }
  // In effect from when verify saw it until the restore began.
  const heldMs = (record.restoreStartedAtMs ?? record.restoredAtMs) - (record.effectiveAtMs ?? record.injectedAtMs);
  const held = formatDuration(heldMs);
  const restored = `restored ${clock(record.restoredAtMs)} after ${held} in effect`;
  if (!record.restoreVerified) {
    return { ...base, ok: false, observed: `${restored}, not verified`, message: `Fault ${planned.id} (${planned.action}) was ${restored}, but the restore was not verified${error}; the environment may still be degraded. ${RESTORE_FIX}` };
  }
  return { ...base, ok: true, observed: `${restored}, verified`, data: { heldSeconds: seconds(heldMs) }, message: `Fault ${planned.id} was ${injected}, ${restored}, and the restore was verified.` };
}
