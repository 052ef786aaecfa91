// The pure parts of scenarios/lib, which both k6 and the harness run.
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, stagesDurationMs } from '../../../scenarios/lib/duration.ts';
import { mixSchedule, pickCategory } from '../../../scenarios/lib/mix.ts';
import { DEFAULT_PARAMS, mergeParams, paramProblems, weightedCategories } from '../../../scenarios/lib/params.ts';
import { capacityStages, capacitySteps, monthlyStages, plannedLoadMs } from '../../../scenarios/lib/plans.ts';
import { CATEGORIES, reportOnlyThresholds, SLO_TABLE, sloThresholds, type Category } from '../../../scenarios/lib/slo.ts';

describe('durations', () => {
  it('parse the k6 forms and reject anything else', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('1h2m')).toBe(3_720_000);
    expect(parseDuration('1.5s')).toBe(1500);
    expect(parseDuration('45')).toBe(45_000);
    for (const bad of ['', 'soon', '10 s', '5d', '1m-3s']) expect(parseDuration(bad), bad).toBeUndefined();
  });

  it('format back to the shortest k6 string', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(3_600_000)).toBe('1h');
    expect(formatDuration(1500)).toBe('1500ms');
    expect(formatDuration(0)).toBe('0s');
    expect(stagesDurationMs([{ duration: '30s' }, { duration: '2m' }, { duration: '15s' }])).toBe(165_000);
  });
});

describe('SLO thresholds', () => {
  it('turn the SLO table into p95/p99 thresholds per class', () => {
    const thresholds = sloThresholds(['read-simple', 'export']);
    expect(thresholds).toEqual({
      'http_req_duration{category:read-simple}': ['p(95)<100', 'p(99)<200'],
      'http_req_duration{category:export}': ['p(95)<5000', 'p(99)<10000'],
    });
    expect(Object.keys(sloThresholds())).toHaveLength(CATEGORIES.length);
    expect(SLO_TABLE['write-complex']).toEqual({ p95Ms: 500, p99Ms: 1000 });
    expect(reportOnlyThresholds(['write-simple'])).toEqual({ 'http_req_duration{category:write-simple}': ['max>=0'] });
  });
});

describe('scenario parameters', () => {
  it('merge layers field by field over the defaults', () => {
    const params = mergeParams({ baseUrl: 'http://a:1/', weights: { export: 0 } }, { thinkTimeMs: 0, capacity: { steps: 3 } });
    expect(params.baseUrl).toBe('http://a:1');
    expect(params.weights).toEqual({ ...DEFAULT_PARAMS.weights, export: 0 });
    expect(params.capacity).toEqual({ ...DEFAULT_PARAMS.capacity, steps: 3 });
    expect(params.thinkTimeMs).toBe(0);
    expect(weightedCategories(params.weights)).not.toContain('export');
  });

  it('name every bad field with what was expected', () => {
    const problems = paramProblems({ stages: [{ duration: '10s', target: -1 }], thinkTimeMs: -5, scale: 0, capacity: { steps: 2.5 }, seed: { patients: 'many' }, groupUrls: 'yes' }, 'f.');
    expect(problems).toEqual([
      'f.stages[0].target: expected a whole number of VUs >= 0, got -1',
      'f.thinkTimeMs: expected a non-negative number, got -5',
      'f.scale: expected a positive number, got 0',
      'f.capacity.steps: expected a positive whole number, got 2.5',
      'f.seed.patients: expected a positive whole number, got "many"',
      'f.groupUrls: expected true or false, got "yes"',
    ]);
    expect(paramProblems({ stages: [] })[0]).toMatch(/non-empty list/);
  });
});

describe('the request mix', () => {
  const weights: Record<Category, number> = { 'read-simple': 45, 'read-complex': 25, 'write-simple': 12, 'write-complex': 15, export: 3 };

  it('follows the weights exactly over one cycle', () => {
    const schedule = mixSchedule(weights);
    expect(schedule).toHaveLength(100);
    const counts = Object.fromEntries(CATEGORIES.map((c) => [c, schedule.filter((s) => s === c).length]));
    expect(counts).toEqual(weights);
  });

  it('spreads each class evenly instead of bunching it', () => {
    const schedule = mixSchedule(weights);
    const positions = schedule.flatMap((c, i) => (c === 'export' ? [i] : []));
    const gaps = positions.slice(1).map((p, i) => p - (positions[i] as number));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(25);
  });

  it('reduces weights by their common divisor and leaves out zero weights', () => {
    expect(mixSchedule({ 'read-simple': 2, 'read-complex': 2, 'write-simple': 0, 'write-complex': 0, export: 0 })).toEqual(['read-simple', 'read-complex']);
    expect(mixSchedule({ 'read-simple': 0, 'read-complex': 0, 'write-simple': 0, 'write-complex': 0, export: 0 })).toEqual([]);
  });

  it('covers every weighted class within a few iterations of a handful of VUs', () => {
    const schedule = mixSchedule(weights);
    const seen = new Set<Category>();
    for (let vu = 1; vu <= 10; vu++) for (let iter = 0; iter < 10; iter++) seen.add(pickCategory(schedule, vu, iter));
    expect([...seen].sort()).toEqual([...CATEGORIES].sort());
    expect(() => pickCategory([], 1, 0)).toThrow(/the mix is empty/);
  });
});

describe('load plans', () => {
  it('step the arrival rate and place each hold after its ramp', () => {
    const spec = { ...DEFAULT_PARAMS.capacity, startRate: 10, stepRate: 20, steps: 3, stepDuration: '30s', rampDuration: '5s' };
    expect(capacitySteps(spec)).toEqual([
      { index: 0, rate: 10, holdStartMs: 5000, holdEndMs: 35_000 },
      { index: 1, rate: 30, holdStartMs: 40_000, holdEndMs: 70_000 },
      { index: 2, rate: 50, holdStartMs: 75_000, holdEndMs: 105_000 },
    ]);
    expect(capacityStages(spec).slice(0, 2)).toEqual([
      { duration: '5s', target: 10 },
      { duration: '30s', target: 10 },
    ]);
  });

  it('scale the monthly profile, keeping at least a second per stage', () => {
    expect(monthlyStages(1).map((s) => s.duration)).toEqual(['2m', '5m', '2m', '5m', '2m']);
    expect(monthlyStages(0.05).map((s) => s.duration)).toEqual(['6s', '15s', '6s', '15s', '6s']);
    expect(monthlyStages(0.001).every((s) => s.duration === '1s')).toBe(true);
    expect(plannedLoadMs('monthly', { ...DEFAULT_PARAMS, scale: 0.05 })).toBe(48_000);
    expect(plannedLoadMs('smoke', DEFAULT_PARAMS)).toBeUndefined();
  });
});
