// Recovery time: for an SLO with `within` on a recovery phase, how long after the restore the category was back
// under the SLO for good.
//
// The figures are rolling: computed over RECOVERY_WINDOW_MS windows whose starts step by RECOVERY_STEP_MS from the
// restore (the fault's restoredAtMs, when the restore was complete, kept inside the phase) to the end of the phase,
// so one slow second neither hides nor fakes a recovery, and no window reaches back into the fault.
// "Back under" = every latency bound (p50/p95/p99/max) and the error-rate bound the SLO sets hold in the window; the
// request-rate floor is a throughput check judged over the phase by slo.ts, not a recovery signal.
// Recovered at = the START of the first window from which every later window keeps the SLO to the end of the phase:
// "from 20s after the restore, every 10s stretch was under p95 300ms". Taking the start rather than the end avoids
// adding a window's length of lag to every measurement. Windows lie wholly inside the phase (a phase shorter than one
// window is judged as one short window), so the last seconds are never judged on a sliver of requests. Windows with
// no requests prove nothing either way and are skipped, and recovery is never dated before the first request of its
// window; a phase with no requests at all fails.
import type { Slo } from '../lib/experiment/model.ts';
import type { CheckResult, DrillEvidence, LoadEvidence } from './evidence.ts';
import { clock, formatDuration, seconds } from './format.ts';
import { resolvePhases, restoreTime, type HappenedPhase, type PhaseWindow } from './phase-windows.ts';
import { categoryFilter, requestsOf, requestsSubject, sloBounds, type Bound } from './slo-bounds.ts';
import { notJudged } from './skipped.ts';

/** Length of each window the rolling figures are computed over. */
export const RECOVERY_WINDOW_MS = 10_000;
/** How far apart consecutive windows start. */
export const RECOVERY_STEP_MS = 1_000;
/** Upper bound on windows per phase (each costs a histogram merge); a phase over ~33 min is stepped more coarsely. */
export const MAX_RECOVERY_WINDOWS = 2_000;

export interface RollingPoint {
  /** Start of the window, epoch ms. */
  atMs: number;
  count: number;
  /** Bounds broken in this window, with their values, e.g. `p95 450ms`. Empty when the window complies. */
  breaches: string[];
}

/** The rolling figures of one category over [restoreMs, endMs), judged against `bounds`. */
export function rollingPoints(load: LoadEvidence, slo: Slo, bounds: readonly Bound[], restoreMs: number, endMs: number): RollingPoint[] {
  const lastStart = Math.max(restoreMs, endMs - RECOVERY_WINDOW_MS);
  const step = Math.max(RECOVERY_STEP_MS, Math.ceil((lastStart - restoreMs) / MAX_RECOVERY_WINDOWS));
  const filter = categoryFilter(slo.category);
  const points: RollingPoint[] = [];
  for (let atMs = restoreMs; atMs <= lastStart; atMs += step) {
    const stats = load.window(atMs, Math.min(endMs, atMs + RECOVERY_WINDOW_MS)).stats(filter);
    const breaches = bounds.flatMap((b) => {
      const v = b.read(stats);
      return v !== null && !b.holds(v) ? [`${b.label} ${b.show(v)}`] : [];
    });
    points.push({ atMs, count: stats.count, breaches });
  }
  return points;
}

/** When the rolling figures were back under for good, or undefined when they never were. */
export function recoveredAt(points: readonly RollingPoint[]): { atMs: number | undefined; lastBreach: RollingPoint | undefined } {
  const measured = points.filter((p) => p.count > 0);
  let lastBad = -1;
  measured.forEach((p, i) => {
    if (p.breaches.length > 0) lastBad = i;
  });
  return { atMs: measured[lastBad + 1]?.atMs, lastBreach: measured[lastBad] };
}

/**
 * The start of the first second with requests in the window from `fromMs`: a window can comply on evidence from its
 * last second only (a service that answered nothing for a while), and recovery must not be dated before any answer.
 */
function firstRequestFrom(load: LoadEvidence, slo: Slo, fromMs: number): number {
  const filter = categoryFilter(slo.category);
  for (let atMs = fromMs; atMs < fromMs + RECOVERY_WINDOW_MS; atMs += 1000) {
    if (load.window(atMs, atMs + 1000).stats(filter).count > 0) return atMs;
  }
  return fromMs;
}

export function recoveryChecks(ev: DrillEvidence): CheckResult[] {
  return ev.experiment.expect.slo.flatMap((slo) => {
    const bounds = sloBounds(slo).filter((b) => b.key !== 'minRps');
    if (slo.withinMs === undefined || bounds.length === 0) return [];
    return resolvePhases(ev, slo.phase).map((w) => judgeRecovery(ev, slo, slo.withinMs as number, bounds, w));
  });
}

type Measured = Pick<CheckResult, 'ok' | 'observed' | 'message'> & { data?: CheckResult['data'] };

function judgeRecovery(ev: DrillEvidence, slo: Slo, withinMs: number, bounds: Bound[], w: PhaseWindow): CheckResult {
  const within = formatDuration(withinMs);
  const base = {
    kind: 'recovery-time' as const,
    name: `recovery of ${slo.category} in ${w.name} within ${within}`,
    strict: slo.strict,
    expected: `${bounds.map((b) => b.expected).join(', ')} in every ${formatDuration(RECOVERY_WINDOW_MS)} window from at most ${within} after the restore`,
  };
  if (!w.happened && w.skippedBy) return { ...base, ...notJudged(w.skippedBy) };
  if (!w.happened) return { ...base, ok: false, observed: 'phase did not happen', message: `Recovery of ${requestsOf(slo.category)} cannot be measured: ${w.reason}.` };
  return { ...base, ...measure(ev, slo, withinMs, bounds, w) };
}

function measure(ev: DrillEvidence, slo: Slo, withinMs: number, bounds: Bound[], w: HappenedPhase): Measured {
  const restoreMs = restoreTime(ev, w);
  const faultId = w.phase?.faultId;
  const restored = faultId ? `${faultId} was restored (${clock(restoreMs)})` : `the restore (${clock(restoreMs)})`;
  const sloText = bounds.map((b) => b.expected).join(', ');
  const who = requestsSubject(slo.category);
  const points = rollingPoints(ev.load, slo, bounds, restoreMs, w.endMs);
  const { atMs, lastBreach } = recoveredAt(points);
  if (points.every((p) => p.count === 0)) {
    return { ok: false, observed: `no ${requestsOf(slo.category)}`, data: { samples: 0 }, message: `No ${requestsOf(slo.category)} were recorded in ${w.label} after the restore, so recovery cannot be measured and fails. Check that the load kept sending them after the restore.` };
  }
  const breach = lastBreach ? `${lastBreach.breaches.join(', ')} in the window from ${clock(lastBreach.atMs)}` : '';
  if (atMs === undefined) {
    return {
      ok: false,
      observed: `not back under by the end of ${w.name}, ${formatDuration(w.endMs - restoreMs)} after the restore`,
      data: { recoverySeconds: null },
      message: `${who} never got back under the SLO (${sloText}) after ${restored}: still ${breach}. Check that the restore really took effect, or whether the service needs longer than this phase to recover.`,
    };
  }
  const tookMs = firstRequestFrom(ev.load, slo, atMs) - restoreMs;
  const observed = `back under ${formatDuration(tookMs)} after the restore`;
  const data = { recoverySeconds: seconds(tookMs), recoveredAtMs: restoreMs + tookMs };
  if (tookMs <= withinMs) {
    return { ok: true, observed, data, message: `${who} were back under the SLO (${sloText}) ${formatDuration(tookMs)} after ${restored} and stayed there to the end of ${w.name}, within the ${formatDuration(withinMs)} allowed.` };
  }
  return {
    ok: false,
    observed,
    data,
    message: `${who} took ${formatDuration(tookMs)} after ${restored} to get back under the SLO (${sloText}) for good, allowed ${formatDuration(withinMs)}; ${breach ? `the last breach was ${breach}` : 'no requests completed before that'}. Find what slows recovery (connection re-establishment, cold caches, redeploy time) or raise within.`,
  };
}
