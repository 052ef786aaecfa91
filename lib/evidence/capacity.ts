// The capacity table from a stepped arrival-rate run (scenarios/capacity.ts): per step the achieved rate, p99 and
// error ratio over the hold (not the ramp into it), and the knee: the first step where latency degrades and the
// first where errors pass the limit. CPU and memory per step come from the metric series (reports), not from here.
import type { CapacityStep } from '../../scenarios/lib/plans.ts';
import { REQUEST_TARGETS } from '../../scenarios/lib/slo.ts';
import type { EvidenceStore } from './store.ts';

export interface CapacityRow {
  step: number;
  targetRate: number;
  /** Requests per second achieved over the hold. */
  rps: number;
  count: number;
  p95Ms: number | null;
  p99Ms: number | null;
  errorRatio: number | null;
}

export interface CapacityOptions {
  /** Latency degrades when p99 exceeds this many times the first step's p99 ... */
  degradeFactor: number;
  /** ... or this absolute p99, whichever comes first. */
  p99LimitMs: number;
  /** The step fails when its error ratio (5xx and no response) exceeds this. */
  maxErrorRatio: number;
  /**
   * Left out at both ends of each hold: the evidence is in 1 s intervals aligned to the clock, not to the load's
   * start, so an edge interval can hold part of the ramp or of the next step.
   */
  trimMs: number;
}

export const DEFAULT_CAPACITY_OPTIONS: CapacityOptions = { degradeFactor: 2, p99LimitMs: REQUEST_TARGETS.p99Ms, maxErrorRatio: REQUEST_TARGETS.maxFailedRate, trimMs: 1000 };

export interface CapacityTable {
  rows: CapacityRow[];
  /** Index of the first step whose p99 degraded, undefined if none did. */
  degradesAt: number | undefined;
  /** Index of the first step whose error ratio passed the limit, undefined if none did. */
  failsAt: number | undefined;
  options: CapacityOptions;
}

/** `loadStartMs`: when the load started (K6Result.loadStartedAt); step offsets are relative to it. */
export function capacityTable(evidence: EvidenceStore, steps: readonly CapacityStep[], loadStartMs: number, overrides: Partial<CapacityOptions> = {}): CapacityTable {
  const options = { ...DEFAULT_CAPACITY_OPTIONS, ...overrides };
  const rows = steps.map((step): CapacityRow => {
    const trim = Math.min(options.trimMs, (step.holdEndMs - step.holdStartMs) / 4);
    const stats = evidence.window(loadStartMs + step.holdStartMs + trim, loadStartMs + step.holdEndMs - trim).stats();
    return { step: step.index, targetRate: step.rate, rps: stats.rps, count: stats.count, p95Ms: stats.p95Ms, p99Ms: stats.p99Ms, errorRatio: stats.errorRatio };
  });
  const baseline = rows.find((r) => r.p99Ms !== null)?.p99Ms ?? null;
  const degraded = (r: CapacityRow) => r.p99Ms !== null && (r.p99Ms > options.p99LimitMs || (baseline !== null && r.p99Ms > baseline * options.degradeFactor));
  const failed = (r: CapacityRow) => r.errorRatio !== null && r.errorRatio > options.maxErrorRatio;
  const index = (test: (r: CapacityRow) => boolean) => {
    const i = rows.findIndex(test);
    return i === -1 ? undefined : i;
  };
  return { rows, degradesAt: index(degraded), failsAt: index(failed), options };
}
