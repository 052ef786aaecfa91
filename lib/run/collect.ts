// Collect the CloudWatch evidence of a drill once it is over: which alarms exist, their state transitions in the
// drill's window (paginated DescribeAlarmHistory), and the metric series the experiment names.
import type { AlarmEvidence } from '../../assertions/evidence.ts';
import type { Aws } from '../aws/index.ts';
import type { Experiment } from '../experiment/index.ts';
import type { MetricEvidence } from '../experiment/model.ts';
import type { RunDir } from './run-dir.ts';

export interface AlarmEvidenceFile {
  windowStartMs: number;
  windowEndMs: number;
  /** Alarms the experiment names (expectations and guardrails). */
  alarms: AlarmEvidence[];
  /** Alarms under expect.unexpectedAlarms.prefix. */
  scoped: AlarmEvidence[];
}

export function namedAlarms(x: Experiment): string[] {
  return [...new Set([...x.expect.alarms.map((a) => a.name), ...x.guardrails.stopOn])];
}

export async function collectAlarmEvidence(aws: Aws, x: Experiment, initialStates: Record<string, string>, startMs: number, endMs: number): Promise<AlarmEvidenceFile> {
  const names = namedAlarms(x);
  const prefix = x.expect.unexpectedAlarms?.prefix;
  const existing = new Set([...(names.length ? await aws.cloudwatch.describeAlarms({ names }) : []).map((a) => a.name)]);
  const scopedNames = prefix ? (await aws.cloudwatch.describeAlarms({ prefix })).map((a) => a.name) : [];
  // History per alarm: only the alarms this drill judges, so the role needs no account-wide history (docs/iam.md).
  const history = new Map<string, AlarmEvidence['transitions']>();
  for (const name of new Set([...names.filter((n) => existing.has(n)), ...scopedNames])) {
    const items = await aws.cloudwatch.alarmHistory(new Date(startMs), new Date(endMs), name);
    history.set(name, items.filter((t) => t.newState).map((t) => ({ atMs: t.at, from: t.oldState ?? '', to: t.newState ?? '', reason: t.summary })));
  }
  const evidenceFor = (name: string, exists: boolean): AlarmEvidence => ({
    name,
    exists,
    ...(initialStates[name] ? { initialState: initialStates[name] } : {}),
    transitions: history.get(name) ?? [],
  });
  return {
    windowStartMs: startMs,
    windowEndMs: endMs,
    alarms: names.map((n) => evidenceFor(n, existing.has(n))),
    scoped: scopedNames.map((n) => evidenceFor(n, true)),
  };
}

/** One series of evidence/metrics.json: a metric the experiment names, with its datapoints (oldest first). */
export interface CollectedSeries extends MetricEvidence {
  points: Array<{ at: number; value: number }>;
}

export async function collectMetricEvidence(aws: Aws, x: Experiment, startMs: number, endMs: number): Promise<CollectedSeries[]> {
  if (x.metrics.length === 0) return [];
  const queries = x.metrics.map((m, i) => ({ id: `m${i}`, namespace: m.namespace, metricName: m.name, dimensions: m.dimensions, stat: m.stat, periodSeconds: m.periodSeconds }));
  const series = await aws.cloudwatch.metricSeries(queries, new Date(startMs), new Date(endMs));
  return x.metrics.map((m, i) => ({ ...m, points: series[i]?.points ?? [] }));
}

export async function collectEvidence(aws: Aws, runDir: RunDir, x: Experiment, initialStates: Record<string, string>, startMs: number, endMs: number): Promise<void> {
  runDir.writeJson('evidence/alarms.json', await collectAlarmEvidence(aws, x, initialStates, startMs, endMs));
  runDir.writeJson('evidence/metrics.json', await collectMetricEvidence(aws, x, startMs, endMs));
}
