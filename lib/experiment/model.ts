import type { Category } from './schema-parts.ts';

// The resolved experiment: validated, variables substituted, durations in milliseconds. Built from the
// schema-derived ExperimentFile type (types.ts) by resolve.ts, so a schema change that breaks it fails to compile.

export interface Stage {
  durationMs: number;
  target: number;
}

export interface Fault {
  id: string;
  action: string;
  description?: string;
  /** Planned offset from the start of the load. */
  atMs: number;
  holdMs: number;
  params: Record<string, unknown>;
}

export interface AlarmExpectation {
  name: string;
  fires?: { withinMs: number; after: string };
  recovers?: { withinMs: number };
  quiet: boolean;
  strict: boolean;
}

export interface Slo {
  category: Category | 'all';
  phase: string;
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
  maxMs?: number;
  errorRateMax?: number;
  minRps?: number;
  /** Recovery SLOs: the category must be back under the SLO within this long of the restore. */
  withinMs?: number;
  strict: boolean;
}

export interface HealthExpectation {
  phase: string;
  status: 'healthy' | 'degraded' | 'unhealthy';
  strict: boolean;
}

export interface MetricEvidence {
  namespace: string;
  name: string;
  stat: string;
  periodSeconds: number;
  dimensions: Record<string, string>;
}

export interface Experiment {
  /** The file as given on the command line. */
  file: string;
  name: string;
  description: string;
  load: { scenario: string; stages: Stage[]; env: Record<string, string>; durationMs: number; peakVus: number };
  faults: Fault[];
  expect: {
    alarms: AlarmExpectation[];
    unexpectedAlarms?: { prefix: string; severity: 'fail' | 'warn'; ignore: string[] };
    slo: Slo[];
    health: HealthExpectation[];
  };
  guardrails: {
    stopOn: string[];
    maxErrorRate?: { value: number; forMs: number };
    maxP95?: { valueMs: number; forMs: number };
  };
  metrics: MetricEvidence[];
}
