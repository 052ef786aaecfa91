// The sandbox load balancer over real sockets on 127.0.0.1: health checks, routing, ELB errors, draining.
import { createServer, request, type Server } from 'node:http';
import { createServer as createNetServer, connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startLoadBalancer, type LoadBalancer, type LoadBalancerOptions, type TargetState } from '../../../sandbox/lb/index.ts';

interface FakeTask {
  id: string;
  port: number;
  /** Status /health answers with; tests flip it. */
  healthStatus: number;
  /** Health checks served, split by the status given. */
  healthPasses: number;
  healthFailures: number;
  /** Non-health requests served (counted when they arrive). */
  served: number;
  close(): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in for one ECS task: /health answers healthStatus, /slow?ms=N waits, anything else echoes. */
async function startTask(id: string): Promise<FakeTask> {
  const task = { id, port: 0, healthStatus: 200, healthPasses: 0, healthFailures: 0, served: 0 } as FakeTask;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/health') {
      if (task.healthStatus === 200) task.healthPasses++;
      else task.healthFailures++;
      res.writeHead(task.healthStatus, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    task.served++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const reply = () =>
        res.writeHead(url.pathname === '/missing' ? 404 : 200, { 'content-type': 'application/json', 'x-task': id }).end(
          JSON.stringify({ task: id, method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString() }),
        );
      const ms = Number(url.searchParams.get('ms') ?? 0);
      if (ms > 0) setTimeout(reply, ms);
      else reply();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  task.port = (server.address() as AddressInfo).port;
  task.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  cleanups.push(() => task.close());
  return task;
}

const FAST_CHECKS = { intervalMs: 150, timeoutMs: 100, healthyThreshold: 2, unhealthyThreshold: 3 };

async function startLb(options: LoadBalancerOptions = {}): Promise<LoadBalancer> {
  const lb = await startLoadBalancer({ healthCheck: FAST_CHECKS, ...options });
  cleanups.push(() => lb.close());
  return lb;
}

function register(lb: LoadBalancer, task: FakeTask): void {
  lb.registerTarget({ id: task.id, host: '127.0.0.1', port: task.port });
}

async function waitFor(what: string, cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForState(lb: LoadBalancer, id: string, state: TargetState, timeoutMs = 5000): Promise<void> {
  await waitFor(`${id} to be ${state} (is ${lb.targetHealth(id)})`, () => lb.targetHealth(id) === state, timeoutMs);
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: () => { task: string; method: string; url: string; headers: Record<string, string>; body: string };
}

function send(lb: LoadBalancer, path: string, init: { method?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${lb.url}${path}`, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
      });
    });
    req.on('error', reject);
    req.end(init.body);
  });
}

async function freePort(): Promise<number> {
  const s = createNetServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

describe('health checks', () => {
  it('a new target gets no traffic until its first passing check, then serves', async () => {
    const lb = await startLb({ healthCheck: { ...FAST_CHECKS, unhealthyThreshold: 10 } });
    const task = await startTask('t1');
    task.healthStatus = 503;
    const changes: Array<[TargetState, TargetState, number]> = [];
    lb.onHealthChange((id, from, to) => changes.push([from, to, task.healthPasses]));
    register(lb, task);
    await waitFor('two failed checks', () => task.healthFailures >= 2);
    expect(lb.targetHealth('t1')).toBe('initial');
    const early = await send(lb, '/v1/patients/1');
    expect(early.status).toBe(503);
    expect(early.headers.server).toBe('awselb/2.0');
    expect(task.served).toBe(0);

    task.healthStatus = 200;
    await waitForState(lb, 't1', 'healthy');
    // AWS: a newly registered target needs one passing check, whatever HealthyThresholdCount is.
    expect(changes).toEqual([['unused', 'initial', 0], ['initial', 'healthy', 1]]);
    const reply = await send(lb, '/v1/patients/1');
    expect(reply.status).toBe(200);
    expect(reply.json().task).toBe('t1');
  });

  it('a failing target turns unhealthy after unhealthyThreshold checks, loses its traffic, and returns after healthyThreshold', async () => {
    const lb = await startLb();
    const [a, b] = [await startTask('a'), await startTask('b')];
    register(lb, a);
    register(lb, b);
    await waitForState(lb, 'a', 'healthy');
    await waitForState(lb, 'b', 'healthy');
    const seen: Array<[string, TargetState, number, number]> = [];
    lb.onHealthChange((id, _from, to) => seen.push([id, to, a.healthFailures, a.healthPasses]));

    a.healthStatus = 500;
    await waitForState(lb, 'a', 'unhealthy');
    expect(seen[0]).toEqual(['a', 'unhealthy', FAST_CHECKS.unhealthyThreshold, expect.any(Number)]);
    expect(lb.targets().find((t) => t.id === 'a')).toMatchObject({ reason: 'Target.ResponseCodeMismatch', description: 'Health checks failed with these codes: [500]' });
    const servedBefore = a.served;
    const replies = await Promise.all(Array.from({ length: 6 }, () => send(lb, '/x')));
    expect(replies.map((r) => r.json().task)).toEqual(['b', 'b', 'b', 'b', 'b', 'b']);
    expect(a.served).toBe(servedBefore);

    const passesBefore = a.healthPasses;
    a.healthStatus = 200;
    await waitForState(lb, 'a', 'healthy');
    expect(seen[1]).toEqual(['a', 'healthy', expect.any(Number), passesBefore + FAST_CHECKS.healthyThreshold]);
  });

  it('a health check that times out fails with Target.Timeout', async () => {
    const lb = await startLb();
    const silent = createNetServer((socket) => cleanups.push(async () => void socket.destroy())); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => silent.close(() => resolve())));
    lb.registerTarget({ id: 'mute', host: '127.0.0.1', port: (silent.address() as AddressInfo).port });
    await waitForState(lb, 'mute', 'unhealthy');
    expect(lb.targets()[0]).toMatchObject({ reason: 'Target.Timeout' });
  });
});

describe('routing', () => {
  it('round-robins across healthy targets and forwards method, path, headers and body', async () => {
    const lb = await startLb();
    const [a, b] = [await startTask('a'), await startTask('b')];
    register(lb, a);
    register(lb, b);
    await waitForState(lb, 'a', 'healthy');
    await waitForState(lb, 'b', 'healthy');
    const order: string[] = [];
    for (let i = 0; i < 8; i++) order.push((await send(lb, '/v1/patients?q=An&limit=50')).json().task);
    expect(order.filter((t) => t === 'a')).toHaveLength(4);
    for (let i = 1; i < order.length; i++) expect(order[i]).not.toBe(order[i - 1]);

    const body = JSON.stringify({ name: 'Ada', birthDate: '1990-01-02', pad: 'x'.repeat(200_000) });
    const reply = await send(lb, '/v1/patients', { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-org-id': '3' } });
    const echoed = reply.json();
    expect(echoed).toMatchObject({ method: 'POST', url: '/v1/patients', body });
    expect(echoed.headers).toMatchObject({ 'x-org-id': '3', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-port': String(lb.port) });
    expect(echoed.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(reply.headers['x-task']).toBe(echoed.task);
    expect((await send(lb, '/missing')).status).toBe(404);
  });

  it('answers 503 itself when no target is registered', async () => {
    const lb = await startLb();
    const reply = await send(lb, '/v1/patients/1');
    expect(reply.status).toBe(503);
    expect(reply.headers.server).toBe('awselb/2.0');
    expect(reply.body).toContain('503 Service Temporarily Unavailable');
  });

  it('fails open to unhealthy targets, and a dead target port gives 502', async () => {
    const lb = await startLb();
    lb.registerTarget({ id: 'dead', host: '127.0.0.1', port: await freePort() });
    await waitForState(lb, 'dead', 'unhealthy');
    expect(lb.targets()[0]).toMatchObject({ reason: 'Target.FailedHealthChecks' });
    const reply = await send(lb, '/v1/patients/1');
    expect(reply.status).toBe(502);
    expect(reply.headers.server).toBe('awselb/2.0');
  });

  it('a healthy target that dies gives 502 until health checks take it out', async () => {
    const lb = await startLb();
    const task = await startTask('t1');
    register(lb, task);
    await waitForState(lb, 't1', 'healthy');
    expect((await send(lb, '/x')).status).toBe(200);
    await task.close();
    expect((await send(lb, '/x')).status).toBe(502);
  });

  it('a target silent for the idle timeout gives 504', async () => {
    const lb = await startLb({ idleTimeoutMs: 300 });
    const task = await startTask('slow');
    register(lb, task);
    await waitForState(lb, 'slow', 'healthy');
    const started = Date.now();
    const reply = await send(lb, '/slow?ms=3000');
    const elapsed = Date.now() - started;
    expect(reply.status).toBe(504);
    expect(reply.headers.server).toBe('awselb/2.0');
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(2000);
  });

  it('refuses requests beyond maxInFlight with 503', async () => {
    const lb = await startLb({ maxInFlight: 2 });
    const task = await startTask('t1');
    register(lb, task);
    await waitForState(lb, 't1', 'healthy');
    const slow = [send(lb, '/slow?ms=600'), send(lb, '/slow?ms=600')];
    await waitFor('two requests in flight', () => task.served === 2);
    expect((await send(lb, '/x')).status).toBe(503);
    expect((await Promise.all(slow)).map((r) => r.status)).toEqual([200, 200]);
    expect((await send(lb, '/x')).status).toBe(200);
  });
});

describe('deregistration (connection draining)', () => {
  it('lets an in-flight request finish while new requests go elsewhere, then removes the target', async () => {
    const lb = await startLb({ deregistrationDelayMs: 10_000 });
    const [a, b] = [await startTask('a'), await startTask('b')];
    register(lb, a);
    await waitForState(lb, 'a', 'healthy');
    const slow = send(lb, '/slow?ms=800');
    await waitFor('the slow request to reach a', () => a.served === 1);
    register(lb, b);
    await waitForState(lb, 'b', 'healthy');

    const started = Date.now();
    let drainedAt = 0;
    const drained = lb.deregisterTarget('a').then(() => (drainedAt = Date.now()));
    expect(lb.targetHealth('a')).toBe('draining');
    const during = await Promise.all(Array.from({ length: 4 }, () => send(lb, '/x')));
    expect(during.map((r) => r.json().task)).toEqual(['b', 'b', 'b', 'b']);
    expect(drainedAt).toBe(0);

    const slowReply = await slow;
    expect(slowReply.status).toBe(200);
    expect(slowReply.json().task).toBe('a');
    await drained;
    expect(drainedAt - started).toBeLessThan(5000);
    expect(lb.targetHealth('a')).toBe('unused');
    expect(lb.targets().map((t) => t.id)).toEqual(['b']);
  });

  it('cuts requests still running when the deregistration delay expires', async () => {
    const lb = await startLb({ deregistrationDelayMs: 300 });
    const task = await startTask('a');
    register(lb, task);
    await waitForState(lb, 'a', 'healthy');
    const slow = send(lb, '/slow?ms=5000').then((r) => r.status, () => 'connection error');
    await waitFor('the slow request to reach a', () => task.served === 1);
    const started = Date.now();
    await lb.deregisterTarget('a');
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(280);
    expect(elapsed).toBeLessThan(3000);
    expect(await slow).toBe(502);
  });

  it('completes at once when nothing is in flight', async () => {
    const lb = await startLb({ deregistrationDelayMs: 60_000 });
    const task = await startTask('a');
    register(lb, task);
    await waitForState(lb, 'a', 'healthy');
    const started = Date.now();
    await lb.deregisterTarget('a');
    expect(Date.now() - started).toBeLessThan(1000);
    const checks = task.healthPasses;
    await new Promise((r) => setTimeout(r, FAST_CHECKS.intervalMs * 3));
    expect(task.healthPasses).toBe(checks); // no more health checks once removed
  });
});

describe('close', () => {
  it('frees the listening port and cuts open client connections', async () => {
    const lb = await startLoadBalancer({ healthCheck: FAST_CHECKS });
    const task = await startTask('t1');
    register(lb, task);
    await waitForState(lb, 't1', 'healthy');
    const pending = send(lb, '/slow?ms=5000').then((r) => r.status, () => 'connection error');
    await waitFor('the request to reach the task', () => task.served === 1);
    await lb.close();
    await lb.close();
    expect(await pending).not.toBe(200);
    const refused = await new Promise<string>((resolve) => {
      const socket = connect(lb.port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});
