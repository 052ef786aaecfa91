import { describe, expect, it } from 'vitest';
import { applyCheckResult, initialHealth, drainingHealth, type CheckResult, type TargetHealth } from '../../../sandbox/lb/target-health.ts';

const thresholds = { healthyThreshold: 3, unhealthyThreshold: 2 };
const pass: CheckResult = { ok: true };
const timeout: CheckResult = { ok: false, reason: 'Target.Timeout', detail: 'Request timed out' };
const mismatch: CheckResult = { ok: false, reason: 'Target.ResponseCodeMismatch', detail: 'Health checks failed with these codes: [503]' };

function run(start: TargetHealth, results: CheckResult[]): TargetHealth[] {
  const seen: TargetHealth[] = [];
  let h = start;
  for (const r of results) seen.push((h = applyCheckResult(h, r, thresholds)));
  return seen;
}

describe('target health state machine (ALB rules)', () => {
  it('a new target becomes healthy after its first passing check, whatever the healthy threshold', () => {
    const [first] = run(initialHealth(), [pass]);
    expect(first?.state).toBe('healthy');
    expect(first?.reason).toBeUndefined();
  });

  it('a new target stays initial below the unhealthy threshold and turns unhealthy at it, keeping the last reason', () => {
    const states = run(initialHealth(), [timeout, mismatch]);
    expect(states[0]).toMatchObject({ state: 'initial', reason: 'Elb.InitialHealthChecking', consecutiveFailures: 1 });
    expect(states[1]).toMatchObject({ state: 'unhealthy', reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [503]' });
  });

  it('a healthy target needs unhealthyThreshold consecutive failures; a pass in between resets the count', () => {
    const healthy = applyCheckResult(initialHealth(), pass, thresholds);
    const states = run(healthy, [timeout, pass, timeout, timeout]).map((h) => h.state);
    expect(states).toEqual(['healthy', 'healthy', 'healthy', 'unhealthy']);
  });

  it('an unhealthy target needs healthyThreshold consecutive passes to come back; a failure resets the count', () => {
    const unhealthy = run(initialHealth(), [timeout, timeout]).at(-1)!;
    const states = run(unhealthy, [pass, pass, timeout, pass, pass, pass]).map((h) => h.state);
    expect(states).toEqual(['unhealthy', 'unhealthy', 'unhealthy', 'unhealthy', 'unhealthy', 'healthy']);
  });

  it('a draining target ignores check results', () => {
    expect(applyCheckResult(drainingHealth(), pass, thresholds).state).toBe('draining');
    expect(applyCheckResult(drainingHealth(), timeout, thresholds).state).toBe('draining');
  });
});
