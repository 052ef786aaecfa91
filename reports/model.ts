// The report of one drill (report.json), as TypeScript. reports/schema/report.schema.json describes the same shape
// and every report is validated against it before anything is written; the unit tests build full reports and
// validate them, so the two cannot drift unnoticed. Times are ISO 8601 UTC strings; durations are seconds.

export const REPORT_SCHEMA_VERSION = 1;

export type Verdict = 'pass' | 'fail' | 'aborted' | 'error';
export type Severity = 'critical' | 'warning' | 'info';
export type AlarmExpectationKind = 'fires' | 'quiet' | 'unexpected';
export type SloStat = 'p50' | 'p95' | 'p99' | 'max' | 'errorRate' | 'rps';
export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy' | 'unreachable';

export interface ReportPhase {
  name: string;
  kind: 'baseline' | 'fault' | 'recovery';
  faultId?: string;
  start: string;
  end: string;
  /** Seconds from the load start. */
  startOffsetSeconds: number;
  durationSeconds: number;
}

export interface ReportFault {
  id: string;
  action: string;
  description?: string;
  plannedAt: string;
  plannedHoldSeconds: number;
  injectedAt: string | null;
  effectiveAt: string | null;
  /** When the restore began (the fault phase ends there); present when the run recorded it. */
  restoreStartedAt?: string;
  restoredAt: string | null;
  /** From in effect (or injected) to restored. */
  heldSeconds: number | null;
  restoreVerified: boolean;
  /** Redacted: secret-looking keys and connection strings with credentials read "[redacted]". */
  params: Record<string, unknown>;
  error?: string;
  /** The fault was never injected on purpose: the game-day operator skipped it (or no time was left in the load). */
  skipped?: { at: string; reason: string };
}

export interface ReportTransition {
  at: string;
  from: string;
  to: string;
  reason: string;
}

export interface ReportAlarm {
  name: string;
  expectation: AlarmExpectationKind;
  strict: boolean;
  exists: boolean;
  ok: boolean;
  initialState: string | null;
  /** The fault whose start the time to alarm is measured from. */
  after: string | null;
  firstAlarmAt: string | null;
  timeToAlarmSeconds: number | null;
  /** The expectation's `fires.within`. */
  alarmTargetSeconds: number | null;
  okAt: string | null;
  /** From the fault's restore to OK again. */
  timeToRecoverSeconds: number | null;
  recoverTargetSeconds: number | null;
  transitions: ReportTransition[];
}

export interface ReportSlo {
  category: string;
  /** The phase (or `all`) the SLO is stated for. */
  phase: string;
  stat: SloStat;
  /** ms for latency stats, a ratio for errorRate, requests/s for rps. */
  threshold: number;
  observed: number | null;
  samples: number;
  ok: boolean;
  strict: boolean;
  /** The window measured: the phase, minus the grace period `within` for recovery SLOs; null when it never ran. */
  windowStart: string | null;
  windowEnd: string | null;
}

export interface LatencySummary {
  minMs: number | null;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface LoadFigures extends LatencySummary {
  requests: number;
  rps: number;
  errors: number;
  /** null when there were no requests. */
  errorRate: number | null;
}

export interface ReportLoad extends LoadFigures {
  start: string;
  end: string;
  byStatusClass: Record<string, number>;
  byCategory: Record<string, LoadFigures>;
}

export interface HealthSegment {
  start: string;
  end: string;
  status: HealthStatus;
}

export interface ReportHealth {
  samples: number;
  byStatus: Record<HealthStatus, number>;
  /** Consecutive samples with the same status, merged. */
  segments: HealthSegment[];
}

/** The load generator's machine over a set of host samples (percent of all CPUs; see docs/reports.md). */
export interface HostFigures {
  samples: number;
  busyPctMean: number;
  busyPctMax: number;
  stealPctMax: number;
  iowaitPctMax: number;
  /** Samples with busy >= 90 %, steal >= 10 % or iowait >= 20 %. */
  saturatedSamples: number;
  /** The time those samples cover. */
  saturatedSeconds: number;
}

export interface ReportHostPhase extends HostFigures {
  phase: string;
}

/** Samples taken while the load ran; each phase with at least one sample in `phases`. */
export interface ReportHost extends HostFigures {
  cpus: number;
  phases: ReportHostPhase[];
}

export interface ReportCheck {
  name: string;
  /** A CheckKind from assertions/, or `baseline-regression`. */
  kind: string;
  ok: boolean;
  strict: boolean;
  observed: string;
  expected: string;
  message: string;
  /** Not judged because it depends on a skipped fault (ok is true; reports show SKIP). */
  skipped?: { reason: string };
}

export interface Observation {
  severity: Severity;
  text: string;
  recommendation: string;
}

export interface Note {
  at: string;
  text: string;
}

export interface BaselineTolerance {
  /** Latency stats (p50/p95/p99/max) may grow this many percent. */
  latencyPct: number;
  timeToAlarmPct: number;
  timeToRecoverPct: number;
  /** Error rate may grow this much (absolute, as a ratio: 0.01 = one percentage point). */
  errorRatePoints: number;
  /** The request rate floor may drop this many percent. */
  rpsPct: number;
  /** Latency changes smaller than this are noise, whatever the percentage. */
  minLatencyDeltaMs: number;
}

export interface BaselineRow {
  kind: 'slo' | 'alarm';
  /** e.g. `read-simple baseline p95` or `sandbox-pool-wait time to alarm`. */
  name: string;
  unit: 'ms' | 's' | 'ratio' | 'req/s';
  previous: number | null;
  current: number | null;
  delta: number | null;
  deltaPct: number | null;
  regression: boolean;
  /** Why it is (or is not) a regression, in words. */
  note: string;
}

export interface BaselineComparison {
  runId: string;
  experiment: string;
  startedAt: string;
  sameExperiment: boolean;
  tolerance: BaselineTolerance;
  failOnRegression: boolean;
  regressions: number;
  rows: BaselineRow[];
}

export interface CapacityStep {
  /** The load step's target (VUs or arrival rate). */
  target: number;
  rps: number;
  p99Ms: number | null;
  errorRate: number | null;
  cpuPct?: number | null;
  memoryPct?: number | null;
}

export interface CapacityTable {
  steps: CapacityStep[];
  /** Index into steps of the first step where latency degraded. */
  degradationStep?: number;
  /** Index into steps of the first step that failed (errors or SLO far exceeded). */
  failureStep?: number;
  scalingTrigger?: string;
  targetCapacity?: string;
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  runId: string;
  experiment: { name: string; file: string; description: string };
  environment: { name: string; production: boolean };
  startedAt: string;
  endedAt: string;
  generatedAt: string;
  verdict: Verdict;
  exitCode: number;
  outcome: 'completed' | 'aborted' | 'error';
  abortReason?: string;
  phases: ReportPhase[];
  faults: ReportFault[];
  alarms: ReportAlarm[];
  slos: ReportSlo[];
  load: ReportLoad;
  health: ReportHealth;
  /** The load generator's CPU while the load ran; absent when not recorded (not Linux, older runs). */
  host?: ReportHost;
  checks: ReportCheck[];
  baseline?: BaselineComparison;
  k6: { version: string; exitCode: number | null };
  observations: Observation[];
  /**
   * Questions for the game day's retrospective, generated from the evidence, most important first (at most 8).
   * Always written by buildReport; optional so that reports written before it still read as baselines.
   */
  retrospective?: string[];
  notes: Note[];
  capacity?: CapacityTable;
}
