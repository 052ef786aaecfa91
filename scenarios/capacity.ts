// Capacity search: the api-mix request mix at a stepped arrival rate (open model: requests keep arriving even when
// the service slows down), to find the knee, i.e. the step where p99 degrades and the step where errors pass a
// limit. The harness cuts the evidence into one window per step (lib/evidence/capacity.ts) for the capacity table.
//   k6 run scenarios/capacity.ts -e BASE_URL=... -e CAPACITY='{"startRate":20,"stepRate":20,"steps":5}'
import exec from 'k6/execution';
import type { Options } from 'k6/options';
import { loadParams } from './lib/config.ts';
import { mixIteration } from './lib/mix-iteration.ts';
import { capacityStages } from './lib/plans.ts';
import { mixSchedule } from './lib/mix.ts';
import { reportOnlyThresholds } from './lib/slo.ts';
import { weightedCategories } from './lib/params.ts';

const params = loadParams();
const schedule = mixSchedule(params.weights);
const spec = params.capacity;

export const options: Options = {
  scenarios: {
    capacity: {
      executor: 'ramping-arrival-rate',
      startRate: 0,
      timeUnit: '1s',
      preAllocatedVUs: spec.preAllocatedVUs,
      maxVUs: spec.maxVUs,
      stages: capacityStages(spec),
    },
  },
  // Measured, not judged: past the knee the SLOs are expected to break. These make k6 summarise each class.
  thresholds: reportOnlyThresholds(weightedCategories(params.weights)),
};

export default function capacity(): void {
  mixIteration(params, schedule, 1, exec.scenario.iterationInTest);
}
