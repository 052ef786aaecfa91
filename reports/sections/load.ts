// What the load did over the whole run, overall and per SLO class, from the merged histograms (never averaged
// percentiles).
import type { DrillEvidence, LoadEvidence } from '../../assertions/evidence.ts';
import type { WindowStats } from '../../lib/evidence/window.ts';
import { CATEGORIES } from '../../scenarios/lib/slo.ts';
import { iso, round, roundOrNull } from '../format.ts';
import type { LoadFigures, ReportLoad } from '../model.ts';

export function loadFigures(stats: WindowStats): LoadFigures {
  return {
    requests: stats.count,
    rps: round(stats.rps, 3),
    errors: stats.errors,
    errorRate: roundOrNull(stats.errorRatio, 6),
    minMs: roundOrNull(stats.minMs, 3),
    meanMs: roundOrNull(stats.meanMs, 3),
    p50Ms: roundOrNull(stats.p50Ms, 3),
    p95Ms: roundOrNull(stats.p95Ms, 3),
    p99Ms: roundOrNull(stats.p99Ms, 3),
    maxMs: roundOrNull(stats.maxMs, 3),
  };
}

/** SLO classes in the platform's order, then any other category seen (untagged, misspelt) alphabetically. */
export function orderCategories(names: Iterable<string>): string[] {
  const all = new Set(names);
  const known = CATEGORIES.filter((c) => all.has(c));
  const others = [...all].filter((c) => !(CATEGORIES as readonly string[]).includes(c)).sort();
  return [...known, ...others];
}

/** Categories the experiment states SLOs for: shown even when the load sent them nothing. */
export function expectedCategories(evidence: DrillEvidence): string[] {
  return [...new Set(evidence.experiment.expect.slo.map((s) => s.category).filter((c) => c !== 'all'))];
}

/** Every category with requests in the run, plus `include` (which may have none). */
export function loadCategories(load: LoadEvidence, fromMs: number, toMs: number, include: readonly string[] = []): string[] {
  return orderCategories([...include, ...load.window(fromMs, toMs).categoryCounts().keys()]);
}

export function reportLoad(evidence: DrillEvidence): ReportLoad {
  const { loadStartMs, loadEndMs } = evidence;
  const window = evidence.load.window(loadStartMs, loadEndMs);
  const overall = window.stats();
  const categories = orderCategories([...expectedCategories(evidence), ...window.categoryCounts().keys()]);
  return {
    start: iso(loadStartMs),
    end: iso(loadEndMs),
    ...loadFigures(overall),
    byStatusClass: { ...overall.byStatusClass },
    byCategory: Object.fromEntries(categories.map((c) => [c, loadFigures(window.stats({ categories: [c] }))])),
  };
}
