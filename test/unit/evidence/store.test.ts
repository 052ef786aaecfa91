import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceStore } from '../../../lib/evidence/store.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0); // a whole second

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** 10 requests a second for `seconds` seconds: read-simple 2xx at 2 ms, plus one 503 export per second at 900 ms. */
function fill(store: EvidenceStore, seconds: number): void {
  for (let s = 0; s < seconds; s++) {
    for (let i = 0; i < 9; i++) store.record(T0 + s * 1000 + i * 100, 'read-simple', 200, 2000);
    store.record(T0 + s * 1000 + 950, 'export', 503, 900_000);
    store.advance();
  }
}

describe('EvidenceStore windows', () => {
  it('counts, rates and error ratios of a window, by category and overall', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'), { latenessMs: 2000 });
    fill(store, 10);
    const all = store.window().stats();
    expect(all.count).toBe(100);
    expect(all.seconds).toBe(10);
    expect(all.rps).toBe(10);
    expect(all.errors).toBe(10);
    expect(all.errorRatio).toBeCloseTo(0.1, 10);
    expect(all.byStatusClass['5xx']).toBe(10);
    const reads = store.window().stats({ categories: ['read-simple'] });
    expect(reads.count).toBe(90);
    expect(reads.errorRatio).toBe(0);
    expect(reads.p95Ms).toBeCloseTo(2, 2);
    const exportStats = store.window().byCategory().export;
    expect(exportStats?.p99Ms).toBeCloseTo(900, 0);
  });

  it('assigns each 1 s interval to the window its start falls in, so adjacent windows partition the samples', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'));
    fill(store, 10);
    const first = store.window(T0, T0 + 3500).stats();
    const second = store.window(T0 + 3500, T0 + 10_000).stats();
    expect(first.count).toBe(40); // intervals starting at 0, 1, 2, 3 s
    expect(second.count).toBe(60);
    expect(first.count + second.count).toBe(store.window().stats().count);
    expect(store.window(T0 + 20_000, T0 + 30_000).stats()).toMatchObject({ count: 0, seconds: 0, errorRatio: null, p95Ms: null });
  });

  it('counts only the part of a window that lies within the recorded run for the rate', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'));
    fill(store, 4);
    const stats = store.window(T0 - 60_000, T0 + 60_000).stats();
    expect(stats.seconds).toBe(4);
    expect(stats.rps).toBe(10);
  });

  it('filters by status class and lets the caller choose what counts as an error', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'));
    store.record(T0, 'write-complex', 201, 10_000);
    store.record(T0 + 1, 'write-complex', 409, 12_000);
    store.record(T0 + 2, 'write-complex', 0, 30_000_000);
    const w = store.window();
    expect(w.stats().errors).toBe(1); // net only: 409 is a business answer
    expect(w.stats({ errorClasses: ['4xx', '5xx', 'net'] }).errors).toBe(2);
    expect(w.stats({ statusClasses: ['2xx'] }).count).toBe(1);
  });
});

describe('EvidenceStore persistence', () => {
  it('keeps memory flat: only intervals within the lateness allowance stay open, the rest are on disk', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'), { latenessMs: 3000 });
    fill(store, 600);
    expect(store.openIntervals).toBeLessThanOrEqual(5);
    expect(store.persistedLines).toBeGreaterThan(1000);
    expect(store.window().stats().count).toBe(6000);
  });

  it('takes samples that arrive after their interval was written, and queries add them in', () => {
    const store = EvidenceStore.create(join(dir, 'e.hlog'), { latenessMs: 1000 });
    fill(store, 5);
    const linesBefore = store.persistedLines;
    store.record(T0 + 200, 'read-simple', 200, 4000); // interval 0 was written long ago
    store.finish();
    expect(store.persistedLines).toBe(linesBefore + 1 + 4); // the late line, then two series in each of the last two intervals
    expect(store.window(T0, T0 + 1000).stats({ categories: ['read-simple'] }).count).toBe(10);
  });

  it('reloads a finished log with exactly the same figures, from the file alone', () => {
    const file = join(dir, 'e.hlog');
    const store = EvidenceStore.create(file);
    fill(store, 12);
    store.record(T0 + 500, 'write-simple', 0, 5000);
    store.finish();
    const loaded = EvidenceStore.load(file);
    for (const [from, to] of [[-Infinity, Infinity], [T0 + 2000, T0 + 7000]] as const) {
      expect(loaded.window(from, to).byCategory()).toEqual(store.window(from, to).byCategory());
    }
    expect(loaded.span()).toEqual(store.span());
    store.dispose();
    loaded.dispose();
  });

  it('writes an HdrHistogram interval log: header comments, column line, one tagged line per series and second', () => {
    const file = join(dir, 'e.hlog');
    const store = EvidenceStore.create(file);
    store.record(T0 + 10, 'read-simple', 200, 2500);
    store.record(T0 + 20, '', 500, 2500);
    store.dispose();
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^#\[firedrill evidence/);
    expect(lines).toContain('"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"');
    const data = lines.filter((l) => l.startsWith('Tag='));
    expect(data.map((l) => l.split(',').slice(0, 4).join(','))).toEqual([`Tag=read-simple/2xx,${T0 / 1000}.000,1.000,2.500`, `Tag=(none)/5xx,${T0 / 1000}.000,1.000,2.500`]);
    expect(data[0]?.split(',')[4]).toMatch(/^HISTF/);
  });

  it('refuses to record into a finished log or one loaded for reading', () => {
    const file = join(dir, 'e.hlog');
    const store = EvidenceStore.create(file);
    store.finish();
    expect(() => store.record(T0, 'read-simple', 200, 1000)).toThrow(/finished or was loaded for reading/);
    store.dispose();
    const loaded = EvidenceStore.load(file);
    expect(() => loaded.record(T0, 'read-simple', 200, 1000)).toThrow(/finished or was loaded for reading/);
    loaded.dispose();
  });
});
