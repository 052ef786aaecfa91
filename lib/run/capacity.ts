// The capacity table of a stepped arrival-rate drill (scenarios/capacity.ts): the steps come from the same
// parameters the scenario ran with (the config file the runner wrote, then load.env CAPACITY, as the scenario
// layers them), the figures from the evidence, the knee from lib/evidence/capacity.ts.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CapacitySpec } from '../../scenarios/lib/params.ts';
import { capacitySteps } from '../../scenarios/lib/plans.ts';
import { capacityTable } from '../evidence/capacity.ts';
import type { EvidenceStore } from '../evidence/store.ts';
import type { CapacityTable } from '../../reports/model.ts';
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
  const table = capacityTable(store, capacitySteps(spec), record.loadStartMs);
  return {
    steps: table.rows.map((r) => ({ target: r.targetRate, rps: r.rps, p99Ms: r.p99Ms, errorRate: r.errorRatio })),
    ...(table.degradesAt !== undefined ? { degradationStep: table.degradesAt } : {}),
    ...(table.failsAt !== undefined ? { failureStep: table.failsAt } : {}),
  };
}
