// End-to-end drills through the real CLI against the real sandbox, with experiments written for the test.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firedrill, type CliResult } from './cli.ts';
import { sandboxEnv, TEST_STATE_DIR } from './sandbox.ts';

export interface DrillRun extends CliResult {
  runDir: string;
  report: {
    verdict: string;
    exitCode: number;
    checks: Array<{ name: string; ok: boolean; strict: boolean; observed: string; message: string }>;
    alarms: Array<{ name: string; expectation: string; ok: boolean; timeToAlarmSeconds?: number | null; timeToRecoverSeconds?: number | null }>;
  };
  record: { outcome: string; abortReason?: string; abortTiming?: { seenAtMs: number; k6StoppedAtMs: number; faultsRestoredAtMs: number } };
}

/** Write an experiment to a temp file (YAML text) and return its path. */
export function experimentFile(name: string, yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-exp-'));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

export async function runDrill(experiment: string, extra: string[] = []): Promise<DrillRun> {
  const out = mkdtempSync(join(tmpdir(), 'firedrill-runs-'));
  const result = await firedrill(['run', experiment, '--out', out, ...extra], { env: { ...sandboxEnv, CI: 'true' }, timeoutMs: 10 * 60_000 });
  const dirs = readdirSync(out);
  if (dirs.length !== 1) throw new Error(`expected one run directory in ${out}, found ${dirs.length}:\n${result.stderr}`);
  const runDir = join(out, dirs[0]!);
  const read = (f: string) => JSON.parse(readFileSync(join(runDir, f), 'utf8'));
  return { ...result, runDir, report: read('report.json'), record: read('run.json') };
}

/** IAM actions (service:Operation) of every AWS call the harness made during a drill, from the sandbox's request log. */
export function harnessCallsDuring(runDir: string): Set<string> {
  const from = statSync(join(runDir, 'experiment.json')).mtimeMs;
  const to = statSync(join(runDir, 'run.json')).mtimeMs;
  const log = join(TEST_STATE_DIR, 'sandbox', 'aws-requests.ndjson');
  const calls = new Set<string>();
  for (const line of readFileSync(log, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line) as { time: string; service: string; operation: string };
    const at = Date.parse(entry.time);
    // PutMetricData comes from the sandbox's own publishers (tasks, load balancer); the harness never writes metrics.
    if (at >= from && at <= to && entry.operation !== 'PutMetricData') calls.add(`${entry.service}:${entry.operation}`);
  }
  return calls;
}

/** The policy `firedrill iam-policy` prints for the experiment grants every call the drill made. */
export async function expectPolicyCoversDrill(experiment: string, runDir: string): Promise<void> {
  const printed = await firedrill(['iam-policy', experiment], { env: sandboxEnv });
  expect(printed.code, printed.stderr).toBe(0);
  const policy = JSON.parse(printed.stdout) as { Statement: Array<{ Action: string[] }> };
  const granted = new Set(policy.Statement.flatMap((s) => s.Action));
  const calls = harnessCallsDuring(runDir);
  expect(calls.size).toBeGreaterThan(3);
  expect([...calls].filter((c) => !granted.has(c))).toEqual([]);
}
