// SLO checks: for each expect.slo entry and each phase its selector names, one check per bound (p50/p95/p99/max
// latency, error rate, request-rate floor) over the requests of that category in that phase.
//
// No evidence is never a pass: a category with zero requests in the window fails (one slo-coverage check naming the
// categories that were seen instead), and so does a phase the drill never reached.
// An SLO with `within` (recovery phases only) allows the category that long after the restore to get back under the
// SLO; recovery.ts measures that time, and here the bounds are judged over the rest of the phase, after the allowance
// (counted from the completed restore, like the recovery time).
import type { Slo } from '../lib/experiment/model.ts';
import type { WindowStats } from '../lib/evidence/window.ts';
import type { CheckResult, DrillEvidence } from './evidence.ts';
import { formatDuration, span } from './format.ts';
import { resolvePhases, restoreTime, type PhaseWindow } from './phase-windows.ts';
import { categoryFilter, requestsOf, sloBounds, statusBreakdown, type Bound } from './slo-bounds.ts';
import { notJudged } from './skipped.ts';

export function sloChecks(ev: DrillEvidence): CheckResult[] {
  return ev.experiment.expect.slo.flatMap((slo) => resolvePhases(ev, slo.phase).flatMap((w) => judgeSlo(ev, slo, w)));
}

/** "slo read-simple in baseline", "slo all in recovery after 1m". */
function sloName(slo: Slo, phase: string): string {
  return `slo ${slo.category} in ${phase}${slo.withinMs !== undefined ? ` after ${formatDuration(slo.withinMs)}` : ''}`;
}

function judgeSlo(ev: DrillEvidence, slo: Slo, w: PhaseWindow): CheckResult[] {
  const name = sloName(slo, w.name);
  const expected = sloBounds(slo).map((b) => b.expected).join(', ');
  const fail = (kind: 'slo' | 'slo-coverage', observed: string, message: string, data?: CheckResult['data']): CheckResult[] => [
    { kind, name, ok: false, strict: slo.strict, observed, expected, message, ...(data ? { data } : {}) },
  ];
  if (!w.happened && w.skippedBy) return [{ kind: 'slo', name, strict: slo.strict, expected, ...notJudged(w.skippedBy) }];
  if (!w.happened) return fail('slo', 'phase did not happen', `SLO "${name}" cannot be judged: ${w.reason}.`);
  const fromMs = slo.withinMs === undefined ? w.startMs : restoreTime(ev, w) + slo.withinMs;
  if (fromMs >= w.endMs) {
    return fail(
      'slo',
      `phase lasted ${formatDuration(w.endMs - w.startMs)}, no longer than the recovery allowance`,
      `SLO "${name}" cannot be judged: ${w.label} lasted only ${formatDuration(w.endMs - w.startMs)}, no longer than its ${formatDuration(slo.withinMs ?? 0)} recovery allowance (within), so nothing is left to judge after it. Lengthen the load after the restore or shorten within.`,
    );
  }
  const window = ev.load.window(fromMs, w.endMs);
  const stats = window.stats(categoryFilter(slo.category));
  const where = fromMs === w.startMs ? w.label : `${w.label}, after the ${formatDuration(slo.withinMs ?? 0)} recovery allowance (${span(fromMs, w.endMs)})`;
  if (stats.count === 0) {
    const seen = [...window.categoryCounts()].map(([c, n]) => `${c} x${n}`).join(', ');
    return fail('slo-coverage', `no ${requestsOf(slo.category)}`, noRequests(slo, name, where, seen), { samples: 0, fromMs, toMs: w.endMs });
  }
  return sloBounds(slo).map((b) => boundCheck(slo, b, stats, name, where));
}

function noRequests(slo: Slo, name: string, where: string, seen: string): string {
  const head = `No ${requestsOf(slo.category)} were recorded in ${where}, so SLO "${name}" has no evidence and fails.`;
  if (slo.category === 'all') return `${head} The load sent nothing in that window; check that k6 ran and reached the target.`;
  const instead = seen ? `seen instead: ${seen}` : 'no requests of any category were recorded there';
  return `${head} Check that the scenario sends ${slo.category} requests tagged category=${slo.category} in this phase (${instead}).`;
}

function boundCheck(slo: Slo, bound: Bound, stats: WindowStats, sloName: string, where: string): CheckResult {
  const value = bound.read(stats);
  const ok = value !== null && bound.holds(value);
  const shown = bound.show(value);
  const what = `${bound.label} of ${requestsOf(slo.category)}`;
  const base = {
    kind: 'slo' as const,
    name: `${sloName}: ${bound.key}`,
    ok,
    strict: slo.strict,
    observed: `${bound.label} ${shown} over ${stats.count} requests`,
    expected: bound.expected,
    data: { value, limit: bound.limit, samples: stats.count, fromMs: stats.fromMs, toMs: stats.toMs },
  };
  if (ok) return { ...base, message: `The ${what} was ${shown} in ${where}, within the SLO (${bound.expected}).` };
  return { ...base, message: `The ${what} was ${shown} in ${where}, breaking the SLO (${bound.expected}). ${advice(bound, stats)}` };
}

function advice(bound: Bound, stats: WindowStats): string {
  if (bound.key === 'errorRate') {
    return `Responses by status class: ${statusBreakdown(stats)}. Find the failing endpoints in the k6 output, or raise errorRate.max if this phase is meant to fail that much.`;
  }
  if (bound.key === 'minRps') {
    return `The service could not keep up or the load's stages send too little in this phase; compare the stages' targets with the floor.`;
  }
  return `Find what slowed these requests in this phase (the report's per-category figures and the service's metrics), or revisit the SLO if it is too tight.`;
}
