import { describe, expect, it } from 'vitest';
import { prng } from '../../support/prng.ts';
import {
  addToSummary,
  basicStatistic,
  isSupportedStatistic,
  parsePercentile,
  percentile,
  percentiles,
  statisticSetAsValue,
  summarize,
} from '../../../sandbox/aws/cloudwatch/statistics.ts';


/** Nearest rank by expanding counts and sorting, with exact integer rank arithmetic (p given as tenths). */
function bruteForcePercentile(values: number[], counts: number[], pTenths: number): number {
  const expanded = values.flatMap((v, i) => Array<number>(counts[i] ?? 1).fill(v)).sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((pTenths * expanded.length) / 1000));
  return expanded[rank - 1] as number;
}

describe('summarize and basic statistics', () => {
  it('weights values by their counts', () => {
    const s = summarize([1, 10], [2, 4]);
    expect(s).toEqual({ sampleCount: 6, sum: 42, minimum: 1, maximum: 10 });
    expect(basicStatistic(s!, 'Average')).toBe(7);
    expect(basicStatistic(s!, 'SampleCount')).toBe(6);
    expect(basicStatistic(s!, 'Sum')).toBe(42);
    expect(basicStatistic(s!, 'Minimum')).toBe(1);
    expect(basicStatistic(s!, 'Maximum')).toBe(10);
  });

  it('ignores zero counts and returns undefined for no samples', () => {
    expect(summarize([5, 7], [0, 1])).toEqual({ sampleCount: 1, sum: 7, minimum: 7, maximum: 7 });
    expect(summarize([])).toBeUndefined();
  });

  it('combines summaries without mutating them', () => {
    const a = { sampleCount: 2, sum: 3, minimum: 1, maximum: 2 };
    const merged = addToSummary(a, { sampleCount: 1, sum: -4, minimum: -4, maximum: -4 });
    expect(merged).toEqual({ sampleCount: 3, sum: -1, minimum: -4, maximum: 2 });
    expect(a.sampleCount).toBe(2);
  });
});

describe('percentiles (nearest rank)', () => {
  it('matches a brute-force sort over random weighted samples', () => {
    const random = prng(42);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 40);
      const values = Array.from({ length: n }, () => Math.round(random() * 1000) / 10);
      const counts = Array.from({ length: n }, () => 1 + Math.floor(random() * 5));
      for (const pTenths of [0, 1, 100, 250, 500, 750, 900, 950, 990, 999, 1000]) {
        expect(percentile(values, counts, pTenths / 10), `trial ${trial} p${pTenths / 10}`).toBe(bruteForcePercentile(values, counts, pTenths));
      }
    }
  });

  it('picks the exact rank on boundaries where floating point would round up', () => {
    // 16.1 * 1000 / 100 is 161.00000000000003 in floating point; the 161st of 1..1000 is 161, not 162.
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    expect(percentile(values, undefined, 16.1)).toBe(161);
    expect(percentile(values, undefined, 99.9)).toBe(999);
    expect(percentile(Array.from({ length: 375 }, (_, i) => i + 1), undefined, 8.8)).toBe(33);
  });

  it('is the minimum at p0 and the maximum at p100, whatever the input order', () => {
    expect(percentiles([[5, 1], [1, 1], [9, 3]], [0, 100, 50])).toEqual([1, 9, 9]);
  });

  it('answers undefined when there are no samples', () => {
    expect(percentiles([], [50, 99])).toEqual([undefined, undefined]);
    expect(percentiles([[3, 0]], [50])).toEqual([undefined]);
  });
});

describe('statistic names', () => {
  it('parses percentile statistics from p0 to p100 with decimals', () => {
    expect(parsePercentile('p95')).toBe(95);
    expect(parsePercentile('p99.9')).toBe(99.9);
    expect(parsePercentile('p0')).toBe(0);
    expect(parsePercentile('p100')).toBe(100);
    expect(parsePercentile('p100.1')).toBeUndefined();
    expect(parsePercentile('p')).toBeUndefined();
    expect(parsePercentile('tm99')).toBeUndefined();
  });

  it('supports the five basic statistics and percentiles only', () => {
    for (const s of ['Average', 'Sum', 'SampleCount', 'Minimum', 'Maximum', 'p50']) expect(isSupportedStatistic(s)).toBe(true);
    for (const s of ['average', 'tm90', 'IQM', 'p101']) expect(isSupportedStatistic(s)).toBe(false);
  });
});

describe('statistic sets in percentiles', () => {
  it('treats a set whose samples were all one value as raw values', () => {
    expect(statisticSetAsValue({ sampleCount: 4, sum: 20, minimum: 5, maximum: 5 })).toEqual({ value: 5, count: 4 });
  });

  it('refuses sets with spread or an inconsistent sum', () => {
    expect(statisticSetAsValue({ sampleCount: 4, sum: 20, minimum: 1, maximum: 9 })).toBeUndefined();
    expect(statisticSetAsValue({ sampleCount: 4, sum: 21, minimum: 5, maximum: 5 })).toBeUndefined();
  });
});
