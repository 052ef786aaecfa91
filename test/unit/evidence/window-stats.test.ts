import { describe, expect, it } from 'vitest';
import { newHistogram, type Histogram } from '../../../lib/evidence/histogram.ts';
import { seriesKey, type StatusClass } from '../../../lib/evidence/keys.ts';
import { WindowEvidence, type StatsFilter } from '../../../lib/evidence/window.ts';
import { exactMean, HDR_MIDPOINT_RELATIVE_ERROR, k6Percentile, relativeError } from '../../support/exact-stats.ts';
import { prng } from '../../support/prng.ts';

interface Sample {
  category: string;
  statusClass: StatusClass;
  micros: number;
}

const SHAPES: { category: string; statusClass: StatusClass; n: number; baseMicros: number }[] = [
  { category: 'read-simple', statusClass: '2xx', n: 8000, baseMicros: 900 },
  { category: 'read-simple', statusClass: '5xx', n: 300, baseMicros: 30_000 },
  { category: 'write', statusClass: '2xx', n: 4000, baseMicros: 12_000 },
  { category: 'write', statusClass: '4xx', n: 500, baseMicros: 3_000 },
  { category: 'write', statusClass: 'net', n: 50, baseMicros: 0 },
  { category: 'search', statusClass: '2xx', n: 2000, baseMicros: 250_000 },
];

/** Raw samples with long tails, and the window the evidence store would build from them. */
function fixture(): { samples: Sample[]; window: WindowEvidence } {
  const random = prng(29);
  const samples: Sample[] = [];
  const series = new Map<string, Histogram>();
  for (const s of SHAPES) {
    const h = newHistogram();
    for (let i = 0; i < s.n; i++) {
      const micros = s.baseMicros === 0 ? 0 : Math.round(s.baseMicros * (1 + Math.exp(random() * 4) / 10));
      h.recordValue(micros);
      samples.push({ category: s.category, statusClass: s.statusClass, micros });
    }
    series.set(seriesKey(s.category, s.statusClass), h);
  }
  return { samples, window: new WindowEvidence(series, 0, 60_000, 60) };
}

/** The merged histogram's own (library) mean: what stats() reported before it computed the mean in its scan. */
function libraryMeanMs(window: WindowEvidence, keep: (key: string) => boolean): number {
  const merged = newHistogram();
  for (const [key, h] of window.series) if (keep(key)) merged.add(h);
  return merged.mean / 1000;
}

function expectAgreesWithSamples(window: WindowEvidence, all: Sample[], filter: StatsFilter): void {
  const chosen = all.filter((s) => (!filter.categories || filter.categories.includes(s.category)) && (!filter.statusClasses || filter.statusClasses.includes(s.statusClass)));
  const sorted = chosen.map((s) => s.micros / 1000).sort((a, b) => a - b);
  const stats = window.stats(filter);
  expect(stats.count).toBe(chosen.length);
  expect(stats.errors).toBe(chosen.filter((s) => s.statusClass === '5xx' || s.statusClass === 'net').length);
  expect(stats.byStatusClass['4xx']).toBe(chosen.filter((s) => s.statusClass === '4xx').length);
  const figures: [string, number | null, number][] = [
    ['mean', stats.meanMs, exactMean(sorted)],
    ['min', stats.minMs, sorted[0] as number],
    ['max', stats.maxMs, sorted.at(-1) as number],
    ['p50', stats.p50Ms, k6Percentile(sorted, 50)],
    ['p95', stats.p95Ms, k6Percentile(sorted, 95)],
    ['p99', stats.p99Ms, k6Percentile(sorted, 99)],
  ];
  for (const [name, got, exact] of figures) {
    expect(relativeError(got ?? Number.NaN, exact), `${name}: ${got} ms vs exact ${exact} ms`).toBeLessThanOrEqual(HDR_MIDPOINT_RELATIVE_ERROR);
  }
}

describe('WindowEvidence.stats', () => {
  const { samples, window } = fixture();

  it('agrees with the exact figures of the raw samples within half an HDR bucket, for every filter', () => {
    expectAgreesWithSamples(window, samples, {});
    expectAgreesWithSamples(window, samples, { categories: ['write'] });
    expectAgreesWithSamples(window, samples, { categories: ['read-simple', 'search'], statusClasses: ['2xx'] });
    expectAgreesWithSamples(window, samples, { statusClasses: ['5xx', 'net'] });
  });

  it('reports the same mean as the library computes over the merged histogram, to the last bit', () => {
    expect(window.stats().meanMs).toBe(libraryMeanMs(window, () => true));
    expect(window.stats({ categories: ['search'] }).meanMs).toBe(libraryMeanMs(window, (k) => k.startsWith('search/')));
    expect(window.stats({ statusClasses: ['net'] }).meanMs).toBe(0);
  });

  it('gives a mean per category in byCategory, and null for a listed category with no requests', () => {
    const by = window.byCategory({}, ['auth']);
    expect(by.write?.meanMs).toBe(libraryMeanMs(window, (k) => k.startsWith('write/')));
    expect(by.auth).toMatchObject({ count: 0, meanMs: null, minMs: null, p95Ms: null });
  });
});
