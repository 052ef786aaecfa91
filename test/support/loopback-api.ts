// A tiny stand-in for the reference API on 127.0.0.1: every path of the endpoint catalogue with the contract's
// status codes and body shapes, and a small fixed latency per SLO class so the classes are distinguishable in the
// evidence. No database: the k6 runner, the scenarios and the evidence pipeline are tested against it, and the
// sandbox-based tests cover the real service.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Category } from '../../scenarios/lib/slo.ts';

export type Latencies = Record<Category, number>;

/** Fixed latencies (ms) per class: distinct, and well under the SLOs so thresholds pass. */
export const DEFAULT_LATENCIES: Latencies = { 'read-simple': 2, 'read-complex': 8, 'write-simple': 5, 'write-complex': 12, export: 40 };

export interface LoopbackApi {
  url: string;
  port: number;
  /** Requests served per class (health and unknown paths are not counted). */
  counts: Record<Category, number>;
  /** Change the latency of a class while the server runs. */
  latencies: Latencies;
  /** Answer every request of a class with this status and an error body instead (e.g. 503), while set. */
  failures: Partial<Record<Category, number>>;
  close(): Promise<void>;
}

const ORGS = 10;
const orgOf = (id: number) => ((id - 1) % ORGS) + 1;

/** Per-server state, so two servers in one process do not share ids or bookings. */
interface State {
  nextId: number;
  booked: Set<string>;
}

interface Route {
  category: Category;
  handle(match: RegExpExecArray, url: URL, org: number, body: string, state: State): [number, unknown];
}

function routeFor(method: string, path: string): [Route, RegExpExecArray] | undefined {
  for (const [m, pattern, route] of ROUTES) {
    const match = m === method ? pattern.exec(path) : null;
    if (match) return [route, match];
  }
  return undefined;
}

const ROUTES: Array<[string, RegExp, Route]> = [
  ['GET', /^\/v1\/patients\/(\d+)$/, {
    category: 'read-simple',
    handle: (m, _u, org) => {
      const id = Number(m[1]);
      return orgOf(id) === org ? [200, { id, orgId: org, name: `Patient ${id}`, birthDate: '1980-01-01' }] : [404, { error: 'not_found', message: `patient ${id} not found` }];
    },
  }],
  ['GET', /^\/v1\/patients$/, {
    category: 'read-complex',
    handle: (_m, url, org) => [200, { items: [{ id: org, name: `${url.searchParams.get('q') ?? ''}x`, upcomingCount: 1 }], count: 1 }],
  }],
  ['GET', /^\/v1\/specialists\/(\d+)\/schedule$/, {
    category: 'read-complex',
    handle: (m) => [200, { specialist: { id: Number(m[1]) }, appointments: [], truncated: false }],
  }],
  ['POST', /^\/v1\/patients$/, {
    category: 'write-simple',
    handle: (_m, _u, org, _b, state) => [201, { id: state.nextId++, orgId: org }],
  }],
  ['POST', /^\/v1\/appointments$/, {
    category: 'write-complex',
    handle: (_m, _u, _org, body, state) => {
      const input = JSON.parse(body) as { specialistId?: number; startsAt?: string };
      const slot = `${input.specialistId}/${input.startsAt}`;
      if (state.booked.has(slot)) return [409, { error: 'overlap', message: 'the specialist is booked at that time' }];
      state.booked.add(slot);
      return [201, { id: state.nextId++ }];
    },
  }],
  ['GET', /^\/v1\/exports\/appointments$/, {
    category: 'export',
    handle: (_m, url, org) => [200, { orgId: org, month: url.searchParams.get('month'), totals: { appointments: 3 }, bySpecialist: [], byDay: [] }],
  }],
];

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function handle(req: IncomingMessage, res: ServerResponse, body: string, api: LoopbackApi, state: State): void {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  if (url.pathname === '/health') return send(res, 200, { status: 'healthy', pool: { total: 1, acquired: 0, idle: 1, waiting: 0, max: 10, utilization_pct: 0 } });
  if (url.pathname === '/health/ready') return send(res, 200, { status: 'ready' });
  const found = routeFor(req.method ?? 'GET', url.pathname);
  if (!found) return send(res, 404, { error: 'not_found', message: `no route ${req.method} ${url.pathname}` });
  const [route, match] = found;
  const org = Number(req.headers['x-org-id']);
  if (!Number.isInteger(org) || org < 1) return send(res, 400, { error: 'missing_org', message: 'X-Org-Id header is required' });
  api.counts[route.category] += 1;
  const failure = api.failures[route.category];
  const [status, payload] = failure ? [failure, { error: 'injected', message: `the loopback API fails ${route.category} on purpose` }] : route.handle(match, url, org, body, state);
  const delay = api.latencies[route.category];
  if (delay > 0) setTimeout(() => send(res, status, payload), delay);
  else send(res, status, payload);
}

export async function startLoopbackApi(options: { port?: number; latencies?: Partial<Latencies>; failures?: Partial<Record<Category, number>> } = {}): Promise<LoopbackApi> {
  const api = {
    counts: { 'read-simple': 0, 'read-complex': 0, 'write-simple': 0, 'write-complex': 0, export: 0 },
    latencies: { ...DEFAULT_LATENCIES, ...options.latencies },
    failures: { ...options.failures },
  } as LoopbackApi;
  const state: State = { nextId: 1_000_000, booked: new Set() };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        handle(req, res, Buffer.concat(chunks).toString('utf8'), api, state);
      } catch (err) {
        send(res, 400, { error: 'bad_request', message: String(err) });
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  api.port = port;
  api.url = `http://127.0.0.1:${port}`;
  api.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return api;
}
