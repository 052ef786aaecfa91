// The API's metric publisher through the real CloudWatch SDK client: values land in the sandbox CloudWatch as
// high-resolution data, and a dead endpoint is logged at most once a minute without ever throwing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { freePort } from '../../../sandbox/db/processes.ts';
import { MetricsRecorder } from '../../../sandbox/service/metrics.ts';
import { MetricsPublisher } from '../../../sandbox/service/metrics-publisher.ts';
import { startSandboxCloudWatch, type SandboxCloudWatchEndpoint } from './service-fixture.ts';

let cloudwatch: SandboxCloudWatchEndpoint;
// The publisher takes credentials from the environment like the task does; integration files share one process.
const savedEnv = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };

beforeAll(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'sandbox';
  process.env.AWS_SECRET_ACCESS_KEY = 'sandbox';
  cloudwatch = await startSandboxCloudWatch();
});

afterAll(async () => {
  await cloudwatch?.close();
  for (const [key, value] of [['AWS_ACCESS_KEY_ID', savedEnv.id], ['AWS_SECRET_ACCESS_KEY', savedEnv.secret]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

function publisher(recorder: MetricsRecorder, endpoint: string, log: (l: string) => void, clock?: () => number) {
  return new MetricsPublisher({
    recorder, serviceName: 'core-api', region: 'us-east-1', endpoint, intervalMs: 60_000, log,
    poolLevel: () => ({ acquired: 3, utilizationPct: 30 }), ...(clock ? { clock } : {}),
  });
}

describe('metrics publisher', () => {
  it('puts the interval into namespace CoreAPI with Service=core-api at 1-second resolution', async () => {
    const recorder = new MetricsRecorder();
    recorder.count('PoolWaitCount', 3);
    recorder.count('SlowQueryCount', 2);
    recorder.response(201);
    recorder.response(503);
    recorder.poolLevel(5, 50);
    const lines: string[] = [];
    const p = publisher(recorder, cloudwatch.server.url, (l) => lines.push(l));
    await p.publish();
    await p.stop(); // flushes a second, empty interval: counters 0, pool level carried (3 acquired, 30 %)
    expect(lines).toEqual([]);
    expect(await cloudwatch.aggregate('PoolWaitCount', 'Sum')).toBe(3);
    expect(await cloudwatch.aggregate('SlowQueryCount', 'Sum')).toBe(2);
    expect(await cloudwatch.aggregate('HTTPCode_2XX_Count', 'Sum')).toBe(1);
    expect(await cloudwatch.aggregate('HTTPCode_5XX_Count', 'Sum')).toBe(1);
    expect(await cloudwatch.aggregate('RequestCount', 'Sum')).toBe(2);
    expect(await cloudwatch.aggregate('PoolUtilization', 'Maximum')).toBe(50);
    expect(await cloudwatch.aggregate('DBConnectErrors', 'Sum')).toBe(0);

    // High resolution: a 1-second period query returns the datapoints.
    const cw = new CloudWatchClient({ region: 'us-east-1', endpoint: cloudwatch.server.url });
    const now = Date.now();
    const res = await cw.send(new GetMetricDataCommand({
      StartTime: new Date(now - 60_000), EndTime: new Date(now + 5_000),
      MetricDataQueries: [{ Id: 'w', MetricStat: { Metric: { Namespace: 'CoreAPI', MetricName: 'PoolWaitCount', Dimensions: [{ Name: 'Service', Value: 'core-api' }] }, Period: 1, Stat: 'Sum' } }],
    }));
    cw.destroy();
    expect(res.MetricDataResults?.[0]?.Values?.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('never throws on a dead endpoint and logs the failure at most once a minute', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    let now = 1_000_000;
    const lines: string[] = [];
    const p = publisher(new MetricsRecorder(), dead, (l) => lines.push(l), () => now);
    await p.publish();
    await p.publish();
    now += 30_000;
    await p.publish();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^metrics: PutMetricData failed: /);
    now += 31_000;
    await p.stop();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/\(2 more failures since the last message\)$/);
  });
});
