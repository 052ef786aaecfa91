import { describe, expect, it } from 'vitest';
import { DbHealth, healthReport } from '../../../sandbox/service/health.ts';
import type { PoolStats } from '../../../sandbox/service/pool.ts';

const pool = (acquired: number, waiting: number, max = 10): PoolStats => ({
  total: acquired, acquired, idle: 0, waiting, max, utilization_pct: Math.round((acquired / max) * 100),
});

describe('health report', () => {
  it('healthy when the database is up and the pool has room', () => {
    expect(healthReport('up', pool(7, 0))).toEqual({ httpStatus: 200, body: { status: 'healthy', pool: pool(7, 0), db: { state: 'up' } } });
  });

  it('degraded (still 200) at 80 % utilization or with any waiter', () => {
    expect(healthReport('up', pool(8, 0)).body.status).toBe('degraded');
    expect(healthReport('up', pool(1, 1)).body.status).toBe('degraded');
    expect(healthReport('up', pool(8, 0)).httpStatus).toBe(200);
  });

  it('unhealthy (503) when the database is down or not yet confirmed, whatever the pool says', () => {
    expect(healthReport('down', pool(0, 0), 'connect ECONNREFUSED')).toEqual({
      httpStatus: 503, body: { status: 'unhealthy', pool: pool(0, 0), db: { state: 'down', error: 'connect ECONNREFUSED' } },
    });
    expect(healthReport('unknown', pool(0, 0)).httpStatus).toBe(503);
  });
});

describe('database health tracker', () => {
  it('logs each transition once and remembers the last error', () => {
    const lines: string[] = [];
    let now = 1_000;
    const h = new DbHealth((l) => lines.push(l), () => now);
    expect(h.state).toBe('unknown');
    h.failed('refused');
    h.failed('refused again');
    expect(h.lastError).toBe('refused again');
    h.ok();
    h.ok();
    expect(lines).toEqual(['database unreachable: refused', 'database reachable again']);
    expect(h.lastError).toBeUndefined();
    expect(h.needsProbe(2_000)).toBe(false);
    now += 2_000;
    expect(h.needsProbe(2_000)).toBe(true);
  });

  it('always wants a probe while not known to be up', () => {
    const h = new DbHealth(() => {}, () => 0);
    expect(h.needsProbe(60_000)).toBe(true);
    h.failed('x');
    expect(h.needsProbe(60_000)).toBe(true);
  });
});
