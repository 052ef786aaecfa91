// Preflight smoke: 1 VU calls every endpoint of the catalogue once, plus both health checks. Any failed check
// fails the run (exit 99), so `firedrill run` refuses to start a drill against a target that cannot serve it.
//   k6 run scenarios/smoke.ts -e BASE_URL=http://127.0.0.1:8080
import http from 'k6/http';
import { check } from 'k6';
import type { Options } from 'k6/options';
import { loadParams } from './lib/config.ts';
import { CATALOGUE, callEndpoint } from './lib/catalogue.ts';

const params = loadParams();

export const options: Options = {
  scenarios: { smoke: { executor: 'per-vu-iterations', vus: 1, iterations: 1, maxDuration: '2m30s' } },
  thresholds: { checks: ['rate==1'] },
};

export default function smoke(): void {
  const health = http.get(`${params.baseUrl}/health`);
  check(health, { 'health status': (r) => r.status === 200 });
  const ready = http.get(`${params.baseUrl}/health/ready`);
  check(ready, { 'health/ready status': (r) => r.status === 200 });
  for (const endpoint of CATALOGUE) callEndpoint(endpoint, params);
}
