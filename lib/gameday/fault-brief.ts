// What the operator reads before saying go to a fault: what it will do (the fault's own plan in plain words), when
// and for how long, and what the drill expects to see because of it. Pure, so it is the same text in tests.
import { faultFor } from '../../chaos/faults.ts';
import { formatDuration } from '../experiment/duration.ts';
import type { Environment, Experiment } from '../experiment/index.ts';
import type { Fault } from '../experiment/model.ts';
import { redactParams } from '../safety/redact.ts';

export function faultBrief(f: Fault, x: Experiment, env: Environment): string[] {
  const params = Object.entries(redactParams(f.params)).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const lines = [`fault ${f.id}: ${f.action}${params.length ? ` (${params.join(', ')})` : ''}, planned at +${formatDuration(f.atMs)}, held ${formatDuration(f.holdMs)}`];
  if (f.description) lines.push(`  ${f.description.trim()}`);
  const impl = faultFor(f.action);
  for (const step of impl?.describe(f.params, env) ?? []) lines.push(`  - ${step}`);
  const expected = x.expect.alarms.filter((a) => a.fires?.after === f.id);
  for (const a of expected) lines.push(`  expect: ${a.name} to fire within ${formatDuration(a.fires!.withinMs)}${a.recovers ? ` and recover within ${formatDuration(a.recovers.withinMs)} of the restore` : ''}${a.strict ? '' : ' (optional)'}`);
  const phaseChecks = [...x.expect.slo.filter((s) => s.phase === f.id).map((s) => `SLO ${s.category}`), ...x.expect.health.filter((h) => h.phase === f.id).map((h) => `/health ${h.status}`)];
  if (phaseChecks.length) lines.push(`  judged during the fault: ${phaseChecks.join(', ')}`);
  return lines;
}
