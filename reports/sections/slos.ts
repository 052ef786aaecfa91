// SLOs per phase and class: for every stated SLO figure, what the evidence shows in the phase it names. These rows
// are measurements for people and for the baseline comparison; the pass/fail judgement of the drill is the checks'.
import type { DrillEvidence, Phase } from '../../assertions/evidence.ts';
import { phaseSkippedBy, skippedFault } from '../../assertions/skipped.ts';
import type { WindowStats } from '../../lib/evidence/window.ts';
import type { Slo } from '../../lib/experiment/model.ts';
import { iso, round } from '../format.ts';
import type { ReportSlo, SloStat } from '../model.ts';

/** Which field of an SLO states which statistic. */
const STATS: ReadonlyArray<{ field: 'p50Ms' | 'p95Ms' | 'p99Ms' | 'maxMs' | 'errorRateMax' | 'minRps'; stat: SloStat }> = [
  { field: 'p50Ms', stat: 'p50' },
  { field: 'p95Ms', stat: 'p95' },
  { field: 'p99Ms', stat: 'p99' },
  { field: 'maxMs', stat: 'max' },
  { field: 'errorRateMax', stat: 'errorRate' },
  { field: 'minRps', stat: 'rps' },
];

interface SloWindow {
  phase: string;
  fromMs: number;
  toMs: number;
}

/** When a recovery phase's allowance starts: the completed restore of its fault, kept inside the phase. */
function restoreMs(evidence: DrillEvidence, p: Phase): number {
  const restored = evidence.faults.find((f) => f.id === p.faultId)?.restoredAtMs ?? p.startMs;
  return Math.min(Math.max(restored, p.startMs), p.endMs);
}

/**
 * The windows an SLO's `phase` selects, as assertions/ judges them: `all` is the whole load, `fault` every fault
 * phase, otherwise the phase of that name. A recovery SLO with `within` is measured after its allowance, counted from
 * the restore. Empty when the phase never happened.
 */
export function sloWindows(slo: Slo, evidence: DrillEvidence): SloWindow[] {
  if (slo.phase === 'all') return [{ phase: 'all', fromMs: evidence.loadStartMs, toMs: evidence.loadEndMs }];
  const phases = evidence.phases.filter((p) => p.endMs > p.startMs && (slo.phase === 'fault' ? p.kind === 'fault' : p.name === slo.phase));
  return phases.map((p) => {
    const fromMs = slo.withinMs === undefined ? p.startMs : restoreMs(evidence, p) + slo.withinMs;
    return { phase: p.name, fromMs: Math.min(p.endMs, fromMs), toMs: p.endMs };
  });
}

export function observedStat(stats: WindowStats, stat: SloStat): number | null {
  switch (stat) {
    case 'p50':
      return stats.p50Ms;
    case 'p95':
      return stats.p95Ms;
    case 'p99':
      return stats.p99Ms;
    case 'max':
      return stats.maxMs;
    case 'errorRate':
      return stats.errorRatio;
    case 'rps':
      return stats.rps;
  }
}

/** Latency and error rate are ceilings; the request rate is a floor. No samples is never within the SLO. */
export function withinSlo(stat: SloStat, observed: number | null, threshold: number, samples: number): boolean {
  if (samples === 0 || observed === null) return false;
  return stat === 'rps' ? observed >= threshold : observed <= threshold;
}

const DIGITS: Record<SloStat, number> = { p50: 3, p95: 3, p99: 3, max: 3, errorRate: 6, rps: 3 };

export function reportSlos(evidence: DrillEvidence): ReportSlo[] {
  const rows: ReportSlo[] = [];
  for (const slo of evidence.experiment.expect.slo) {
    const stated = STATS.filter(({ field }) => slo[field] !== undefined);
    const windows = sloWindows(slo, evidence);
    const missing = windows.length === 0 && !skippedPhase(evidence, slo.phase);
    for (const { field, stat } of stated) {
      const threshold = slo[field] as number;
      if (missing) rows.push(missingPhaseRow(slo, stat, threshold));
      for (const w of windows) rows.push(measuredRow(slo, stat, threshold, w, evidence));
    }
  }
  return rows;
}

function measuredRow(slo: Slo, stat: SloStat, threshold: number, w: SloWindow, evidence: DrillEvidence): ReportSlo {
  const stats = evidence.load.window(w.fromMs, w.toMs).stats(slo.category === 'all' ? {} : { categories: [slo.category] });
  const raw = observedStat(stats, stat);
  const observed = raw === null ? null : round(raw, DIGITS[stat]);
  return {
    category: slo.category,
    phase: w.phase,
    stat,
    threshold,
    observed,
    samples: stats.count,
    ok: withinSlo(stat, observed, threshold, stats.count),
    strict: slo.strict,
    windowStart: iso(w.fromMs),
    windowEnd: iso(w.toMs),
  };
}

/** A phase missing because its fault was skipped measured nothing and failed nothing (its checks say SKIP): no row. */
function skippedPhase(evidence: DrillEvidence, selector: string): boolean {
  const planned = evidence.experiment.faults;
  if (selector === 'fault') return planned.length > 0 && planned.every((f) => skippedFault(evidence, f.id) !== undefined);
  return phaseSkippedBy(evidence, selector) !== undefined;
}

function missingPhaseRow(slo: Slo, stat: SloStat, threshold: number): ReportSlo {
  return { category: slo.category, phase: slo.phase, stat, threshold, observed: null, samples: 0, ok: false, strict: slo.strict, windowStart: null, windowEnd: null };
}
