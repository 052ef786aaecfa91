// The verdict of a drill from its evidence alone. Pure: the same evidence always gives the same checks and verdict,
// which is what lets `firedrill report <run-dir>` rebuild a report without AWS.
import { alarmChecks } from './alarms.ts';
import type { CheckResult, DrillEvidence } from './evidence.ts';
import { faultChecks } from './faults.ts';
import { healthChecks } from './health.ts';
import { recoveryChecks } from './recovery.ts';
import { sloChecks } from './slo.ts';
import { unexpectedAlarmChecks } from './unexpected-alarms.ts';

export type Verdict = 'pass' | 'fail' | 'aborted' | 'error';

export interface Judgement {
  checks: CheckResult[];
  verdict: Verdict;
}

/**
 * Every check of the drill, in report order (faults first: a drill that left something broken matters most), and the
 * verdict. An aborted or errored drill gets that verdict whatever its checks say: its evidence is partial, so a pass
 * would be unearned and a fail would blame the service for the harness stopping early.
 */
export function judge(ev: DrillEvidence): Judgement {
  const checks = [...faultChecks(ev), ...alarmChecks(ev), ...unexpectedAlarmChecks(ev), ...sloChecks(ev), ...recoveryChecks(ev), ...healthChecks(ev)];
  return { checks, verdict: verdictOf(ev.outcome, checks) };
}

/** Failed strict checks fail the drill; failed optional checks are warnings and do not. */
export function verdictOf(outcome: DrillEvidence['outcome'], checks: readonly CheckResult[]): Verdict {
  if (outcome === 'aborted') return 'aborted';
  if (outcome === 'error') return 'error';
  return checks.some((c) => c.strict && !c.ok) ? 'fail' : 'pass';
}

export { alarmChecks, faultChecks, healthChecks, recoveryChecks, sloChecks, unexpectedAlarmChecks };
export { RECOVERY_STEP_MS, RECOVERY_WINDOW_MS } from './recovery.ts';
export type { CheckKind, CheckResult, DrillEvidence } from './evidence.ts';
