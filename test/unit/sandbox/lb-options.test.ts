import { describe, expect, it } from 'vitest';
import { parseMatcher, resolveOptions } from '../../../sandbox/lb/options.ts';

describe('load balancer options', () => {
  it('fills drill-scaled defaults like the platform target group', () => {
    const o = resolveOptions();
    expect(o).toMatchObject({ host: '127.0.0.1', port: 0, deregistrationDelayMs: 10_000, idleTimeoutMs: 60_000, maxInFlight: 1024 });
    expect(o.healthCheck).toMatchObject({ path: '/health', intervalMs: 2000, timeoutMs: 1000, healthyThreshold: 2, unhealthyThreshold: 3 });
    expect(o.healthCheck.matches(200)).toBe(true);
    expect(o.healthCheck.matches(204)).toBe(false);
    expect(o.metrics).toBeUndefined();
  });

  it('names the field and the fix when a value is wrong', () => {
    expect(() => resolveOptions({ healthCheck: { intervalMs: 1000, timeoutMs: 1000 } })).toThrow(
      'startLoadBalancer: healthCheck.timeoutMs: must be less than healthCheck.intervalMs (1000), got 1000',
    );
    expect(() => resolveOptions({ host: '0.0.0.0' as '127.0.0.1' })).toThrow(/host: must be 127.0.0.1 or ::1/);
    expect(() => resolveOptions({ healthCheck: { healthyThreshold: 0 } })).toThrow(/healthCheck.healthyThreshold: expected an integer from 1 to 10, got 0/);
    expect(() => resolveOptions({ healthCheck: { path: 'health' } })).toThrow(/healthCheck.path: must start with "\/"/);
    expect(() => resolveOptions({ metrics: {} })).toThrow(/metrics: give either metrics.publish/);
    expect(() => resolveOptions({ metrics: { publish: async () => {}, intervalMs: 1.5 } })).toThrow(/metrics.intervalMs/);
  });

  it('parses ALB matcher syntax: single code, list and range, codes 200-499 only', () => {
    const list = parseMatcher('200,202');
    expect([200, 201, 202].map(list)).toEqual([true, false, true]);
    const range = parseMatcher('200-299');
    expect([199, 200, 299, 300].map(range)).toEqual([false, true, true, false]);
    expect(() => parseMatcher('500')).toThrow(/healthCheck.matcher: expected HTTP codes 200-499/);
    expect(() => parseMatcher('300-200')).toThrow(/healthCheck.matcher/);
    expect(() => parseMatcher('ok')).toThrow(/healthCheck.matcher/);
  });
});
