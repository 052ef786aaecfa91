import { describe, expect, it } from 'vitest';
import { decodeFromCompressedBase64 } from 'hdr-histogram-js';
import { addEncoded, encodeHistogram, msToMicros, newHistogram, percentiles } from '../../../lib/evidence/histogram.ts';
import { exactMean, HDR_MIDPOINT_RELATIVE_ERROR, k6Percentile, relativeError } from '../../support/exact-stats.ts';
import { prng } from '../../support/prng.ts';

describe('percentiles', () => {
  it('agrees with k6 percentile arithmetic within 0.1 % on a skewed distribution', () => {
    const random = prng(7);
    const values = Array.from({ length: 20_000 }, () => msToMicros(2 + Math.exp(random() * 5)));
    const h = newHistogram();
    for (const v of values) h.recordValue(v);
    const sorted = [...values].sort((a, b) => a - b);
    const got = percentiles(h, [50, 90, 95, 99, 99.9]);
    [50, 90, 95, 99, 99.9].forEach((p, i) => {
      const exact = k6Percentile(sorted, p);
      expect(Math.abs((got.values[i] as number) - exact) / exact, `p${p}`).toBeLessThan(0.001);
    });
    expect(got.count).toBe(values.length);
    expect(Math.abs(got.maxMicros - (sorted.at(-1) as number)) / (sorted.at(-1) as number)).toBeLessThan(0.001);
    expect(Math.abs(got.minMicros - (sorted[0] as number)) / (sorted[0] as number)).toBeLessThan(0.001);
  });

  it('interpolates between neighbours for tiny samples, as k6 does', () => {
    const h = newHistogram();
    for (const v of [1000, 2000, 3000, 4000, 40_000]) h.recordValue(v);
    const got = percentiles(h, [50, 95, 100]);
    // rank 0.95 * 4 = 3.8: 4000 + 0.8 * (40000 - 4000) = 32800 (within the HDR bucket width).
    expect(got.values[0]).toBeCloseTo(3000, -1);
    expect(Math.abs((got.values[1] as number) - 32_800) / 32_800).toBeLessThan(0.001);
    expect(Math.abs((got.values[2] as number) - 40_000) / 40_000).toBeLessThan(0.001);
  });

  it('computes the mean in the same pass, bit for bit the library\'s own mean, and within half a bucket of the exact one', () => {
    const random = prng(3);
    // From sub-millisecond (single-value buckets, read exactly) to tens of seconds (64 µs wide buckets and more).
    const values = Array.from({ length: 50_000 }, () => Math.round(random() < 0.3 ? random() * 2000 : 2000 + Math.exp(random() * 17)));
    const h = newHistogram();
    for (const v of values) h.recordValue(v);
    const got = percentiles(h, [50]).meanMicros;
    expect(got).toBe(h.mean);
    expect(relativeError(got, exactMean(values))).toBeLessThanOrEqual(HDR_MIDPOINT_RELATIVE_ERROR);
    expect(relativeError(got, exactMean(values))).toBeGreaterThan(0); // the check above is about bucket reads, not a no-op
  });

  it('gives the exact mean when every value is below 2048 µs (one value per bucket)', () => {
    const values = [0, 1, 7, 7, 250, 1999, 2047];
    const h = newHistogram();
    for (const v of values) h.recordValue(v);
    expect(percentiles(h, [50]).meanMicros).toBe(exactMean(values));
  });

  it('returns the single value for one sample and NaN for none', () => {
    const one = newHistogram();
    one.recordValue(1234);
    expect(percentiles(one, [50, 99]).values).toEqual([1234, 1234]);
    expect(percentiles(one, [50]).meanMicros).toBe(1234);
    const none = percentiles(newHistogram(), [95]);
    expect(none.count).toBe(0);
    expect(none.values[0]).toBeNaN();
    expect(none.meanMicros).toBeNaN();
  });

  it('keeps zero durations (a refused connection) as values, not as gaps', () => {
    const h = newHistogram();
    for (const v of [0, 0, 0, 5000]) h.recordValue(v);
    expect(percentiles(h, [50]).values[0]).toBe(0);
    expect(percentiles(h, [50]).minMicros).toBe(0);
  });
});

describe('addEncoded', () => {
  it('adds an encoded histogram exactly as merging the histogram itself would', () => {
    const random = prng(11);
    const source = newHistogram();
    // Spread values so the encoding has long runs of empty buckets between counts.
    for (let i = 0; i < 5000; i++) source.recordValue(Math.round(random() < 0.5 ? 50 + random() * 500 : 2_000_000 + random() * 9_000_000));
    const viaEncoding = newHistogram();
    viaEncoding.recordValue(777);
    addEncoded(viaEncoding, encodeHistogram(source));
    const direct = newHistogram();
    direct.recordValue(777);
    direct.add(source);
    expect(viaEncoding.totalCount).toBe(direct.totalCount);
    expect(percentiles(viaEncoding, [1, 50, 95, 99, 100]).values).toEqual(percentiles(direct, [1, 50, 95, 99, 100]).values);
  });

  it('writes the standard HdrHistogram encoding that the library itself decodes', () => {
    const h = newHistogram();
    for (const v of [10, 200, 3000, 40_000]) h.recordValue(v);
    const decoded = decodeFromCompressedBase64(encodeHistogram(h));
    expect(decoded.totalCount).toBe(4);
    expect(percentiles(decoded as typeof h, [0, 50, 100]).values).toEqual(percentiles(h, [0, 50, 100]).values);
  });

  it('adds encodings made with other histogram settings through the library decoder', () => {
    const foreign = newHistogram();
    foreign.recordValue(5);
    const other = decodeFromCompressedBase64(encodeHistogram(foreign));
    const into = newHistogram();
    addEncoded(into, encodeHistogram(other as typeof foreign));
    expect(into.totalCount).toBe(1);
  });
});
