import { describe, expect, it } from 'vitest';
import { healthChecks } from '../../../assertions/health.ts';
import type { HealthSample } from '../../../assertions/evidence.ts';
import type { HealthExpectation } from '../../../lib/experiment/model.ts';
import { drill, experiment, healthEvery, PHASES } from './drill-builder.ts';

const expectHealth = (phase: string, status: HealthExpectation['status'], strict = true): HealthExpectation => ({ phase, status, strict });

function run(expectations: HealthExpectation[], health: HealthSample[], over: Parameters<typeof drill>[0] = {}) {
  return healthChecks(drill({ experiment: experiment({ health: expectations }), health, ...over }));
}

// Healthy, degraded from 50 s to 80 s (inside small-pool, 40-90 s), healthy again.
const DEGRADED_MID_FAULT = [...healthEvery(0, 50, 'healthy'), ...healthEvery(50, 80, 'degraded'), ...healthEvery(80, 180, 'healthy')];

describe('health expectations', () => {
  it('passes when the expected status was observed in at least one sample of the phase, and reports the mix', () => {
    const [c] = run([expectHealth('small-pool', 'degraded')], DEGRADED_MID_FAULT);
    expect(c).toMatchObject({ kind: 'health', ok: true, strict: true, name: 'health degraded during small-pool', observed: 'degraded in 15 of 25 samples (degraded 15, healthy 10)', expected: '/health degraded in at least one sample' });
    expect(c!.message).toContain('first at 12:00:50 UTC');
  });

  it('fails when the status was never observed in the phase, even if it was seen outside it', () => {
    const [c] = run([expectHealth('baseline', 'degraded')], DEGRADED_MID_FAULT);
    expect(c).toMatchObject({ ok: false, observed: 'never degraded in 15 samples (healthy 15)' });
    expect(c!.message).toContain('/health never reported degraded during phase baseline (12:00:00–12:00:30 UTC)');
  });

  it('fails when the phase has no samples at all', () => {
    const [c] = run([expectHealth('small-pool', 'degraded')], healthEvery(0, 30, 'healthy'));
    expect(c).toMatchObject({ ok: false, observed: 'no /health samples' });
    expect(c!.data).toMatchObject({ samples: 0 });
  });

  it('does not count unreachable as unhealthy', () => {
    const [c] = run([expectHealth('small-pool', 'unhealthy')], healthEvery(40, 90, 'unreachable'));
    expect(c).toMatchObject({ ok: false, observed: 'never unhealthy in 25 samples (unreachable 25)' });
  });

  it('expands fault to every fault phase and all to the whole load', () => {
    const checks = run([expectHealth('fault', 'degraded'), expectHealth('all', 'healthy')], DEGRADED_MID_FAULT);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['health degraded during small-pool', true],
      ['health healthy during all', true],
    ]);
  });

  it('fails a phase that did not happen, and carries optional strictness', () => {
    const [c] = run([expectHealth('recovery', 'healthy', false)], DEGRADED_MID_FAULT, { phases: PHASES.slice(0, 2), outcome: 'aborted' });
    expect(c).toMatchObject({ ok: false, strict: false, observed: 'phase did not happen' });
    expect(c!.message).toContain('phase recovery did not happen in this drill (the drill was aborted)');
  });
});
