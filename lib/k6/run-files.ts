// The files one k6 run leaves in the run directory, and the two the harness generates before starting it:
// scenario-config.json (the scenario's parameters, read by scenarios/lib/config.ts through FIREDRILL_CONFIG) and
// k6-options.json (k6's --config file, which also keeps a personal ~/.config/k6/config.json out of the run).
import { rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InvalidInputError } from '../errors.ts';
import { mergeParams, paramProblems, type ScenarioParams } from '../../scenarios/lib/params.ts';
import { plannedLoadMs, type StockScenario } from '../../scenarios/lib/plans.ts';

export interface RunFiles {
  scenarioConfig: string;
  k6Options: string;
  /** k6's raw CSV output (gzip-compressed to samplesGz after the run unless told otherwise). */
  samples: string;
  samplesGz: string;
  /** The ingested evidence (HdrHistogram log, lib/evidence/README.md). */
  evidence: string;
  /** k6's --summary-export. */
  summary: string;
  stdout: string;
  stderr: string;
  /** What was run and how it ended (K6RunRecord). */
  record: string;
}

export function runFiles(runDir: string): RunFiles {
  const at = (name: string) => join(runDir, name);
  return {
    scenarioConfig: at('scenario-config.json'),
    k6Options: at('k6-options.json'),
    samples: at('k6-samples.csv'),
    samplesGz: at('k6-samples.csv.gz'),
    evidence: at('evidence.hlog'),
    summary: at('k6-summary.json'),
    stdout: at('k6-stdout.log'),
    stderr: at('k6-stderr.log'),
    record: at('k6-run.json'),
  };
}

/**
 * Remove what an earlier run left under the same names. A stale capture would otherwise be read as this run's
 * evidence before k6 gets to truncate it, and a stale summary would outlive a k6 that dies without writing one.
 */
export function clearRunFiles(files: RunFiles): void {
  for (const file of [files.samples, files.samplesGz, files.summary, files.evidence, files.stdout, files.stderr, files.record]) rmSync(file, { force: true });
}

/** The trend statistics k6 puts in its summary: enough to compare with the evidence (p50/p95/p99, count). */
export const SUMMARY_TREND_STATS = ['avg', 'min', 'med', 'max', 'p(50)', 'p(90)', 'p(95)', 'p(99)', 'count'];

/** k6's --config file. Script options win over it, so it only holds defaults the harness wants. */
export function k6OptionsFile(): Record<string, unknown> {
  return { noUsageReport: true, summaryTrendStats: SUMMARY_TREND_STATS, setupTimeout: '60s', teardownTimeout: '60s' };
}

/** Validate the scenario parameters, write both generated files and return the resolved parameters. */
export function writeRunConfig(files: RunFiles, params: Record<string, unknown>): ScenarioParams {
  const problems = paramProblems(params, 'load.');
  if (problems.length > 0) {
    throw new InvalidInputError(files.scenarioConfig, problems.map((p) => ({ path: p.slice(0, p.indexOf(':')), message: p.slice(p.indexOf(':') + 2) })));
  }
  writeFileSync(files.scenarioConfig, `${JSON.stringify(params, null, 2)}\n`);
  writeFileSync(files.k6Options, `${JSON.stringify(k6OptionsFile(), null, 2)}\n`);
  return mergeParams(params);
}

const STOCK: Record<string, StockScenario> = { 'api-mix.ts': 'api-mix', 'smoke.ts': 'smoke', 'capacity.ts': 'capacity', 'monthly.ts': 'monthly' };

/** Planned load length of a stock scenario with these parameters; undefined for other scripts. */
export function plannedDurationMs(scenario: string, params: ScenarioParams): number | undefined {
  const stock = STOCK[basename(scenario)];
  return stock ? plannedLoadMs(stock, params) : undefined;
}

/** `max duration: 2m15s` in k6's start-up banner: the fallback plan for scenarios the harness does not know. */
export function bannerMaxDurationMs(stdout: string): number | undefined {
  const m = /(\d+(?:\.\d+)?(?:h|m|s|ms))+ max duration/.exec(stdout)?.[0];
  if (!m) return undefined;
  let total = 0;
  for (const [, n, unit] of m.matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) total += Number(n) * ({ ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit as 'ms'] ?? 0);
  return total;
}
