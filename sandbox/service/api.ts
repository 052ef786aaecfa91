// Dispatch for the /v1 catalogue: validate without the database, then run the route in the request's RLS
// transaction under the route's request and query timeouts.
import type { IncomingMessage } from 'node:http';
import type { ServiceConfig } from './config.ts';
import { errorReply, HttpError } from './errors.ts';
import { readJsonBody } from './http.ts';
import { createAppointment } from './routes/booking.ts';
import { exportAppointments } from './routes/export.ts';
import { createPatient, getPatient, listPatients } from './routes/patients.ts';
import type { Reply, Route } from './routes/route.ts';
import { getSchedule } from './routes/schedule.ts';
import { withOrgTransaction, type TxDeps } from './transaction.ts';
import { orgIdHeader } from './validate.ts';

export const ROUTES: readonly Route[] = [getPatient, listPatients, createPatient, getSchedule, createAppointment, exportAppointments];

function findRoute(method: string, path: string): { route: Route; params: string[] } {
  let pathMatched = false;
  for (const route of ROUTES) {
    const m = route.path.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method === method) return { route, params: m.slice(1).map((p) => decodeURIComponent(p)) };
  }
  if (pathMatched) throw new HttpError(405, 'method_not_allowed', `${method} is not supported on ${path}`);
  throw new HttpError(404, 'not_found', `no endpoint ${method} ${path}`);
}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HttpError(504, 'request_timeout', `the request did not finish within ${ms} ms`)), ms);
  });
  // If the timeout wins, the work still finishes (its statement timeout bounds it) and releases its connection.
  work.catch(() => {});
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ApiDeps extends TxDeps {
  config: ServiceConfig;
  logError: (line: string) => void;
}

export async function handleApi(req: IncomingMessage, url: URL, deps: ApiDeps): Promise<Reply> {
  try {
    const { route, params } = findRoute(req.method ?? 'GET', url.pathname);
    const orgId = orgIdHeader(req.headers['x-org-id']);
    const body = route.method === 'POST' ? await readJsonBody(req) : undefined;
    const input = route.parse({ params, query: url.searchParams, body });
    const { config } = deps;
    const statementMs = route.long ? config.exportQueryTimeoutMs : config.queryTimeoutMs;
    const requestMs = route.long ? config.exportRequestTimeoutMs : config.requestTimeoutMs;
    return await withTimeout(withOrgTransaction(deps, orgId, statementMs, (tx) => route.run(tx, input, orgId)), requestMs);
  } catch (err) {
    const reply = errorReply(err);
    if (reply.status === 500) deps.logError(`internal error on ${req.method} ${url.pathname}: ${(err as Error).stack ?? String(err)}`);
    return reply;
  }
}
