// A weighted mix over the whole endpoint catalogue, each request tagged with its SLO class, thresholds per class
// from the SLO table, stages from the experiment (the harness passes them) or a 2m45s default.
//   k6 run scenarios/api-mix.ts -e BASE_URL=http://127.0.0.1:8080
//   k6 run scenarios/api-mix.ts -e BASE_URL=... -e STAGES='[{"duration":"20s","target":5}]' -e THINK_TIME_MS=500
import type { Options } from 'k6/options';
import { loadParams } from './lib/config.ts';
import { mixIteration, thinkTime } from './lib/mix-iteration.ts';
import { mixSchedule } from './lib/mix.ts';
import { REQUEST_TARGETS, sloThresholds } from './lib/slo.ts';
import { weightedCategories } from './lib/params.ts';

const params = loadParams();
const schedule = mixSchedule(params.weights);

export const options: Options = {
  scenarios: {
    'api-mix': { executor: 'ramping-vus', startVUs: 0, stages: params.stages, gracefulRampDown: '10s' },
  },
  thresholds: {
    ...sloThresholds(weightedCategories(params.weights)),
    http_req_failed: [`rate<${REQUEST_TARGETS.maxFailedRate}`],
  },
};

export default function apiMix(): void {
  mixIteration(params, schedule, __VU, __ITER);
  thinkTime(params);
}
