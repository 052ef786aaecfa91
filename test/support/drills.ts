// End-to-end drills through the real CLI against the real sandbox, with experiments written for the test.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firedrill, type CliResult } from './cli.ts';
import { sandboxEnv } from './sandbox.ts';

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
