// run.json: the drill's own account of what happened when (actual times), written at the end of every run, pass or
// not. With the journal, the k6 evidence and evidence/*.json it is everything `firedrill report` needs.
import type { FaultRecord, Phase } from '../../assertions/evidence.ts';
import type { Experiment } from '../experiment/index.ts';

export interface RunRecord {
  runId: string;
  experiment: Experiment;
  environment: { name: string; production: boolean; sandbox: boolean; file: string };
  targetUrl: string;
  startedAt: string;
  endedAt: string;
  loadStartMs: number;
  loadEndMs: number;
  /** End of the evidence window (after settle). */
  endMs: number;
  outcome: 'completed' | 'aborted' | 'error';
  abortReason?: string;
  /** When a guardrail tripped: when its condition became visible, when k6 had stopped, when the faults were restored. */
  abortTiming?: { seenAtMs: number; k6StoppedAtMs: number; faultsRestoredAtMs: number };
  error?: string;
  faults: FaultRecord[];
  phases: Phase[];
  initialAlarmStates: Record<string, string>;
  k6: { version: string; exitCode: number | null; outcome: string; requests: number; failedThresholds: string[]; coverage: string[] };
  notes: Array<{ at: string; text: string }>;
}

export const RUN_RECORD = 'run.json';
