// End to end inside the sandbox: the load balancer publishes into the sandbox CloudWatch, and the real SDK reads the
// ALB metrics back with GetMetricData, percentiles included, the way the harness's evidence collector will.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCloudWatch, type SandboxCloudWatch } from '../../../sandbox/aws/cloudwatch/index.ts';
import { startAwsServer, type AwsServer } from '../../../sandbox/aws/server.ts';
import { startLoadBalancer, type LoadBalancer } from '../../../sandbox/lb/index.ts';

const clientConfig = (endpoint: string) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
const LB_DIM = { Name: 'LoadBalancer', Value: 'app/sandbox-alb/0000000000000000' };
const TG_DIM = { Name: 'TargetGroup', Value: 'targetgroup/core-api/0000000000000000' };

let cloudwatch: SandboxCloudWatch;
let aws: AwsServer;
let task: Server;
let lb: LoadBalancer;
let client: CloudWatchClient;

beforeAll(async () => {
  cloudwatch = createCloudWatch({ evaluate: false });
  aws = await startAwsServer({ services: [cloudwatch.service] });
  client = new CloudWatchClient(clientConfig(aws.url));
  // A task whose /slow answers in a known spread of times: 90 fast requests and 10 slow ones.
  task = createServer((req, res) => setTimeout(() => res.writeHead(req.url === '/oops' ? 500 : 200).end('ok'), req.url === '/slow' ? 250 : 0));
  await new Promise<void>((resolve) => task.listen(0, '127.0.0.1', resolve));
  lb = await startLoadBalancer({ healthCheck: { intervalMs: 150, timeoutMs: 100 }, metrics: { intervalMs: 60_000, cloudwatch: clientConfig(aws.url) } });
});

afterAll(async () => {
  await lb?.close();
  await new Promise<void>((resolve) => {
    if (!task) return resolve();
    task.close(() => resolve());
    task.closeAllConnections();
  });
  client?.destroy();
  cloudwatch?.evaluator.stop();
  await aws?.close();
});

function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${lb.url}${path}`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

function query(id: string, metricName: string, stat: string, dims = [LB_DIM]): MetricDataQuery {
  return { Id: id, MetricStat: { Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metricName, Dimensions: dims }, Period: 3600, Stat: stat } };
}

describe('load balancer -> sandbox CloudWatch', () => {
  it('stores ALB metrics that GetMetricData reads back, percentiles from the raw response times', async () => {
    // One-hour periods, so all of this test's traffic lands in one period.
    const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
    lb.registerTarget({ id: 'task-1', host: '127.0.0.1', port: (task.address() as AddressInfo).port });
    const deadline = Date.now() + 5000;
    while (lb.targetHealth('task-1') !== 'healthy' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(lb.targetHealth('task-1')).toBe('healthy');

    const statuses = await Promise.all([...Array.from({ length: 90 }, () => get('/fast')), ...Array.from({ length: 10 }, () => get('/slow')), get('/oops')]);
    expect(statuses.filter((s) => s === 200)).toHaveLength(100);
    await lb.flushMetrics();
    expect(lb.metricsStats()).toMatchObject({ requestsFailed: 0 });

    const out = await client.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: new Date(Date.now() + 3_600_000),
        MetricDataQueries: [
          query('requests', 'RequestCount', 'Sum'),
          query('target5xx', 'HTTPCode_Target_5XX_Count', 'Sum'),
          query('p50', 'TargetResponseTime', 'p50'),
          query('p95', 'TargetResponseTime', 'p95'),
          query('healthy', 'HealthyHostCount', 'Maximum', [TG_DIM, LB_DIM]),
        ],
      }),
    );
    const total = (id: string) => (out.MetricDataResults ?? []).find((r) => r.Id === id)?.Values?.reduce((a, b) => a + b, 0);
    const single = (id: string) => (out.MetricDataResults ?? []).find((r) => r.Id === id)?.Values;
    expect(total('requests')).toBe(101);
    expect(total('target5xx')).toBe(1);
    expect(single('healthy')).toEqual([1]);
    // 90 of 101 answers are immediate and 10 take 250 ms: the median is fast, p95 is slow.
    const [p50] = single('p50') ?? [];
    const [p95] = single('p95') ?? [];
    expect(p50).toBeLessThan(0.1);
    expect(p95).toBeGreaterThanOrEqual(0.24);
    expect(p95).toBeLessThan(2);
  });
});
