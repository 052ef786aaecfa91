import type { InputProblem } from '../errors.ts';
import { checkSchema } from './schema-check.ts';
import { formatDuration } from './duration.ts';
import type { Experiment } from './model.ts';
import { phaseSelectors, plannedPhases } from './phases.ts';
import { closest } from './suggest.ts';

export interface FaultParamsCatalogue {
  actions(): string[];
  paramsSchema(action: string): object | undefined;
}

/** The rules a JSON Schema cannot express: references, uniqueness, the timeline. Every problem, not the first. */
export function crossCheck(x: Experiment, catalogue: FaultParamsCatalogue): InputProblem[] {
  return [...checkFaults(x, catalogue), ...checkAlarms(x), ...checkPhases(x), ...checkGuardrails(x)];
}

function checkFaults(x: Experiment, catalogue: FaultParamsCatalogue): InputProblem[] {
  const problems: InputProblem[] = [];
  const seen = new Map<string, number>();
  x.faults.forEach((f, i) => {
    const at = `faults[${i}]`;
    const first = seen.get(f.id);
    if (first !== undefined) problems.push({ path: `${at}.id`, message: `duplicate fault id "${f.id}" (also faults[${first}]); give each fault its own id` });
    else seen.set(f.id, i);
    const schema = catalogue.paramsSchema(f.action);
    if (!schema) {
      const hint = closest(f.action, catalogue.actions());
      problems.push({ path: `${at}.action`, message: `unknown fault action "${f.action}"${hint ? ` (did you mean "${hint}"?)` : ''}; known actions: ${catalogue.actions().join(', ')}` });
    } else {
      problems.push(...checkSchema(schema, f.params, `${at}.with`));
    }
    if (f.holdMs <= 0) problems.push({ path: `${at}.hold`, message: 'must be longer than 0s' });
    const end = f.atMs + f.holdMs;
    if (end > x.load.durationMs) {
      problems.push({ path: at, message: `ends at ${formatDuration(end)} but the load lasts ${formatDuration(x.load.durationMs)}; shorten at/hold or lengthen load.stages` });
    }
  });
  const ordered = x.faults.map((f, i) => ({ f, i })).sort((a, b) => a.f.atMs - b.f.atMs);
  for (let k = 1; k < ordered.length; k++) {
    const prev = ordered[k - 1]!;
    const cur = ordered[k]!;
    if (cur.f.atMs < prev.f.atMs + prev.f.holdMs) {
      problems.push({
        path: `faults[${cur.i}].at`,
        message: `starts at ${formatDuration(cur.f.atMs)} while faults[${prev.i}] ("${prev.f.id}") is held until ${formatDuration(prev.f.atMs + prev.f.holdMs)}; faults run one at a time, so move it later`,
      });
    }
  }
  return problems;
}

function checkAlarms(x: Experiment): InputProblem[] {
  const problems: InputProblem[] = [];
  const faultIds = [...new Set(x.faults.map((f) => f.id))];
  const names = new Map<string, number>();
  x.expect.alarms.forEach((a, i) => {
    const at = `expect.alarms[${i}]`;
    const first = names.get(a.name);
    if (first !== undefined) problems.push({ path: `${at}.name`, message: `alarm "${a.name}" is already expected in expect.alarms[${first}]; merge the two` });
    else names.set(a.name, i);
    if (a.quiet && (a.fires || a.recovers)) problems.push({ path: at, message: 'an alarm cannot be both quiet and expected to fire or recover; remove quiet or fires/recovers' });
    if (!a.quiet && !a.fires) problems.push({ path: at, message: 'say what the alarm must do: add fires: {within, after} or quiet: true' });
    if (a.recovers && !a.fires) problems.push({ path: `${at}.recovers`, message: 'recovers needs fires: the recovery is timed from the restore of the fault named in fires.after' });
    if (a.fires && !faultIds.includes(a.fires.after)) {
      const hint = closest(a.fires.after, faultIds);
      problems.push({
        path: `${at}.fires.after`,
        message: `no fault has id "${a.fires.after}"${hint ? ` (did you mean "${hint}"?)` : ''}; fault ids: ${faultIds.length ? faultIds.join(', ') : 'none (add faults first)'}`,
      });
    }
  });
  return problems;
}

function checkPhases(x: Experiment): InputProblem[] {
  const problems: InputProblem[] = [];
  const selectors = phaseSelectors(plannedPhases(x.faults, x.load.durationMs));
  const unknown = (phase: string, at: string) => {
    if (selectors.includes(phase)) return;
    const hint = closest(phase, selectors);
    problems.push({ path: `${at}.phase`, message: `no phase "${phase}" in this drill${hint ? ` (did you mean "${hint}"?)` : ''}; phases: ${selectors.join(', ')}` });
  };
  x.expect.slo.forEach((s, i) => {
    const at = `expect.slo[${i}]`;
    unknown(s.phase, at);
    const bounds = [s.p50Ms, s.p95Ms, s.p99Ms, s.maxMs, s.errorRateMax, s.minRps];
    if (bounds.every((b) => b === undefined)) problems.push({ path: at, message: 'an SLO needs at least one of p50, p95, p99, max, errorRate, minRps' });
    if (s.withinMs !== undefined && !s.phase.startsWith('recovery')) problems.push({ path: `${at}.within`, message: 'within applies to recovery phases only (time to get back under the SLO after a restore)' });
  });
  x.expect.health.forEach((h, i) => unknown(h.phase, `expect.health[${i}]`));
  return problems;
}

function checkGuardrails(x: Experiment): InputProblem[] {
  const quiet = new Set(x.expect.alarms.filter((a) => a.fires).map((a) => a.name));
  return x.guardrails.stopOn.flatMap((name, i) =>
    quiet.has(name) ? [{ path: `guardrails.stopOn[${i}]`, message: `"${name}" is expected to fire, so stopping on it would abort every passing drill; remove it from stopOn` }] : [],
  );
}
