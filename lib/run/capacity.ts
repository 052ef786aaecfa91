// The capacity table of a stepped arrival-rate drill (scenarios/capacity.ts): the steps come from the same
// parameters the scenario ran with (the config file the runner wrote, then load.env CAPACITY, as the scenario
// layers them), the figures from the evidence, the knee from lib/evidence/capacity.ts, and the tasks' CPU and
// memory per step from the AWS/ECS series the experiment collected (evidence/metrics.json).
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CapacitySpec } from '../../scenarios/lib/params.ts';
import { capacitySteps, type CapacityStep as PlannedStep } from '../../scenarios/lib/plans.ts';
import { capacityTable } from '../evidence/capacity.ts';
import type { EvidenceStore } from '../evidence/store.ts';
import type { CapacityTable } from '../../reports/model.ts';
import type { CollectedSeries } from './collect.ts';
import type { RunRecord } from './run-record.ts';

export function isCapacityDrill(record: RunRecord): boolean {
  return basename(record.experiment.load.scenario) === 'capacity.ts';
}

export function drillCapacityTable(runDir: string, record: RunRecord, store: EvidenceStore): CapacityTable | undefined {
  const configFile = join(runDir, 'k6', 'scenario-config.json');
  if (!isCapacityDrill(record) || !existsSync(configFile)) return undefined;
  const fromFile = (JSON.parse(readFileSync(configFile, 'utf8')) as { capacity?: Partial<CapacitySpec> }).capacity ?? {};
  const fromEnv = record.experiment.load.env.CAPACITY ? (JSON.parse(record.experiment.load.env.CAPACITY) as Partial<CapacitySpec>) : {};
  const spec = { ...fromFile, ...fromEnv } as CapacitySpec;
  const steps = capacitySteps(spec);
  const table = capacityTable(store, steps, record.loadStartMs);
  const metrics = readCollectedSeries(runDir);
  const cpu = ecsSeries(metrics, 'CPUUtilization');
  const memory = ecsSeries(metrics, 'MemoryUtilization');
  const during = (series: CollectedSeries | undefined, step: PlannedStep) => (series ? meanDuring(series, record.loadStartMs + step.holdStartMs, record.loadStartMs + step.holdEndMs) : undefined);
  return {
    steps: table.rows.map((r, i) => {
      const [cpuPct, memoryPct] = [during(cpu, steps[i]!), during(memory, steps[i]!)];
      return { target: r.targetRate, rps: r.rps, p99Ms: r.p99Ms, errorRate: r.errorRatio, ...(cpuPct !== undefined ? { cpuPct } : {}), ...(memoryPct !== undefined ? { memoryPct } : {}) };
    }),
    ...(table.degradesAt !== undefined ? { degradationStep: table.degradesAt } : {}),
    ...(table.failsAt !== undefined ? { failureStep: table.failsAt } : {}),
  };
}

function readCollectedSeries(runDir: string): CollectedSeries[] {
  const file = join(runDir, 'evidence', 'metrics.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CollectedSeries[]) : [];
}

/** The tasks' utilisation the experiment asked for: AWS/ECS, by average (what the ECS console and alarms show). */
function ecsSeries(metrics: CollectedSeries[], name: 'CPUUtilization' | 'MemoryUtilization'): CollectedSeries | undefined {
  return metrics.find((m) => m.namespace === 'AWS/ECS' && m.name === name && m.stat === 'Average');
}

/**
 * Mean of the datapoints whose period starts inside [fromMs, toMs): a CloudWatch datapoint is stamped with the start
 * of its period. Null when the hold saw no datapoint (a series collected but empty then).
 */
export function meanDuring(series: Pick<CollectedSeries, 'points'>, fromMs: number, toMs: number): number | null {
  const inside = series.points.filter((p) => p.at >= fromMs && p.at < toMs);
  return inside.length === 0 ? null : inside.reduce((sum, p) => sum + p.value, 0) / inside.length;
}
