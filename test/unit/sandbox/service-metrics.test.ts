import { describe, expect, it } from 'vitest';
import { MetricsRecorder, NAMESPACE, toMetricData } from '../../../sandbox/service/metrics.ts';

describe('metrics recorder', () => {
  it('counts events and status classes within an interval, then starts afresh', () => {
    const r = new MetricsRecorder();
    r.count('PoolWaitCount');
    r.count('PoolWaitCount');
    r.count('SlowQueryCount', 3);
    r.count('DBConnectErrors');
    for (const s of [200, 201, 404, 409, 503, 504, 302]) r.response(s);
    const first = r.drain(0, 0);
    expect(first).toMatchObject({
      PoolWaitCount: 2, SlowQueryCount: 3, DBConnectErrors: 1, PoolTimeoutCount: 0,
      RequestCount: 7, HTTPCode_2XX_Count: 2, HTTPCode_4XX_Count: 2, HTTPCode_5XX_Count: 2,
    });
    const second = r.drain(0, 0);
    expect(Object.values(second).every((v) => v === 0)).toBe(true);
  });

  it('reports the highest pool level of the interval, and carries the current level into the next', () => {
    const r = new MetricsRecorder();
    r.poolLevel(1, 50);
    r.poolLevel(2, 100);
    r.poolLevel(0, 0);
    expect(r.drain(0, 0)).toMatchObject({ PoolUtilization: 100, AcquiredConnections: 2 });
    expect(r.drain(0, 0)).toMatchObject({ PoolUtilization: 0, AcquiredConnections: 0 });
    // A pool held full across intervals with no acquire/release events still reports 100.
    expect(r.drain(2, 100)).toMatchObject({ PoolUtilization: 100, AcquiredConnections: 2 });
    expect(r.drain(0, 0)).toMatchObject({ PoolUtilization: 100 });
  });

  it('turns a snapshot into high-resolution CloudWatch data with the Service dimension', () => {
    const r = new MetricsRecorder();
    r.count('PoolWaitCount', 4);
    const t = new Date('2026-06-01T00:00:00Z');
    const data = toMetricData(r.drain(1, 50), 'core-api', t);
    expect(NAMESPACE).toBe('CoreAPI');
    expect(data.map((d) => d.MetricName).sort()).toEqual([
      'AcquiredConnections', 'DBConnectErrors', 'HTTPCode_2XX_Count', 'HTTPCode_4XX_Count', 'HTTPCode_5XX_Count',
      'PoolTimeoutCount', 'PoolUtilization', 'PoolWaitCount', 'RequestCount', 'SlowQueryCount',
    ]);
    for (const d of data) {
      expect(d).toMatchObject({ Dimensions: [{ Name: 'Service', Value: 'core-api' }], Timestamp: t, StorageResolution: 1 });
      expect(d.Unit).toBe(d.MetricName === 'PoolUtilization' ? 'Percent' : 'Count');
    }
    expect(data.find((d) => d.MetricName === 'PoolWaitCount')?.Value).toBe(4);
    expect(data.find((d) => d.MetricName === 'PoolUtilization')?.Value).toBe(50);
  });
});
