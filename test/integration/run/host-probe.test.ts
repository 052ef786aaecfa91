import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSample } from '../../../assertions/evidence.ts';
import { readHost } from '../../../lib/run/evidence-loader.ts';
import { startHostProbe, type HostProbe } from '../../../lib/run/host-probe.ts';

// The probe on this Linux machine's real /proc: what it writes, how it stops, and that it never throws where it
// cannot read or write.
const dir = mkdtempSync(join(tmpdir(), 'firedrill-host-probe-'));
const probes: HostProbe[] = [];
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(probes.map((p) => p.stop()));
  rmSync(dir, { recursive: true, force: true });
});

function probe(file: string, intervalMs: number, source?: Parameters<typeof startHostProbe>[2]): HostProbe {
  const p = startHostProbe(file, intervalMs, source);
  probes.push(p);
  return p;
}

const lines = (file: string): HostSample[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as HostSample) : []);

async function until<T>(what: string, get: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('startHostProbe on this machine', () => {
  it('writes one sample per interval with figures in 0-100 and the CPU count, and stops cleanly', async () => {
    const file = join(dir, 'host.ndjson');
    const p = probe(file, 100);
    const written = await until('3 samples', () => (lines(file).length >= 3 ? lines(file) : undefined));
    await p.stop();
    const atStop = lines(file);
    for (const s of written) {
      for (const v of [s.busyPct, s.stealPct, s.iowaitPct]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(100);
      }
      expect(s.busyPct + s.iowaitPct).toBeLessThanOrEqual(100.1);
      expect(s.cpus).toBe(cpus().length);
      expect(s.intervalMs).toBeGreaterThanOrEqual(50);
      expect(s.intervalMs).toBeLessThan(2000);
      expect(s.load1 === null || s.load1 >= 0).toBe(true);
    }
    expect(written.map((s) => s.atMs)).toEqual([...written.map((s) => s.atMs)].sort((a, b) => a - b));
    expect(p.latest()).toEqual(atStop.at(-1));
    // Stopped means stopped: several intervals later, nothing more was written.
    await new Promise((r) => setTimeout(r, 350));
    expect(lines(file)).toEqual(atStop);
    expect(readHost(file)).toEqual(atStop);
  });

  it('sees a process spinning on a CPU as busy', async () => {
    const file = join(dir, 'spin.ndjson');
    const spinner = spawn(process.execPath, ['-e', 'const end = Date.now() + 3000; while (Date.now() < end);'], { stdio: 'ignore' });
    children.push(spinner);
    const p = probe(file, 200);
    // One CPU of N fully busy is 100/N % of all CPUs; allow for the spinner being scheduled out briefly.
    const floor = (0.8 * 100) / cpus().length;
    const busy = await until(`a sample at >= ${floor} % busy`, () => lines(file).find((s) => s.busyPct >= floor), 4000);
    expect(busy.busyPct).toBeLessThanOrEqual(100);
    await p.stop();
    spinner.kill('SIGKILL');
  });

  it('adds the interval since the last tick on stop when it is at least a quarter of one, and nothing shorter', async () => {
    const tail = join(dir, 'tail.ndjson');
    const p = probe(tail, 400);
    const startedAt = Date.now();
    await until('150 ms to pass', () => (Date.now() - startedAt >= 150 ? true : undefined));
    await p.stop();
    const [only, ...more] = lines(tail);
    expect(more).toEqual([]);
    expect(only!.intervalMs).toBeGreaterThanOrEqual(150);
    expect(only!.intervalMs).toBeLessThan(400);

    const none = join(dir, 'none.ndjson');
    await probe(none, 60_000).stop();
    expect(existsSync(none)).toBe(false);
  });

  it('records nothing and never throws where /proc/stat does not exist, and survives a file it cannot write', async () => {
    const file = join(dir, 'elsewhere.ndjson');
    const p = probe(file, 50, { stat: join(dir, 'no-proc', 'stat'), loadavg: join(dir, 'no-proc', 'loadavg') });
    await p.stop();
    expect(existsSync(file)).toBe(false);
    expect(p.latest()).toBeUndefined();

    const unwritable = probe(join(dir, 'missing-dir', 'host.ndjson'), 50);
    const sample = await until('a sample it could not write', () => unwritable.latest());
    expect(sample.busyPct).toBeGreaterThanOrEqual(0);
    await unwritable.stop();
  });
});

describe('readHost', () => {
  it('reads samples oldest first and leaves out lines a killed drill left broken, and an absent file is no samples', () => {
    const file = join(dir, 'mixed.ndjson');
    const sample = (atMs: number): HostSample => ({ atMs, intervalMs: 2000, cpus: 2, busyPct: 50, stealPct: 1, iowaitPct: 2, load1: 0.5 });
    appendFileSync(file, `${JSON.stringify(sample(2000))}\n${JSON.stringify(sample(1000))}\n{"atMs": 3000, "busyPct": "high"}\n{"atMs": 4000, "intervalMs": 20`);
    expect(readHost(file)).toEqual([sample(1000), sample(2000)]);
    expect(readHost(join(dir, 'absent.ndjson'))).toEqual([]);
  });
});
