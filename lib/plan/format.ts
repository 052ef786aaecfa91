import { formatDuration } from '../experiment/duration.ts';
import type { Plan } from './plan.ts';

/** The plan as people read it: what happens when, and what the drill will check. */
export function formatPlan(plan: Plan): string {
  const x = plan.experiment;
  const env = plan.environment;
  const lines: string[] = [];
  lines.push(`${x.name}${x.description ? ` - ${x.description.trim().split('\n')[0]}` : ''}`);
  lines.push(`environment: ${env.name}${env.sandbox ? ' (local sandbox)' : ''}${env.production ? ' [PRODUCTION]' : ''}, region ${env.region}`);
  lines.push(`load: ${x.load.scenario}, ${x.load.stages.length} stage(s), ${formatDuration(x.load.durationMs)}, peak ${x.load.peakVus} VUs`);
  lines.push('timeline (offsets from load start):');
  const events: Array<[number, string]> = [[0, 'load starts']];
  for (const f of plan.faults) {
    events.push([f.injectAtMs, `inject ${f.id}: ${f.action}${formatParams(f.params)} (hold ${formatDuration(f.restoreAtMs - f.injectAtMs)})`]);
    events.push([f.restoreAtMs, `restore ${f.id}`]);
  }
  events.push([plan.loadDurationMs, `load ends${plan.settleMaxMs ? `; settle up to ${formatDuration(plan.settleMaxMs)} for recoveries` : ''}`]);
  events.sort((a, b) => a[0] - b[0]);
  for (const [at, what] of events) lines.push(`  ${formatDuration(at).padStart(7)}  ${what}`);
  lines.push(`phases: ${plan.phases.map((p) => `${p.name} [${formatDuration(p.startMs)}-${formatDuration(p.endMs)}]`).join(', ')}`);
  const e = x.expect;
  lines.push(
    `expect: ${e.alarms.filter((a) => a.fires).length} alarm(s) to fire, ${e.alarms.filter((a) => a.quiet).length} quiet, ${e.slo.length} SLO(s), ${e.health.length} health check(s)${e.unexpectedAlarms ? `, no unexpected "${e.unexpectedAlarms.prefix}*" alarm (${e.unexpectedAlarms.severity})` : ''}`,
  );
  for (const a of e.alarms) {
    if (a.fires) lines.push(`  ${a.name}: fires within ${formatDuration(a.fires.withinMs)} of ${a.fires.after}${a.recovers ? `, recovers within ${formatDuration(a.recovers.withinMs)} of its restore` : ''}`);
    else lines.push(`  ${a.name}: stays quiet`);
  }
  if (x.guardrails.stopOn.length || x.guardrails.maxErrorRate || x.guardrails.maxP95) {
    const parts = [...x.guardrails.stopOn.map((n) => `alarm ${n}`)];
    if (x.guardrails.maxErrorRate) parts.push(`error rate > ${x.guardrails.maxErrorRate.value * 100}% for ${formatDuration(x.guardrails.maxErrorRate.forMs)}`);
    if (x.guardrails.maxP95) parts.push(`p95 > ${formatDuration(x.guardrails.maxP95.valueMs)} for ${formatDuration(x.guardrails.maxP95.forMs)}`);
    lines.push(`guardrails (abort and restore on): ${parts.join('; ')}`);
  }
  return lines.join('\n');
}

function formatParams(params: Record<string, unknown>): string {
  const entries = Object.entries(params);
  return entries.length ? ` ${entries.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(' ')}` : '';
}
