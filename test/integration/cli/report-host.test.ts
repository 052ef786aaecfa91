import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSample } from '../../../assertions/evidence.ts';
import { projectRoot } from '../../../lib/paths.ts';
import { HOST_FILE } from '../../../lib/run/evidence-loader.ts';
import type { Report } from '../../../reports/model.ts';
import { firedrill } from '../../support/cli.ts';

// The flagship run directory recorded on the sandbox, with and without the load generator's host samples: the
// report says when the machine measuring the latency was starved, and never changes the verdict for it.
const FIXTURE = join(projectRoot, 'test', 'fixtures', 'runs', 'pool-exhaustion');
const work = mkdtempSync(join(tmpdir(), 'firedrill-report-host-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copyRun(name: string): string {
  const dir = join(work, name);
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Samples every 2 s over the load, starved (busy 97 %, steal 12 %) during the baseline phase only. */
function writeHost(dir: string): void {
  const run = readJson<{ loadStartMs: number; loadEndMs: number; phases: Array<{ name: string; endMs: number }> }>(join(dir, 'run.json'));
  const baselineEnd = run.phases.find((p) => p.name === 'baseline')!.endMs;
  const lines: string[] = [];
  for (let at = run.loadStartMs + 2000; at <= run.loadEndMs; at += 2000) {
    const starved = at <= baselineEnd;
    const sample: HostSample = { atMs: at, intervalMs: 2000, cpus: 2, busyPct: starved ? 97 : 40, stealPct: starved ? 12 : 0, iowaitPct: 1, load1: 1.5 };
    lines.push(JSON.stringify(sample));
  }
  writeFileSync(join(dir, HOST_FILE), `${lines.join('\n')}\n`);
}

describe('firedrill report with the load generator host samples', () => {
  it('prints the host line after the checks, warns about the starved baseline, and keeps the verdict', async () => {
    const plainDir = copyRun('plain');
    const plain = await firedrill(['report', plainDir]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).not.toContain('load generator host');
    expect(readJson<Report>(join(plainDir, 'report.json')).host).toBeUndefined();

    const dir = copyRun('starved');
    writeHost(dir);
    const result = await firedrill(['report', dir]);
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout.split('\n');
    const hostLine = out.findIndex((l) => l.startsWith('load generator host: CPU busy mean '));
    expect(out[hostLine]).toMatch(/^load generator host: CPU busy mean \d+ % \(max 97 %\), steal 12 %, iowait 1 %; saturated in \d+ of \d+ samples \(\d+s\)$/);
    expect(hostLine).toBeGreaterThan(out.findLastIndex((l) => /^ {2}(ok|FAIL|warn|skip)/.test(l)));
    expect(hostLine).toBeLessThan(out.findIndex((l) => l.startsWith('verdict: PASS (exit 0)')));

    const report = readJson<Report>(join(dir, 'report.json'));
    const before = readJson<Report>(join(plainDir, 'report.json'));
    expect([report.verdict, report.checks]).toEqual([before.verdict, before.checks]);
    expect(report.host!.phases.map((p) => [p.phase, p.saturatedSamples > 0])).toEqual([
      ['baseline', true],
      ['small-pool', false],
      ['recovery', false],
    ]);
    const warning = report.observations.find((o) => o.text.startsWith('The machine running the drill was saturated during baseline'));
    expect(warning?.severity).toBe('warning');
    expect(readFileSync(join(dir, 'report.md'), 'utf8')).toMatch(/- \*\*Load generator\*\*: CPU busy mean \d+ % \(max 97 %\), steal 12 %, iowait 1 % \(2 CPUs, \d+ samples, saturated for \d+s\)\n/);
  });
});
