// One iteration of the request mix, shared by api-mix, monthly and capacity: pick the class from the schedule,
// pick the endpoint within the class (classes with several endpoints take turns), call it, then pause.
import { sleep } from 'k6';
import { callEndpoint, endpointsOf } from './catalogue.ts';
import { pickCategory } from './mix.ts';
import type { Category } from './slo.ts';
import type { ScenarioParams } from './params.ts';

// Per VU (each VU has its own copy of module state): how often this VU has visited each class.
const visits: Partial<Record<Category, number>> = {};

export function mixIteration(params: ScenarioParams, schedule: readonly Category[], vu: number, iteration: number): void {
  const category = pickCategory(schedule, vu, iteration);
  const endpoints = endpointsOf(category);
  const visit = visits[category] ?? 0;
  visits[category] = visit + 1;
  const endpoint = endpoints[visit % endpoints.length];
  if (endpoint) callEndpoint(endpoint, params);
}

/** A pause of thinkTimeMs on average (uniform in [0.5x, 1.5x]) so VUs do not march in lockstep. */
export function thinkTime(params: ScenarioParams): void {
  if (params.thinkTimeMs > 0) sleep((params.thinkTimeMs * (0.5 + Math.random())) / 1000);
}
