// The health state of one target, as an ALB target group keeps it (DescribeTargetHealth states and reason codes).
// Pure: the health checker feeds results in, the target group routes on the state that comes out.
//
// Rules (AWS ELB user guide, "Health checks for Application Load Balancer target groups", and the ECS guide
// "Optimize load balancer health check parameters"):
// - A newly registered target is `initial` and gets no traffic. ONE passing check makes it healthy, whatever
//   HealthyThresholdCount says; the healthy threshold applies only to an unhealthy target coming back.
// - UnhealthyThresholdCount consecutive failures (wrong status, timeout, connection error) make it unhealthy,
//   from `initial` as from `healthy`.
// - A deregistered target is `draining` (no new requests, no more checks) and then `unused`.

export type TargetState = 'initial' | 'healthy' | 'unhealthy' | 'draining' | 'unused';

export type TargetHealthReason =
  | 'Elb.InitialHealthChecking'
  | 'Target.ResponseCodeMismatch'
  | 'Target.Timeout'
  | 'Target.FailedHealthChecks'
  | 'Target.DeregistrationInProgress'
  | 'Target.NotRegistered';

export type CheckFailureReason = 'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';

export type CheckResult = { ok: true } | { ok: false; reason: CheckFailureReason; detail: string };

export interface TargetHealth {
  state: TargetState;
  /** Absent when healthy, as in DescribeTargetHealth. */
  reason?: TargetHealthReason;
  /** Human detail of the last failure, e.g. "Health checks failed with these codes: [503]". */
  description?: string;
  consecutiveSuccesses: number;
  consecutiveFailures: number;
}

export interface Thresholds {
  healthyThreshold: number;
  unhealthyThreshold: number;
}

export function initialHealth(): TargetHealth {
  return { state: 'initial', reason: 'Elb.InitialHealthChecking', consecutiveSuccesses: 0, consecutiveFailures: 0 };
}

export function drainingHealth(): TargetHealth {
  return { state: 'draining', reason: 'Target.DeregistrationInProgress', consecutiveSuccesses: 0, consecutiveFailures: 0 };
}

/** The next health after one check result. Draining and unused targets are not checked, so they stay as they are. */
export function applyCheckResult(current: TargetHealth, result: CheckResult, t: Thresholds): TargetHealth {
  if (current.state === 'draining' || current.state === 'unused') return current;
  if (result.ok) {
    const successes = current.consecutiveSuccesses + 1;
    const needed = current.state === 'unhealthy' ? t.healthyThreshold : 1;
    if (current.state === 'healthy' || successes >= needed) {
      return { state: 'healthy', consecutiveSuccesses: successes, consecutiveFailures: 0 };
    }
    return { ...current, consecutiveSuccesses: successes, consecutiveFailures: 0 };
  }
  const failures = current.consecutiveFailures + 1;
  const failed = { reason: result.reason, description: result.detail, consecutiveSuccesses: 0, consecutiveFailures: failures };
  if (current.state === 'unhealthy' || failures >= t.unhealthyThreshold) return { state: 'unhealthy', ...failed };
  // Below the threshold a target keeps its state; an initial target keeps its initial reason too.
  if (current.state === 'initial') return { ...current, consecutiveSuccesses: 0, consecutiveFailures: failures };
  return { state: current.state, consecutiveSuccesses: 0, consecutiveFailures: failures };
}
