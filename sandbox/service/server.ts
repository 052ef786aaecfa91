// The reference API: wiring (pool, health, metrics, routes) and lifecycle (listen, drain, close).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi, type ApiDeps } from './api.ts';
import type { ServiceConfig } from './config.ts';
import { errorReply } from './errors.ts';
import { DbHealth, healthReport } from './health.ts';
import { sendJson } from './http.ts';
import { MetricsRecorder } from './metrics.ts';
import { MetricsPublisher } from './metrics-publisher.ts';
import { InstrumentedPool } from './pool.ts';
import { DbProbe } from './probe.ts';

export interface ServiceLogger {
  info(line: string): void;
  error(line: string): void;
}

export interface RunningService {
  port: number;
  url: string;
  pool: InstrumentedPool;
  /** Stop accepting, let in-flight requests finish (bounded), flush metrics, close the pool. */
  close(): Promise<void>;
}

const consoleLogger: ServiceLogger = { info: (l) => console.log(l), error: (l) => console.error(l) };

function wire(config: ServiceConfig, log: ServiceLogger) {
  const recorder = new MetricsRecorder();
  const health = new DbHealth((line) => log.error(`${config.serviceName}: ${line}`));
  const pool = new InstrumentedPool({
    databaseUrl: config.databaseUrl,
    max: config.poolMax,
    acquireTimeoutMs: config.acquireTimeoutMs,
    statementTimeoutMs: config.queryTimeoutMs,
    applicationName: `${config.serviceName}:${config.taskId}`,
    observer: {
      waited: () => recorder.count('PoolWaitCount'),
      timedOut: () => recorder.count('PoolTimeoutCount'),
      connectFailed: (err) => {
        recorder.count('DBConnectErrors');
        health.failed(err.message);
      },
      connected: () => health.ok(),
      level: (s) => recorder.poolLevel(s.acquired, s.utilization_pct),
    },
  });
  const publisher = new MetricsPublisher({
    recorder,
    serviceName: config.serviceName,
    region: config.awsRegion,
    endpoint: config.awsEndpointUrl,
    intervalMs: config.metricsIntervalMs,
    poolLevel: () => ({ acquired: pool.stats().acquired, utilizationPct: pool.stats().utilization_pct }),
    log: (line) => log.error(`${config.serviceName}: ${line}`),
  });
  const probe = new DbProbe(pool, health);
  return { recorder, health, pool, publisher, probe };
}

type Parts = ReturnType<typeof wire>;

/** Routes a request: the two health checks answer from local state/probe, everything else is the /v1 API. */
function requestHandler(parts: Parts, deps: ApiDeps, isDraining: () => boolean) {
  const { recorder, health, pool, probe } = parts;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://service.invalid');
    const headers: Record<string, string> = isDraining() ? { connection: 'close' } : {};
    if (url.pathname === '/health' && req.method === 'GET') {
      // Shallow: no pool slot needed, so it answers (degraded) even when every slot is taken.
      const report = healthReport(health.state, pool.stats(), health.lastError);
      sendJson(res, report.httpStatus, report.body, headers);
    } else if (url.pathname === '/health/ready' && req.method === 'GET') {
      const reply = await probe.ready();
      sendJson(res, reply.status, reply.body, headers);
    } else {
      const reply = await handleApi(req, url, deps);
      recorder.response(reply.status);
      sendJson(res, reply.status, reply.body, { ...(reply.headers ?? {}), ...headers });
    }
  };
}

export async function startService(config: ServiceConfig, log: ServiceLogger = consoleLogger): Promise<RunningService> {
  const parts = wire(config, log);
  const { recorder, health, pool, publisher, probe } = parts;
  const logError = (l: string) => log.error(`${config.serviceName}: ${l}`);
  const deps: ApiDeps = { pool, health, recorder, slowQueryMs: config.slowQueryMs, config, logError };
  if (pool.configurationProblem) health.failed(pool.configurationProblem);
  let inFlight = 0;
  let draining = false;
  const handle = requestHandler(parts, deps, () => draining);
  const server = createServer((req, res) => {
    inFlight += 1;
    res.once('close', () => (inFlight -= 1));
    handle(req, res).catch((err: unknown) => {
      logError(`unhandled error: ${(err as Error).stack ?? String(err)}`);
      const reply = errorReply(err);
      sendJson(res, reply.status, reply.body);
    });
  });
  server.requestTimeout = config.exportRequestTimeoutMs + 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  probe.start();
  publisher.start();

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + config.shutdownGraceMs;
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections();
      await closed;
      probe.stop();
      await publisher.stop();
      await Promise.race([pool.end(), new Promise((r) => setTimeout(r, 5_000).unref())]);
    })());
  return { port, url: `http://127.0.0.1:${port}`, pool, close };
}
