import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../lib/paths.ts';
import { firedrill } from '../../support/cli.ts';

// A run directory recorded from a real flagship drill on the sandbox (run.json, alarm history, health samples and
// the k6 evidence log): `firedrill report` must rebuild its verdict and reports from that alone.
const FIXTURE = join(projectRoot, 'test', 'fixtures', 'runs', 'pool-exhaustion');

function copyRun(fixture = FIXTURE): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'firedrill-report-')), 'run');
  cpSync(fixture, dir, { recursive: true });
  return dir;
}

const readReport = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Record<string, unknown> & { generatedAt: string };

describe('firedrill report', () => {
  it('rebuilds the verdict and every report from the evidence, identically each time apart from generatedAt', async () => {
    const dir = copyRun();
    const first = await firedrill(['report', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('verdict: PASS (exit 0)');
    expect(first.stdout).toContain('ok   alarm sandbox-pool-wait fires within 1m of small-pool: ALARM 26.5s after small-pool');
    const a = readReport(dir);
    const second = await firedrill(['report', dir]);
    expect(second.code).toBe(0);
    const b = readReport(dir);
    expect({ ...b, generatedAt: 'x' }).toEqual({ ...a, generatedAt: 'x' });
    for (const f of ['report.md', 'report.html', 'junit.xml']) expect(readFileSync(join(dir, f), 'utf8').length).toBeGreaterThan(500);
  });

  it('flags a regression against a baseline, and fails the verdict with --fail-on-regression', async () => {
    const dir = copyRun();
    expect((await firedrill(['report', dir])).code).toBe(0);
    // Last month's report, in which the pool-wait alarm fired in 10 s: this run's 26.5 s is a regression (+165 %).
    const baseline = readReport(dir) as unknown as { alarms: Array<{ name: string; timeToAlarmSeconds: number | null }> };
    for (const alarm of baseline.alarms) if (alarm.name === 'sandbox-pool-wait') alarm.timeToAlarmSeconds = 10;
    const baselineFile = join(dir, '..', 'last-month.json');
    writeFileSync(baselineFile, JSON.stringify(baseline));
    const flagged = await firedrill(['report', dir, '--baseline', baselineFile]);
    expect(flagged.code, flagged.stderr).toBe(0);
    expect(flagged.stdout).toMatch(/regression/i);
    const failing = await firedrill(['report', dir, '--baseline', baselineFile, '--fail-on-regression']);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain('verdict: FAIL (exit 1)');
  });

  it('rebuilds the capacity table of a recorded capacity drill with the tasks\' CPU and memory per step', async () => {
    // Recorded from experiments/capacity.yaml on the sandbox: six arrival-rate steps, AWS/ECS series collected.
    const dir = copyRun(join(projectRoot, 'test', 'fixtures', 'runs', 'capacity'));
    const result = await firedrill(['report', dir]);
    expect(result.code, result.stderr).toBe(0);
    const { capacity } = readReport(dir) as unknown as { capacity: { steps: Array<{ target: number; rps: number; cpuPct?: number | null; memoryPct?: number | null }> } };
    expect(capacity.steps.map((s) => s.target)).toEqual([20, 65, 110, 155, 200, 245]);
    expect(capacity.steps.map((s) => Math.round(s.cpuPct!))).toEqual([2, 5, 7, 8, 9, 11]);
    for (const s of capacity.steps) expect(s.memoryPct).toBeGreaterThan(10);
    const table = readFileSync(join(dir, 'report.md'), 'utf8').split('### Capacity')[1]!;
    expect(table).toMatch(/\| 2 \| 65 \| 65\.1 req\/s \| [^|]+ \| 0 % \| 4\.87 % \| 17\.24 % \|/);
  });

  it('refuses a folder that is not a run directory with exit 2', async () => {
    const result = await firedrill(['report', mkdtempSync(join(tmpdir(), 'firedrill-empty-'))]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('not a run directory (no run.json)');
  });
});
