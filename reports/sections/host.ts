// The load generator's machine in the report: CPU busy, steal and iowait while the load ran, overall and per phase,
// and when it counts as saturated. Evidence for reading the latency figures, never a check: the verdict stays a
// judgement of the service.
import type { DrillEvidence, HostSample } from '../../assertions/evidence.ts';
import { round } from '../format.ts';
import type { HostFigures, ReportHost } from '../model.ts';

/**
 * A sample is saturated when any of these is reached. Busy at 90 % leaves k6 waiting for a CPU to read responses and
 * stamp their times; steal at 10 % means the hypervisor took that share away whatever the guest needed; iowait at
 * 20 % means processes sat blocked on the disk (the sandbox's Postgres shares it).
 */
export const SATURATION = { busyPct: 90, stealPct: 10, iowaitPct: 20 } as const;

/** The share of a phase's samples that must be saturated before the report doubts that phase's latency figures. */
export const SATURATED_SHARE = 0.2;

export const isSaturated = (s: HostSample): boolean => s.busyPct >= SATURATION.busyPct || s.stealPct >= SATURATION.stealPct || s.iowaitPct >= SATURATION.iowaitPct;

/** The figures of a non-empty set of samples. */
export function hostFigures(samples: readonly HostSample[]): HostFigures {
  const max = (pick: (s: HostSample) => number) => round(Math.max(...samples.map(pick)), 1);
  const saturated = samples.filter(isSaturated);
  return {
    samples: samples.length,
    busyPctMean: round(samples.reduce((sum, s) => sum + s.busyPct, 0) / samples.length, 1),
    busyPctMax: max((s) => s.busyPct),
    stealPctMax: max((s) => s.stealPct),
    iowaitPctMax: max((s) => s.iowaitPct),
    saturatedSamples: saturated.length,
    saturatedSeconds: round(saturated.reduce((sum, s) => sum + s.intervalMs, 0) / 1000, 1),
  };
}

/** Whether enough of these samples were saturated to doubt the latency measured alongside them. */
export const mostlySaturated = (f: HostFigures): boolean => f.samples > 0 && f.saturatedSamples >= SATURATED_SHARE * f.samples;

/** A sample belongs to the window its interval's midpoint falls in, so one straddling a boundary counts once. */
const within = (s: HostSample, fromMs: number, toMs: number): boolean => {
  const mid = s.atMs - s.intervalMs / 2;
  return mid >= fromMs && mid < toMs;
};

/** Host figures for the load window and each phase with samples; undefined when nothing was recorded. */
export function reportHost(evidence: Pick<DrillEvidence, 'host' | 'phases' | 'loadStartMs' | 'loadEndMs'>): ReportHost | undefined {
  const samples = (evidence.host ?? []).filter((s) => within(s, evidence.loadStartMs, evidence.loadEndMs));
  if (samples.length === 0) return undefined;
  const phases = [...evidence.phases]
    .sort((a, b) => a.startMs - b.startMs)
    .map((p) => ({ phase: p.name, inPhase: samples.filter((s) => within(s, p.startMs, p.endMs)) }))
    .filter(({ inPhase }) => inPhase.length > 0)
    .map(({ phase, inPhase }) => ({ phase, ...hostFigures(inPhase) }));
  return { ...hostFigures(samples), cpus: Math.max(...samples.map((s) => s.cpus)), phases };
}

const pct = (value: number): string => `${Math.round(value)} %`;

/** "CPU busy mean 42 % (max 71 %), steal 0 %, iowait 1 %": steal and iowait are their highest samples. */
export const hostSummary = (f: HostFigures): string => `CPU busy mean ${pct(f.busyPctMean)} (max ${pct(f.busyPctMax)}), steal ${pct(f.stealPctMax)}, iowait ${pct(f.iowaitPctMax)}`;

/**
 * The console line after the checks, what CI logs show: "load generator host: CPU busy mean 42 % (max 71 %), steal
 * 0 %, iowait 1 %", plus how much of the load it was saturated for when it was.
 */
export function hostConsoleLine(host: ReportHost): string {
  const saturated = host.saturatedSamples > 0 ? `; saturated in ${host.saturatedSamples} of ${host.samples} samples (${host.saturatedSeconds}s)` : '';
  return `load generator host: ${hostSummary(host)}${saturated}`;
}

/** "CPU busy 97 %, steal 12 %": the busy peak, and steal or iowait when they reached saturation themselves. */
export function saturationSummary(f: HostFigures): string {
  const parts = [`CPU busy ${pct(f.busyPctMax)}`];
  if (f.stealPctMax >= SATURATION.stealPct) parts.push(`steal ${pct(f.stealPctMax)}`);
  if (f.iowaitPctMax >= SATURATION.iowaitPct) parts.push(`iowait ${pct(f.iowaitPctMax)}`);
  return parts.join(', ');
}
