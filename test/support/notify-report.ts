// A small but complete report.json model for the notification tests: what a drill of pool-exhaustion on staging
// produces, with overridable checks and alarms.
import type { Report, ReportAlarm, ReportCheck } from '../../reports/model.ts';

export function check(name: string, ok: boolean, strict = true, extra: Partial<ReportCheck> = {}): ReportCheck {
  return { name, kind: 'slo', ok, strict, observed: ok ? 'p95 34ms over 175 requests' : 'p95 840ms over 175 requests', expected: 'p95 ≤ 100ms', message: `${name} message`, ...extra };
}

export function firingAlarm(name: string, extra: Partial<ReportAlarm> = {}): ReportAlarm {
  return {
    name, expectation: 'fires', strict: true, exists: true, ok: true, initialState: 'OK', after: 'small-pool',
    firstAlarmAt: '2026-11-21T23:43:10.000Z', timeToAlarmSeconds: 26.466, alarmTargetSeconds: 60,
    okAt: '2026-11-21T23:44:10.000Z', timeToRecoverSeconds: 22.231, recoverTargetSeconds: 60, transitions: [], ...extra,
  };
}

export function notifyReport(overrides: Partial<Report> = {}): Report {
  const figures = { requests: 3214, rps: 18.2, errors: 3, errorRate: 0.000933, minMs: 2, meanMs: 20, p50Ms: 15, p95Ms: 45.2, p99Ms: 90, maxMs: 300 };
  return {
    schemaVersion: 1,
    runId: '20261121T234157Z-pool-exhaustion',
    experiment: { name: 'pool-exhaustion', file: 'experiments/pool-exhaustion.yaml', description: 'Shrink the pool.' },
    environment: { name: 'staging', production: false },
    startedAt: '2026-11-21T23:41:57.000Z',
    endedAt: '2026-11-21T23:45:10.000Z',
    generatedAt: '2026-11-21T23:45:12.000Z',
    verdict: 'pass',
    exitCode: 0,
    outcome: 'completed',
    phases: [],
    faults: [],
    alarms: [firingAlarm('staging-core-api-pool-wait'), { ...firingAlarm('staging-core-api-5xx'), expectation: 'quiet', timeToAlarmSeconds: null }],
    slos: [],
    load: { ...figures, start: '2026-11-21T23:41:59.000Z', end: '2026-11-21T23:44:54.000Z', byStatusClass: { '2xx': 3211, '5xx': 3 }, byCategory: {} },
    health: { samples: 60, byStatus: { healthy: 58, degraded: 2, unhealthy: 0, unreachable: 0 }, segments: [] },
    checks: [check('slo read-simple in baseline: p95', true), check('unexpected alarm staging-core-api-cpu', false, false, { kind: 'unexpected-alarm', observed: 'ALARM at 23:43:40 UTC', expected: 'no ALARM' })],
    k6: { version: 'v1.0.0', exitCode: 0 },
    observations: [],
    notes: [],
    ...overrides,
  };
}
