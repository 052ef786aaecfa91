// The load plans of the stock scenarios. Pure: the harness uses the same functions to know a run's planned length
// and to cut the evidence into one window per capacity step (the hold part, not the ramp into it).
import { formatDuration, parseDuration, stagesDurationMs } from './duration.ts';
import type { CapacitySpec, ScenarioParams, StageSpec } from './params.ts';

export interface CapacityStep {
  index: number;
  /** Target arrival rate, iterations (= requests) per second. */
  rate: number;
  /** Offsets from the start of the load, in ms: the hold at `rate` runs from holdStartMs to holdEndMs. */
  holdStartMs: number;
  holdEndMs: number;
}

export function capacitySteps(spec: CapacitySpec): CapacityStep[] {
  const ramp = parseDuration(spec.rampDuration) ?? 0;
  const hold = parseDuration(spec.stepDuration) ?? 0;
  const steps: CapacityStep[] = [];
  for (let index = 0; index < spec.steps; index++) {
    const holdStartMs = index * (ramp + hold) + ramp;
    steps.push({ index, rate: spec.startRate + index * spec.stepRate, holdStartMs, holdEndMs: holdStartMs + hold });
  }
  return steps;
}

/** ramping-arrival-rate stages: ramp to each step's rate, hold it, and so on. */
export function capacityStages(spec: CapacitySpec): Array<{ duration: string; target: number }> {
  return capacitySteps(spec).flatMap((step) => [
    { duration: spec.rampDuration, target: step.rate },
    { duration: formatDuration(parseDuration(spec.stepDuration) ?? 0), target: step.rate },
  ]);
}

/** The platform's monthly load test (context/platform.md): 100 VUs, then 200 VUs. */
export const MONTHLY_PROFILE: readonly StageSpec[] = [
  { duration: '2m', target: 100 },
  { duration: '5m', target: 100 },
  { duration: '2m', target: 200 },
  { duration: '5m', target: 200 },
  { duration: '2m', target: 0 },
];

/** The monthly profile with every stage scaled, in whole seconds and at least 1 s so the shape survives. */
export function monthlyStages(scale: number): StageSpec[] {
  return MONTHLY_PROFILE.map((stage) => ({
    target: stage.target,
    duration: formatDuration(Math.max(1000, Math.round(((parseDuration(stage.duration) ?? 0) * scale) / 1000) * 1000)),
  }));
}

export type StockScenario = 'api-mix' | 'smoke' | 'capacity' | 'monthly';

/** Planned length of the load for a stock scenario (graceful stop and ramp-down excluded); undefined for smoke. */
export function plannedLoadMs(scenario: StockScenario, params: ScenarioParams): number | undefined {
  switch (scenario) {
    case 'api-mix':
      return stagesDurationMs(params.stages);
    case 'monthly':
      return stagesDurationMs(monthlyStages(params.scale));
    case 'capacity':
      return stagesDurationMs(capacityStages(params.capacity));
    case 'smoke':
      return undefined;
  }
}
