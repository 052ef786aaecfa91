import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EvidenceStore } from '../../../lib/evidence/store.ts';
import { buildSeries, chooseBucketSeconds } from '../../../reports/series.ts';

describe('chooseBucketSeconds', () => {
  it('keeps 1 s buckets up to 10 minutes, then round widths that stay within 600 points', () => {
    expect([60, 600, 601, 1800, 3600, 7200, 36_000].map(chooseBucketSeconds)).toEqual([1, 1, 2, 5, 10, 15, 60]);
    for (const duration of [601, 3600, 5000, 86_400]) expect(duration / chooseBucketSeconds(duration)).toBeLessThanOrEqual(600);
  });
});

describe('buildSeries over a real evidence store', () => {
  const T0 = Date.UTC(2026, 5, 14, 12, 0, 0);
  let dir: string;
  let store: EvidenceStore;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'firedrill-series-'));
    store = EvidenceStore.create(join(dir, 'evidence.hlog'));
    // Second 0: 100 fast reads. Second 1: 10 slow reads, half of them 503. Second 5: one write.
    for (let i = 0; i < 100; i++) store.record(T0 + i * 10, 'read-simple', 200, 10_000);
    for (let i = 0; i < 10; i++) store.record(T0 + 1000 + i * 100, 'read-simple', i % 2 ? 503 : 200, 1_000_000);
    store.record(T0 + 5500, 'write-simple', 201, 50_000);
    store.finish();
  });
  afterAll(() => {
    store?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has one point per second for a short run: rate, error rate and percentiles per class', () => {
    const s = buildSeries(store, { fromMs: T0 + 300, toMs: T0 + 8000 }, ['read-complex']);
    expect(s.bucketSeconds).toBe(1);
    expect(s.t).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => T0 / 1000 + i)); // edges on whole seconds
    expect(s.rps).toEqual([100, 10, 0, 0, 0, 1, 0, 0]);
    expect(s.errorRate.slice(0, 3)).toEqual([0, 0.5, null]);
    expect(Object.keys(s.latency)).toEqual(['all', 'read-simple', 'read-complex', 'write-simple']);
    expect(s.latency['read-simple']!.p50[0]).toBeCloseTo(10, 1);
    expect(s.latency['read-complex']!.p95.every((v) => v === null)).toBe(true);
    expect(s.latency['write-simple']!.p99[5]).toBeCloseTo(50, 0);
  });

  it('merges the histograms of a wide bucket instead of averaging percentiles', () => {
    const s = buildSeries(store, { fromMs: T0, toMs: T0 + 1_200_000 });
    expect(s.bucketSeconds).toBe(2);
    expect(s.t).toHaveLength(600);
    const merged = store.window(T0, T0 + 2000).stats().p95Ms!;
    expect(s.latency.all!.p95[0]).toBeCloseTo(merged, 3);
    expect(s.latency.all!.p95[0]).toBeGreaterThan(990); // 10 of 110 requests took 1 s: p95 is 1 s ...
    // ... where averaging the two seconds' p95 would have said about 505 ms.
    expect(s.rps[0]).toBe(55);
  });
});
