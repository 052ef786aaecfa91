// A journal read back as the state of a run: which faults started, which steps were attempted and how they
// ended, which faults are restored. Restore, the watchdog and reports read runs through this.
import type {
  FaultRestoredRecord, FaultStartRecord, IntentRecord, JournalRecord, Json, OutcomeRecord, RestoreFailedRecord, RunEndRecord,
  RunStartRecord,
} from './records.ts';

export interface StepState {
  intent: IntentRecord;
  /** Missing when the process died between the intent and the outcome: the call may or may not have happened. */
  outcome?: OutcomeRecord;
}

export interface FaultHistory {
  faultId: string;
  action: string;
  params: Json;
  plannedRestoreAt: number;
  /** The latest intent per step name, with its outcome. */
  steps: Map<string, StepState>;
  injected: boolean;
  restored?: FaultRestoredRecord;
  lastRestoreFailure?: RestoreFailedRecord;
}

export interface RunSummary {
  start?: RunStartRecord;
  faults: FaultHistory[];
  end?: RunEndRecord;
}

function onFaultStart(r: FaultStartRecord): FaultHistory {
  return { faultId: r.faultId, action: r.action, params: r.params, plannedRestoreAt: Date.parse(r.plannedRestoreAt), steps: new Map(), injected: false };
}

export function summarize(records: readonly JournalRecord[]): RunSummary {
  const summary: RunSummary = { faults: [] };
  const byId = new Map<string, FaultHistory>();
  const fault = (id: string) => byId.get(id);
  for (const r of records) {
    switch (r.kind) {
      case 'run-start':
        summary.start ??= r;
        break;
      case 'fault-start': {
        const history = onFaultStart(r);
        byId.set(r.faultId, history);
        summary.faults.push(history);
        break;
      }
      case 'intent':
        fault(r.faultId)?.steps.set(r.step, { intent: r });
        break;
      case 'outcome': {
        const step = fault(r.faultId)?.steps.get(r.step);
        if (step) step.outcome = r;
        break;
      }
      case 'fault-injected':
        if (fault(r.faultId)) fault(r.faultId)!.injected = true;
        break;
      case 'fault-restored':
        if (fault(r.faultId)) fault(r.faultId)!.restored = r;
        break;
      case 'restore-failed':
        if (fault(r.faultId)) fault(r.faultId)!.lastRestoreFailure = r;
        break;
      case 'run-end':
        summary.end = r;
        break;
      default:
        break;
    }
  }
  return summary;
}

/** Faults that started and are not restored, newest first (the order to undo them). */
export function faultsToRestore(summary: RunSummary): FaultHistory[] {
  return summary.faults.filter((f) => !f.restored).reverse();
}

/** Whether a step's call was made: certainly (ok outcome), certainly not (failed outcome), or unknown (no outcome). */
export function stepStatus(history: FaultHistory, step: string): 'done' | 'failed' | 'unknown' | 'absent' {
  const s = history.steps.get(step);
  if (!s) return 'absent';
  if (!s.outcome) return 'unknown';
  return s.outcome.ok ? 'done' : 'failed';
}

export function priorOf<T>(history: FaultHistory, step: string): T | undefined {
  return history.steps.get(step)?.intent.prior as T | undefined;
}

export function resultOf<T>(history: FaultHistory, step: string): T | undefined {
  return history.steps.get(step)?.outcome?.result as T | undefined;
}
