import type { Environment, Experiment } from '../experiment/index.ts';
import { plannedPhases, type PlannedPhase } from '../experiment/phases.ts';

export interface PlannedFault {
  id: string;
  action: string;
  /** Offsets from the start of the load. */
  injectAtMs: number;
  restoreAtMs: number;
  params: Record<string, unknown>;
}

export interface Plan {
  experiment: Experiment;
  environment: Environment;
  loadDurationMs: number;
  faults: PlannedFault[];
  phases: PlannedPhase[];
  /** After the load ends, how long the drill may wait for expected recoveries (the largest recovers.within). */
  settleMaxMs: number;
}

/** The absolute timeline of a drill, before it runs. The drill replaces planned times with actual ones. */
export function buildPlan(experiment: Experiment, environment: Environment): Plan {
  const faults = [...experiment.faults]
    .sort((a, b) => a.atMs - b.atMs)
    .map((f) => ({ id: f.id, action: f.action, injectAtMs: f.atMs, restoreAtMs: f.atMs + f.holdMs, params: f.params }));
  return {
    experiment,
    environment,
    loadDurationMs: experiment.load.durationMs,
    faults,
    phases: plannedPhases(experiment.faults, experiment.load.durationMs),
    settleMaxMs: Math.max(0, ...experiment.expect.alarms.map((a) => a.recovers?.withinMs ?? 0)),
  };
}
