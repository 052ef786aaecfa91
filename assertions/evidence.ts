// What the assertions judge: the evidence of one drill, as loaded from its run directory (docs/run-directory.md).
// Assertions are pure functions of this; they never touch the network or the clock.
import type { Experiment } from '../lib/experiment/model.ts';
import type { StatsFilter, WindowStats } from '../lib/evidence/window.ts';

export type PhaseKind = 'baseline' | 'fault' | 'recovery';

/** A phase on the ACTUAL timeline (built from when faults really took effect and were really restored). */
export interface Phase {
  name: string;
  kind: PhaseKind;
  faultId?: string;
  /** Epoch ms. */
  startMs: number;
  endMs: number;
}

export interface FaultRecord {
  id: string;
  action: string;
  /** Planned offset from load start, ms. */
  plannedAtMs: number;
  plannedHoldMs: number;
  /** Epoch ms; undefined when the fault was never injected (aborted before, skipped). */
  injectedAtMs?: number;
  /** When verify saw the fault in effect (e.g. the new deployment serving). */
  effectiveAtMs?: number;
  /** When the restore began (the fault phase ends here; between this and restoredAtMs is a transition). */
  restoreStartedAtMs?: number;
  /** When the restore was complete (e.g. the old secret's deployment serving again); recovery is timed from here. */
  restoredAtMs?: number;
  restoreVerified: boolean;
  /** Parameters with secret-bearing values redacted. */
  params: Record<string, unknown>;
  error?: string;
  /**
   * Set when the fault was never injected on purpose: the game-day operator skipped it, or no time was left in the
   * load. A skipped fault has no injectedAtMs and no phase; the checks that depend on it are skipped, not failed.
   */
  skipped?: { atMs: number; reason: string };
}

export interface AlarmTransition {
  atMs: number;
  from: string;
  to: string;
  reason: string;
}

export interface AlarmEvidence {
  name: string;
  exists: boolean;
  /** State when the drill started (preflight). */
  initialState?: string;
  /** StateUpdate history within the drill window, oldest first. */
  transitions: AlarmTransition[];
}

export interface HealthSample {
  atMs: number;
  httpStatus: number;
  /** `unreachable` when no HTTP answer came. */
  status: 'healthy' | 'degraded' | 'unhealthy' | 'unreachable';
}

/**
 * The load generator's own machine over one interval (lib/run/host-probe.ts, from Linux /proc/stat): percentages of
 * all CPUs together. A starved load generator measures latency that is its own, not the service's; these samples are
 * the evidence for telling the two apart. They never change a check.
 */
export interface HostSample {
  /** Epoch ms at the end of the interval the figures cover. */
  atMs: number;
  intervalMs: number;
  cpus: number;
  /** Everything but idle and iowait (user, system, irq, softirq, steal). */
  busyPct: number;
  /** Time the hypervisor gave this VM's CPUs to someone else. */
  stealPct: number;
  iowaitPct: number;
  /** 1-minute load average at the end of the interval; null when /proc/loadavg could not be read. */
  load1: number | null;
}

/** Latency/error figures for any window of the load; backed by lib/evidence (HDR histograms) in a real run. */
export interface LoadEvidence {
  window(fromMs: number, toMs: number): { stats(filter?: StatsFilter): WindowStats; categoryCounts(): Map<string, number> };
}

export interface DrillEvidence {
  experiment: Experiment;
  /** Epoch ms of the actual load start and end. */
  loadStartMs: number;
  loadEndMs: number;
  /** The end of the evidence window (after settle). */
  endMs: number;
  outcome: 'completed' | 'aborted' | 'error';
  abortReason?: string;
  faults: FaultRecord[];
  phases: Phase[];
  alarms: AlarmEvidence[];
  /** Names of in-scope alarms (unexpectedAlarms.prefix) that exist, with their transitions. */
  scopedAlarms: AlarmEvidence[];
  health: HealthSample[];
  /** The load generator's CPU; absent or empty when not recorded (other platforms, runs before it existed). */
  host?: HostSample[];
  load: LoadEvidence;
}

export type CheckKind =
  | 'alarm-fires'
  | 'alarm-recovers'
  | 'alarm-quiet'
  | 'unexpected-alarm'
  | 'slo'
  | 'slo-coverage'
  | 'recovery-time'
  | 'health'
  | 'fault-restored';

/** One judged expectation. Failed strict checks fail the drill; failed optional ones are warnings. */
export interface CheckResult {
  kind: CheckKind;
  /** Short and stable, e.g. `alarm sandbox-pool-wait fires within 1m of small-pool`. */
  name: string;
  ok: boolean;
  strict: boolean;
  /** What was seen, in words and numbers (`ALARM 38s after injection`). */
  observed: string;
  /** What was required (`ALARM within 1m`). */
  expected: string;
  /** A sentence a person acts on, especially when it failed. */
  message: string;
  /** Machine-readable figures for reports (e.g. timeToAlarmSeconds, p95Ms, samples). */
  data?: Record<string, number | string | boolean | null>;
  /**
   * Set when what the check judges depends on a fault that was skipped: the check is not judged (ok stays true, so
   * it never fails the verdict) and reports read it as SKIP. `reason` names the fault and why it was skipped.
   */
  skipped?: { reason: string };
}
