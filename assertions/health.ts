// Health expectations: what the service's /health said during a phase.
//
// Rule: the expected status must be observed in at least one /health sample taken in the phase ("degraded was
// observed during small-pool"). A fault's effect builds up and fades within its phase, so requiring every sample to
// match would fail on the first seconds of every drill; the check reports the full distribution so a reader sees how
// often the status held. A phase with no samples fails: no evidence is never a pass.
import type { HealthExpectation } from '../lib/experiment/model.ts';
import type { CheckResult, DrillEvidence, HealthSample } from './evidence.ts';
import { clock } from './format.ts';
import { resolvePhases, type PhaseWindow } from './phase-windows.ts';
import { notJudged } from './skipped.ts';

export function healthChecks(ev: DrillEvidence): CheckResult[] {
  return ev.experiment.expect.health.flatMap((h) => resolvePhases(ev, h.phase).map((w) => judgeHealth(ev, h, w)));
}

/** "healthy 18, degraded 12": how many samples reported each status, most frequent first. */
function distribution(samples: readonly HealthSample[]): string {
  const counts = new Map<string, number>();
  for (const s of samples) counts.set(s.status, (counts.get(s.status) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status} ${n}`)
    .join(', ');
}

function judgeHealth(ev: DrillEvidence, h: HealthExpectation, w: PhaseWindow): CheckResult {
  const base = { kind: 'health' as const, name: `health ${h.status} during ${w.name}`, strict: h.strict, expected: `/health ${h.status} in at least one sample` };
  if (!w.happened && w.skippedBy) return { ...base, ...notJudged(w.skippedBy) };
  if (!w.happened) return { ...base, ok: false, observed: 'phase did not happen', message: `/health ${h.status} cannot be judged: ${w.reason}.` };
  const samples = ev.health.filter((s) => s.atMs >= w.startMs && s.atMs < w.endMs);
  if (samples.length === 0) {
    return {
      ...base,
      ok: false,
      observed: 'no /health samples',
      data: { samples: 0 },
      message: `No /health samples were recorded during ${w.label}, so "${h.status}" cannot be confirmed and the check fails. Check the environment's target.healthPath and that the health probe ran during the drill.`,
    };
  }
  const matching = samples.filter((s) => s.status === h.status);
  const data = { samples: samples.length, matching: matching.length, firstSeenAtMs: matching[0]?.atMs ?? null };
  if (matching.length > 0) {
    return {
      ...base,
      ok: true,
      observed: `${h.status} in ${matching.length} of ${samples.length} samples (${distribution(samples)})`,
      data,
      message: `/health reported ${h.status} during ${w.label}, first at ${clock((matching[0] as HealthSample).atMs)}.`,
    };
  }
  return {
    ...base,
    ok: false,
    observed: `never ${h.status} in ${samples.length} samples (${distribution(samples)})`,
    data,
    message: `/health never reported ${h.status} during ${w.label}: ${distribution(samples)}. Check that the fault really took effect and that the service's /health reports ${h.status} in that condition.`,
  };
}
