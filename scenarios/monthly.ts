// The platform's monthly load test: ramp to 100 VUs over 2 min, hold 5 min, ramp to 200 over 2 min, hold 5 min,
// ramp down over 2 min, on the api-mix request mix. SCALE shortens every stage for local runs (0.05 -> 48 s).
//   k6 run scenarios/monthly.ts -e BASE_URL=... -e SCALE=0.05
import type { Options } from 'k6/options';
import { loadParams } from './lib/config.ts';
import { mixIteration, thinkTime } from './lib/mix-iteration.ts';
import { monthlyStages } from './lib/plans.ts';
import { mixSchedule } from './lib/mix.ts';
import { REQUEST_TARGETS, sloThresholds } from './lib/slo.ts';
import { weightedCategories } from './lib/params.ts';

const params = loadParams();
const schedule = mixSchedule(params.weights);

export const options: Options = {
  scenarios: { monthly: { executor: 'ramping-vus', startVUs: 0, stages: monthlyStages(params.scale), gracefulRampDown: '10s' } },
  thresholds: {
    http_req_duration: [`p(95)<${REQUEST_TARGETS.p95Ms}`, `p(99)<${REQUEST_TARGETS.p99Ms}`],
    http_req_failed: [`rate<${REQUEST_TARGETS.maxFailedRate}`],
    ...sloThresholds(weightedCategories(params.weights)),
  },
};

export default function monthly(): void {
  mixIteration(params, schedule, __VU, __ITER);
  thinkTime(params);
}
