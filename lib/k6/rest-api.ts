// The k6 REST API of one run (enabled with --address on a loopback port): status, stop, live metrics.
// https://grafana.com/docs/k6/latest/reference/k6-rest-api/ ; JSON:API documents.
import { createServer } from 'node:net';

/** lib.ExecutionStatus in k6 v2: 7 = Running, 8 = Teardown, 9 = Ended. */
export const EXECUTION_RUNNING = 7;

export interface K6Status {
  status: number;
  running: boolean;
  stopped: boolean;
  paused: boolean;
  vus: number;
  vusMax: number;
  tainted: boolean;
}

/** The samples the REST API reports per metric: counters {count, rate}, rates {rate}, trends {avg, p(95), ...}. */
export type K6MetricSample = Record<string, number>;

/** A free TCP port on 127.0.0.1 (the OS picks it; k6 binds it right after, a race the runner retries on). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export class K6RestApi {
  readonly url: string;

  constructor(
    readonly port: number,
    private readonly timeoutMs = 2000,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  /** The run's status, or undefined when the API does not answer (not up yet, or k6 has exited). */
  async status(): Promise<K6Status | undefined> {
    const body = (await this.request('GET', '/v1/status')) as { data?: { attributes?: Record<string, unknown> } } | undefined;
    const a = body?.data?.attributes;
    if (!a) return undefined;
    return {
      status: Number(a.status),
      running: a.running === true,
      stopped: a.stopped === true,
      paused: a.paused === true,
      vus: Number(a.vus ?? 0),
      vusMax: Number(a['vus-max'] ?? 0),
      tainted: a.tainted === true,
    };
  }

  /** Ask k6 to stop the test (it then runs teardown and the summary and exits with code 103). */
  async stop(): Promise<boolean> {
    const body = await this.request('PATCH', '/v1/status', { data: { type: 'status', id: 'default', attributes: { stopped: true } } });
    return body !== undefined;
  }

  /**
   * One metric's current sample (e.g. `http_reqs`, `http_req_failed`); undefined when unreachable or unknown.
   * Counters and rates are cheap for k6 to report; a trend makes k6 sort all its values under the metrics lock.
   */
  async metric(id: string): Promise<K6MetricSample | undefined> {
    const body = (await this.request('GET', `/v1/metrics/${encodeURIComponent(id)}`)) as { data?: { attributes?: { sample?: K6MetricSample } } } | undefined;
    return body?.data?.attributes?.sample;
  }

  /**
   * Every metric's current sample by name (sub-metrics as `name{tag:value}`); undefined when unreachable.
   * Expensive during a run: k6 sorts every trend's values (millions, late in a long run) under the lock its
   * metrics engine needs, so the runner never polls this; use metric() for the figures you need.
   */
  async metrics(): Promise<Map<string, K6MetricSample> | undefined> {
    const body = (await this.request('GET', '/v1/metrics')) as { data?: Array<{ id: string; attributes?: { sample?: K6MetricSample } }> } | undefined;
    if (!body?.data) return undefined;
    return new Map(body.data.map((m) => [m.id, m.attributes?.sample ?? {}]));
  }

  private async request(method: string, path: string, payload?: unknown): Promise<unknown> {
    try {
      const res = await fetch(`${this.url}${path}`, {
        method,
        headers: payload ? { 'Content-Type': 'application/json' } : undefined,
        body: payload ? JSON.stringify(payload) : undefined,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (!res.ok) return undefined;
      return await res.json();
    } catch {
      return undefined;
    }
  }
}
