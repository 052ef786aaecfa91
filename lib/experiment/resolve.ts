import { parseDuration } from './duration.ts';
import type { Experiment } from './model.ts';
import type { ExperimentFile } from './types.ts';

/** Durations were validated by the schema; a failure here is a bug, not bad input. */
function ms(text: string): number {
  const value = parseDuration(text);
  if (value === undefined) throw new Error(`unvalidated duration ${text}`);
  return value;
}

const optionalMs = (text: string | undefined) => (text === undefined ? undefined : ms(text));

/** Turn a schema-valid experiment file into the resolved model (durations in ms, defaults filled). */
export function resolveExperiment(file: string, doc: ExperimentFile): Experiment {
  const stages = doc.load.stages.map((s) => ({ durationMs: ms(s.duration), target: s.target }));
  const expect = doc.expect ?? {};
  const guardrails = doc.guardrails ?? {};
  return {
    file,
    name: doc.name,
    description: doc.description ?? '',
    load: {
      scenario: doc.load.scenario,
      stages,
      env: { ...(doc.load.env ?? {}) },
      durationMs: stages.reduce((sum, s) => sum + s.durationMs, 0),
      peakVus: Math.max(...stages.map((s) => s.target)),
    },
    faults: (doc.faults ?? []).map((f) => ({
      id: f.id,
      action: f.action,
      ...(f.description ? { description: f.description } : {}),
      atMs: ms(f.at),
      holdMs: ms(f.hold),
      params: { ...(f.with ?? {}) },
    })),
    expect: {
      alarms: (expect.alarms ?? []).map((a) => ({
        name: a.name,
        ...(a.fires ? { fires: { withinMs: ms(a.fires.within), after: a.fires.after } } : {}),
        ...(a.recovers ? { recovers: { withinMs: ms(a.recovers.within) } } : {}),
        quiet: a.quiet ?? false,
        strict: a.strict ?? true,
      })),
      ...(expect.unexpectedAlarms
        ? { unexpectedAlarms: { prefix: expect.unexpectedAlarms.prefix, severity: expect.unexpectedAlarms.severity ?? 'fail', ignore: [...(expect.unexpectedAlarms.ignore ?? [])] } }
        : {}),
      slo: (expect.slo ?? []).map((s) =>
        dropUndefined({
          category: s.category ?? 'all',
          phase: s.phase,
          p50Ms: optionalMs(s.p50),
          p95Ms: optionalMs(s.p95),
          p99Ms: optionalMs(s.p99),
          maxMs: optionalMs(s.max),
          errorRateMax: s.errorRate?.max,
          minRps: s.minRps,
          withinMs: optionalMs(s.within),
          strict: s.strict ?? true,
        }),
      ),
      health: (expect.health ?? []).map((h) => ({ phase: h.phase, status: h.status, strict: h.strict ?? true })),
    },
    guardrails: {
      stopOn: [...(guardrails.stopOn ?? [])],
      ...(guardrails.maxErrorRate ? { maxErrorRate: { value: guardrails.maxErrorRate.value, forMs: ms(guardrails.maxErrorRate.for) } } : {}),
      ...(guardrails.maxP95 ? { maxP95: { valueMs: ms(guardrails.maxP95.value), forMs: ms(guardrails.maxP95.for) } } : {}),
    },
    metrics: (doc.metrics ?? []).map((m) => ({
      namespace: m.namespace,
      name: m.name,
      stat: m.stat,
      periodSeconds: m.period ?? 10,
      dimensions: { ...(m.dimensions ?? {}) },
    })),
  };
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
