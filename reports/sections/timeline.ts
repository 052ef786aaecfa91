// The actual timeline of a drill for the report: phases, faults with their real timings, and /health over time.
import type { DrillEvidence, FaultRecord, HealthSample, Phase } from '../../assertions/evidence.ts';
import { iso, round } from '../format.ts';
import type { HealthStatus, ReportFault, ReportHealth, ReportPhase } from '../model.ts';
import { redactParams, scrubText } from '../redact.ts';

export function reportPhases(phases: readonly Phase[], loadStartMs: number): ReportPhase[] {
  return [...phases]
    .sort((a, b) => a.startMs - b.startMs)
    .map((p) => ({
      name: p.name,
      kind: p.kind,
      ...(p.faultId ? { faultId: p.faultId } : {}),
      start: iso(p.startMs),
      end: iso(p.endMs),
      startOffsetSeconds: round((p.startMs - loadStartMs) / 1000, 3),
      durationSeconds: round(Math.max(0, p.endMs - p.startMs) / 1000, 3),
    }));
}

const optionalIso = (ms: number | undefined): string | null => (ms === undefined ? null : iso(ms));

export function reportFaults(evidence: DrillEvidence): ReportFault[] {
  return evidence.faults.map((f) => reportFault(f, evidence));
}

function reportFault(f: FaultRecord, evidence: DrillEvidence): ReportFault {
  const description = evidence.experiment.faults.find((planned) => planned.id === f.id)?.description;
  const heldFrom = f.effectiveAtMs ?? f.injectedAtMs;
  return {
    id: f.id,
    action: f.action,
    ...(description ? { description } : {}),
    plannedAt: iso(evidence.loadStartMs + f.plannedAtMs),
    plannedHoldSeconds: round(f.plannedHoldMs / 1000, 3),
    injectedAt: optionalIso(f.injectedAtMs),
    effectiveAt: optionalIso(f.effectiveAtMs),
    ...(f.restoreStartedAtMs !== undefined ? { restoreStartedAt: iso(f.restoreStartedAtMs) } : {}),
    restoredAt: optionalIso(f.restoredAtMs),
    heldSeconds: heldFrom !== undefined && f.restoredAtMs !== undefined ? round((f.restoredAtMs - heldFrom) / 1000, 3) : null,
    restoreVerified: f.restoreVerified,
    params: redactParams(f.params),
    ...(f.error ? { error: scrubText(f.error) } : {}),
    ...(f.skipped ? { skipped: { at: iso(f.skipped.atMs), reason: scrubText(f.skipped.reason) } } : {}),
  };
}

/** Health samples merged into runs of the same status; a run ends where the next one starts. */
export function reportHealth(samples: readonly HealthSample[]): ReportHealth {
  const byStatus: Record<HealthStatus, number> = { healthy: 0, degraded: 0, unhealthy: 0, unreachable: 0 };
  const sorted = [...samples].sort((a, b) => a.atMs - b.atMs);
  const segments: Array<{ startMs: number; endMs: number; status: HealthStatus }> = [];
  for (const sample of sorted) {
    byStatus[sample.status] += 1;
    const last = segments.at(-1);
    if (last) last.endMs = sample.atMs;
    if (last?.status !== sample.status) segments.push({ startMs: sample.atMs, endMs: sample.atMs, status: sample.status });
  }
  return {
    samples: sorted.length,
    byStatus,
    segments: segments.map((s) => ({ start: iso(s.startMs), end: iso(s.endMs), status: s.status })),
  };
}
