// ALB metrics from the sandbox load balancer, sent by the real @aws-sdk/client-cloudwatch to a loopback endpoint that
// records each PutMetricData body, exactly as the SDK put it on the wire.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoadBalancer, type LoadBalancer } from '../../../sandbox/lb/index.ts';

interface WireDatum {
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: string }>;
  Timestamp: number;
  Value?: number;
  Values?: number[];
  Counts?: number[];
  Unit: string;
  StorageResolution: number;
}
interface Recorded {
  target: string;
  contentType: string;
  gzip: boolean;
  body: { Namespace: string; MetricData: WireDatum[] };
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A CloudWatch stand-in that answers PutMetricData with success and keeps every decoded body. */
async function startRecorder(): Promise<{ url: string; requests: Recorded[] }> {
  const requests: Recorded[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const gzip = req.headers['content-encoding'] === 'gzip';
      const raw = Buffer.concat(chunks);
      const text = (gzip ? gunzipSync(raw) : raw).toString('utf8');
      requests.push({ target: String(req.headers['x-amz-target']), contentType: String(req.headers['content-type']), gzip, body: JSON.parse(text) });
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `req-${requests.length}` }).end('{}');
    });
  });
  return { url: await listen(server), requests };
}

/** One task: /health is 200, /work?ms=N answers after N ms, /missing is 404. */
async function startTask(): Promise<number> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const status = url.pathname === '/missing' ? 404 : 200;
    setTimeout(() => res.writeHead(status).end('ok'), Number(url.searchParams.get('ms') ?? 0));
  });
  const url = await listen(server);
  return Number(new URL(url).port);
}

function get(lb: LoadBalancer, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${lb.url}${path}`, { agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    })
      .on('error', reject)
      .end();
  });
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const credentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };
const healthCheck = { intervalMs: 150, timeoutMs: 100 };

describe('ALB metrics through the real CloudWatch SDK', () => {
  it('publishes counters, raw TargetResponseTime values and host counts in AWS/ApplicationELB', async () => {
    const recorder = await startRecorder();
    const lb = await startLoadBalancer({
      healthCheck,
      // A low compression floor makes the SDK gzip the bigger bodies, as it does for real ones from 10 KiB.
      metrics: { intervalMs: 500, cloudwatch: { endpoint: recorder.url, region: 'us-east-1', credentials, requestMinCompressionSizeBytes: 1024 } },
    });
    cleanups.push(() => lb.close());
    const startedSec = Date.now() / 1000;

    expect([await get(lb, '/v1/patients/1'), await get(lb, '/v1/patients/2')]).toEqual([503, 503]);
    lb.registerTarget({ id: 'task-1', host: '127.0.0.1', port: await startTask() });
    await waitFor('task-1 healthy', () => lb.targetHealth('task-1') === 'healthy');
    const statuses = await Promise.all(Array.from({ length: 300 }, (_, i) => get(lb, `/work?ms=${i}`)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(await get(lb, '/missing')).toBe(404);
    await waitFor('a publish on the timer', () => recorder.requests.length > 0);
    await lb.flushMetrics();
    const endedSec = Date.now() / 1000;

    expect(recorder.requests.every((r) => r.target === 'GraniteServiceVersion20100801.PutMetricData')).toBe(true);
    expect(recorder.requests.every((r) => r.body.Namespace === 'AWS/ApplicationELB')).toBe(true);
    expect(recorder.requests.some((r) => r.gzip)).toBe(true);
    const datums = recorder.requests.flatMap((r) => r.body.MetricData);
    const lbDims = [{ Name: 'LoadBalancer', Value: 'app/sandbox-alb/0000000000000000' }];
    for (const d of datums) {
      expect(d.StorageResolution).toBe(1);
      expect(d.Timestamp).toBeGreaterThanOrEqual(Math.floor(startedSec) - 1);
      expect(d.Timestamp).toBeLessThanOrEqual(endedSec + 1);
    }
    const of = (name: string) => datums.filter((d) => d.MetricName === name);
    const sum = (name: string) => of(name).reduce((total, d) => total + (d.Value ?? 0), 0);
    expect(sum('RequestCount')).toBe(301); // the two 503s had no target chosen, so ALB does not count them
    expect(sum('HTTPCode_Target_2XX_Count')).toBe(300);
    expect(sum('HTTPCode_Target_4XX_Count')).toBe(1);
    expect(sum('HTTPCode_ELB_5XX_Count')).toBe(2);
    expect(of('RequestCount').every((d) => JSON.stringify(d.Dimensions) === JSON.stringify(lbDims) && d.Unit === 'Count')).toBe(true);

    const times = of('TargetResponseTime');
    expect(times.every((d) => d.Unit === 'Seconds' && d.Values!.length === d.Counts!.length)).toBe(true);
    expect(times.every((d) => d.Values!.length <= 150 && new Set(d.Values).size === d.Values!.length)).toBe(true);
    expect(times.flatMap((d) => d.Counts!).reduce((a, b) => a + b, 0)).toBe(301);
    const values = times.flatMap((d) => d.Values!);
    expect(Math.max(...values)).toBeGreaterThanOrEqual(0.299);
    expect(Math.max(...values)).toBeLessThan(5);
    expect(new Set(values).size).toBeGreaterThan(150); // raw values, not one averaged figure

    const healthy = of('HealthyHostCount');
    expect(healthy.at(-1)).toMatchObject({ Value: 1, Dimensions: [{ Name: 'TargetGroup', Value: 'targetgroup/core-api/0000000000000000' }, ...lbDims] });
    expect(of('UnHealthyHostCount').at(-1)).toMatchObject({ Value: 0 });
  });

  it('keeps proxying when CloudWatch cannot be reached', async () => {
    const deadEndpoint = await startRecorder().then(async (r) => {
      await cleanups.pop()!(); // close it again: its port now refuses connections
      return r.url;
    });
    const errors: unknown[] = [];
    const lb = await startLoadBalancer({
      healthCheck,
      metrics: { intervalMs: 200, onError: (e) => errors.push(e), cloudwatch: { endpoint: deadEndpoint, region: 'us-east-1', credentials, maxAttempts: 1 } },
    });
    cleanups.push(() => lb.close());
    lb.registerTarget({ id: 'task-1', host: '127.0.0.1', port: await startTask() });
    await waitFor('task-1 healthy', () => lb.targetHealth('task-1') === 'healthy');
    for (let i = 0; i < 5; i++) {
      expect(await get(lb, '/work')).toBe(200);
      await new Promise((r) => setTimeout(r, 100));
    }
    await lb.flushMetrics();
    expect(lb.metricsStats()).toMatchObject({ requestsSent: 0 });
    expect(lb.metricsStats()!.requestsFailed).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBe(lb.metricsStats()!.requestsFailed);
  });
});
