// The reference API's endpoint catalogue (shared/design contracts): one function per endpoint that sends a valid
// request for the seed data, tags it with its SLO class and checks status and body. Ids follow the seed contract:
// patients 1..P and specialists 1..S belong to organisation ((id-1) % O) + 1.
import http, { type RefinedResponse, type ResponseType } from 'k6/http';
import { check } from 'k6';
import type { Category } from './slo.ts';
import type { ScenarioParams, SeedSpec } from './params.ts';

export interface Endpoint {
  /** Stable name, used as the prefix of its check names. */
  name: string;
  category: Category;
  /** The route with placeholders: the `name` tag that groups its URLs (each id would be a new k6 time series). */
  route: string;
  /** Send one valid request for the seed data, tagged with `tags`. */
  send(baseUrl: string, seed: SeedSpec, tags: Record<string, string>): Response;
  statusOk(status: number): boolean;
  /** Judged only when the status is ok. */
  bodyOk(res: Response): boolean;
}

type Response = RefinedResponse<ResponseType | undefined>;

const randomInt = (min: number, max: number) => min + Math.floor(Math.random() * (max - min + 1));
const orgOf = (id: number, seed: SeedSpec) => ((id - 1) % seed.organisations) + 1;
const pad = (n: number) => String(n).padStart(2, '0');

/** A random id in 1..count that belongs to `org` (ids of one org are org, org+O, org+2O, ...). */
function idInOrg(org: number, count: number, seed: SeedSpec): number {
  const perOrg = Math.floor((count - org) / seed.organisations) + 1;
  return org + seed.organisations * randomInt(0, perOrg - 1);
}

/** The seeded months (12 around June 2026). */
const MONTHS = ['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
const NAME_PREFIXES = ['a', 'al', 'b', 'ca', 'd', 'el', 'gr', 'j', 'ma', 'no', 'o', 'ro', 'sa', 'v'];

function headers(org: number, json = false): Record<string, string> {
  return json ? { 'X-Org-Id': String(org), 'Content-Type': 'application/json' } : { 'X-Org-Id': String(org) };
}

// The class tag, plus the route as `name` when URLs must be grouped: a standalone k6 run tags every sample with
// its URL, and unique ids in URLs make a new time series per request. Under the firedrill runner k6 records no
// url/name system tags, so the runner turns grouping off: every tag costs throughput on each of the ~15 samples
// k6 records per request (see lib/evidence/README.md).
function tags(endpoint: Endpoint, groupUrls: boolean): Record<string, string> {
  return groupUrls ? { category: endpoint.category, name: endpoint.route } : { category: endpoint.category };
}

function jsonBody(res: Response): unknown {
  try {
    return res.json();
  } catch {
    return undefined;
  }
}

const hasId = (res: Response) => {
  const body = jsonBody(res);
  return typeof body === 'object' && body !== null && 'id' in body;
};
/** The body is a JSON object whose `field` is a list (`list`) or present at all. */
const hasField = (field: string, list = false) => (res: Response) => {
  const body = jsonBody(res);
  if (typeof body !== 'object' || body === null || !(field in body)) return false;
  return !list || Array.isArray((body as Record<string, unknown>)[field]);
};

/** Send one request to `endpoint` and check its status and body. */
export function callEndpoint(endpoint: Endpoint, params: ScenarioParams): Response {
  const res = endpoint.send(params.baseUrl, params.seed, tags(endpoint, params.groupUrls));
  check(res, {
    [`${endpoint.name} status`]: (r) => endpoint.statusOk(r.status),
    // A body check only means something on a success; an error body is judged by the status check.
    [`${endpoint.name} body`]: (r) => !endpoint.statusOk(r.status) || endpoint.bodyOk(r),
  });
  return res;
}

const is = (...statuses: number[]) => (status: number) => statuses.includes(status);

export const getPatient: Endpoint = {
  name: 'get-patient',
  category: 'read-simple',
  route: 'GET /v1/patients/:id',
  send(baseUrl, seed, tags) {
    const id = randomInt(1, seed.patients);
    return http.get(`${baseUrl}/v1/patients/${id}`, { headers: headers(orgOf(id, seed)), tags });
  },
  statusOk: is(200),
  bodyOk: hasId,
};

export const searchPatients: Endpoint = {
  name: 'search-patients',
  category: 'read-complex',
  route: 'GET /v1/patients?q=:prefix',
  send(baseUrl, seed, tags) {
    const q = NAME_PREFIXES[randomInt(0, NAME_PREFIXES.length - 1)] ?? 'a';
    return http.get(`${baseUrl}/v1/patients?q=${q}&limit=50`, { headers: headers(randomInt(1, seed.organisations)), tags });
  },
  statusOk: is(200),
  bodyOk: hasField('items', true),
};

export const specialistSchedule: Endpoint = {
  name: 'specialist-schedule',
  category: 'read-complex',
  route: 'GET /v1/specialists/:id/schedule',
  send(baseUrl, seed, tags) {
    const id = randomInt(1, seed.specialists);
    const from = new Date(Date.UTC(2025, 11, 1) + randomInt(0, 350) * 86_400_000);
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const url = `${baseUrl}/v1/specialists/${id}/schedule?from=${from.toISOString()}&to=${to.toISOString()}`;
    return http.get(url, { headers: headers(orgOf(id, seed)), tags });
  },
  statusOk: is(200),
  bodyOk: hasField('appointments', true),
};

export const createPatient: Endpoint = {
  name: 'create-patient',
  category: 'write-simple',
  route: 'POST /v1/patients',
  send(baseUrl, seed, tags) {
    const birthDate = `${randomInt(1940, 2020)}-${pad(randomInt(1, 12))}-${pad(randomInt(1, 28))}`;
    const body = JSON.stringify({ name: `Load Test ${randomInt(1, 1_000_000)}`, birthDate });
    return http.post(`${baseUrl}/v1/patients`, body, { headers: headers(randomInt(1, seed.organisations), true), tags });
  },
  statusOk: is(201),
  bodyOk: hasId,
};

// 409 is the booking's business answer to an overlap, not a failure of the service.
const BOOKING_STATUSES = http.expectedStatuses({ min: 200, max: 399 }, 409);

export const bookAppointment: Endpoint = {
  name: 'book-appointment',
  category: 'write-complex',
  route: 'POST /v1/appointments',
  send(baseUrl, seed, tags) {
    const specialistId = randomInt(1, seed.specialists);
    const org = orgOf(specialistId, seed);
    // Slots in 2027, after the seeded year, so overlaps come only from the load itself.
    const day = Date.UTC(2027, 0, 1) + randomInt(0, 364) * 86_400_000;
    const startsAt = new Date(day + randomInt(8, 17) * 3_600_000 + randomInt(0, 3) * 900_000);
    const body = JSON.stringify({
      patientId: idInOrg(org, seed.patients, seed),
      specialistId,
      startsAt: startsAt.toISOString(),
      durationMin: 30,
      form: { kind: 'intake', answers: { reason: 'check-up', painScore: randomInt(0, 10), newPatient: false } },
    });
    return http.post(`${baseUrl}/v1/appointments`, body, { headers: headers(org, true), tags, responseCallback: BOOKING_STATUSES });
  },
  statusOk: is(201, 409),
  bodyOk: (res) => res.status === 409 || hasId(res),
};

export const monthlyExport: Endpoint = {
  name: 'monthly-export',
  category: 'export',
  route: 'GET /v1/exports/appointments',
  send(baseUrl, seed, tags) {
    const month = MONTHS[randomInt(0, MONTHS.length - 1)] ?? '2026-06';
    // The platform gives exports 2 minutes; k6's default 60 s would cut a slow export short and hide it.
    return http.get(`${baseUrl}/v1/exports/appointments?month=${month}`, { headers: headers(randomInt(1, seed.organisations)), tags, timeout: '120s' });
  },
  statusOk: is(200),
  bodyOk: hasField('totals'),
};

/** Every endpoint, grouped by class in catalogue order. */
export const CATALOGUE: readonly Endpoint[] = [getPatient, searchPatients, specialistSchedule, createPatient, bookAppointment, monthlyExport];

export function endpointsOf(category: Category): Endpoint[] {
  return CATALOGUE.filter((e) => e.category === category);
}
