// CPU cost of WindowEvidence.stats(), which reads the mean, minimum, maximum and percentiles in one pass over the
// merged histogram, against the computation it replaced (that pass plus hdr-histogram-js's `mean` getter, which
// walks the counts a second time through the library's iterator), both measured in the same run on the same windows.
// The windows are those a report of a synthetic 1-hour drill at 200 requests/s asks for: every chart point (10 s)
// and the whole load, each overall and per category. The old cost is this run's stats() plus the getter timed on the
// same merged histogram: it leaves out only the one multiply-add per bucket the new pass does, so it is a fair floor.
// Also checks that both give the same mean, to the last bit.
// Run: npx tsx bench/window-stats.ts [--minutes 60] [--rps 200] [--rounds 3]   (not part of the test suite)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newHistogram } from '../lib/evidence/histogram.ts';
import { parseSeriesKey } from '../lib/evidence/keys.ts';
import type { EvidenceStore } from '../lib/evidence/store.ts';
import type { StatsFilter, WindowEvidence } from '../lib/evidence/window.ts';
import { drillFixture } from '../test/fixtures/reports/drill-fixture.ts';
import { syntheticDrill } from './report-synthetic-drill.ts';

const { values: flags } = parseArgs({ options: { minutes: { type: 'string', default: '60' }, rps: { type: 'string', default: '200' }, rounds: { type: 'string', default: '3' } } });
const CHART_POINT_MS = 10_000;
/** The whole-load window is one window: measured this many times per round for a steadier figure. */
const WHOLE_REPEATS = 10;

interface Cost {
  calls: number;
  newMs: number;
  meanGetterMs: number;
  meanMismatches: number;
}

/** The merged histogram stats(filter) computes its figures from (the category filter is all this benchmark uses). */
function merged(window: WindowEvidence, filter: StatsFilter) {
  const h = newHistogram();
  for (const [key, series] of window.series) {
    const category = parseSeriesKey(key)?.category;
    if (category !== undefined && (!filter.categories || filter.categories.includes(category))) h.add(series);
  }
  return h;
}

/** stats() for every filter of one window, timed call by call; the library's mean timed alongside on the same data. */
function measure(window: WindowEvidence, cost: Cost): void {
  const filters: StatsFilter[] = [{}, ...[...window.categoryCounts().keys()].map((c) => ({ categories: [c] }))];
  for (const filter of filters) {
    let t = performance.now();
    const stats = window.stats(filter);
    cost.newMs += performance.now() - t;
    const h = merged(window, filter);
    t = performance.now();
    const libraryMean = h.mean;
    cost.meanGetterMs += performance.now() - t;
    if (stats.count > 0 && stats.meanMs !== libraryMean / 1000) cost.meanMismatches++;
    cost.calls++;
  }
}

function round(load: EvidenceStore, fromMs: number, toMs: number): { points: Cost; whole: Cost } {
  const points: Cost = { calls: 0, newMs: 0, meanGetterMs: 0, meanMismatches: 0 };
  const whole: Cost = { calls: 0, newMs: 0, meanGetterMs: 0, meanMismatches: 0 };
  // Windows are read from the evidence log outside the timed calls: reading is not what changed.
  for (let from = fromMs; from < toMs; from += CHART_POINT_MS) measure(load.window(from, from + CHART_POINT_MS), points);
  const all = load.window(fromMs, toMs);
  for (let i = 0; i < WHOLE_REPEATS; i++) measure(all, whole);
  return { points, whole };
}

function line(name: string, runs: Cost[]): string {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  const calls = runs[0]?.calls ?? 0;
  const newMs = median(runs.map((c) => c.newMs / c.calls));
  const oldMs = median(runs.map((c) => (c.newMs + c.meanGetterMs) / c.calls));
  const mismatches = runs.reduce((n, c) => n + c.meanMismatches, 0);
  return `${name.padEnd(28)} ${String(calls).padStart(6)} ${oldMs.toFixed(3).padStart(10)} ${newMs.toFixed(3).padStart(10)} ${(newMs / oldMs).toFixed(2).padStart(7)}x ${String(mismatches).padStart(9)}`;
}

const work = mkdtempSync(join(tmpdir(), 'firedrill-bench-window-stats-'));
try {
  const minutes = Number(flags.minutes);
  const drill = drillFixture(syntheticDrill(minutes, Number(flags.rps)), work);
  const { loadStartMs, loadEndMs } = drill.evidence;
  const load = drill.store;
  round(load, loadStartMs, loadStartMs + 60_000); // warm up the JIT on one minute
  const rounds = Array.from({ length: Number(flags.rounds) }, () => round(load, loadStartMs, loadEndMs));
  drill.dispose();
  console.log(`WindowEvidence.stats(), synthetic ${minutes}-minute drill at ${flags.rps} req/s (${drill.requests} requests), median of ${rounds.length} rounds`);
  console.log(`${'windows'.padEnd(28)} ${'calls'.padStart(6)} ${'old ms'.padStart(10)} ${'new ms'.padStart(10)} ${'new/old'.padStart(8)} ${'mean diff'.padStart(9)}`);
  console.log(line(`chart points (${CHART_POINT_MS / 1000} s)`, rounds.map((r) => r.points)));
  console.log(line('whole load', rounds.map((r) => r.whole)));
} finally {
  rmSync(work, { recursive: true, force: true });
}
