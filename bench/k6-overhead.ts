// Load-generation overhead of firedrill's runner with evidence capture on, versus bare `k6 run` with no outputs:
// the same scenario (api-mix, no think time), the same VUs, against a trivial loopback server, k6 saturated.
// Target: >= 0.90x. Two ways to run it:
//   --mode sequential: bare, then firedrill, alternating order each round; the verdict is the median of the
//     per-round throughput ratios. What the target describes, but on a machine other work shares, throughput
//     swings more between runs than the overhead being measured.
//   --mode paired (default): in each round bare and firedrill run at the same time, each against its own server,
//     each k6 in its own session so the scheduler gives them equal CPU. Whatever else the machine does hits both
//     at once, and the throughput ratio is the ratio of work done per CPU.
// Both also report CPU seconds per 1000 requests (k6 plus the harness's own, e.g. live ingest).
//   npx tsx bench/k6-overhead.ts [--mode paired|sequential] [--rounds 5] [--seconds 10] [--vus 20] [--all]
// --all adds references: bare k6 with firedrill's system tags, firedrill with k6's default GOGC=100 instead of
// the runner's 200 (the capture's own cost), firedrill with ingest after the run instead of live, and k6's
// plain `--out csv` with default tags.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { findK6 } from '../lib/k6/binary.ts';
import { startK6 } from '../lib/k6/runner.ts';
import { timedK6 } from './support/cpu-time.ts';
import { startChild, type Child } from './support/child.ts';

const { values: flags } = parseArgs({
  options: { mode: { type: 'string', default: 'paired' }, rounds: { type: 'string', default: '5' }, seconds: { type: 'string', default: '10' }, vus: { type: 'string', default: '20' }, all: { type: 'boolean', default: false } },
});
if (flags.mode !== 'paired' && flags.mode !== 'sequential') throw new Error(`--mode: expected paired or sequential, got ${flags.mode}`);
const rounds = Number(flags.rounds);
const seconds = Number(flags.seconds);
const vus = Number(flags.vus);
const scenario = resolve('scenarios/api-mix.ts');
const k6Path = (await findK6())?.path ?? '/tmp/k6mod/bin/k6';
const work = mkdtempSync(join(tmpdir(), 'firedrill-bench-'));

/** Requests per second, and CPU seconds per 1000 requests spent generating them (k6 plus the harness). */
type Measure = { rps: number; cpuPerKiloRequest: number; harnessPerKiloRequest: number };
type Variant = { name: string; run: (baseUrl: string, dir: string) => Promise<Measure> };

function params(baseUrl: string) {
  return { baseUrl, thinkTimeMs: 0, stages: [{ duration: '1s', target: vus }, { duration: `${seconds}s`, target: vus }] };
}

/** `k6 run` as a user would, with only the flags named; throughput from k6's own summary. */
function bareK6(extraArgs: string[], env: Record<string, string> = {}) {
  return async (baseUrl: string, dir: string): Promise<Measure> => {
    const timed = timedK6(k6Path, dir);
    const config = join(dir, 'scenario-config.json');
    const summary = join(dir, 'summary.json');
    writeFileSync(config, JSON.stringify(params(baseUrl)));
    const child = spawn(timed.path, ['run', '-q', '--no-usage-report', '--summary-export', summary, ...extraArgs, scenario], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', FIREDRILL_CONFIG: config, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
      // Like the runner's k6: its own session. With the kernel's autogroup scheduling a session is the unit the
      // CPU is shared between, so both sides must sit in the same arrangement on a busy machine.
      detached: true,
    });
    const code = await new Promise<number | null>((done) => child.once('exit', done));
    if (code !== 0 && code !== 99) throw new Error(`k6 exited with ${code}`);
    const reqs = (JSON.parse(readFileSync(summary, 'utf8')) as { metrics: { http_reqs: { rate: number; count: number } } }).metrics.http_reqs;
    return { rps: reqs.rate, cpuPerKiloRequest: (timed.cpuSeconds() * 1000) / reqs.count, harnessPerKiloRequest: 0 };
  };
}

function firedrill(liveEvidence: boolean, env: Record<string, string> = {}) {
  return async (baseUrl: string, dir: string): Promise<Measure> => {
    const timed = timedK6(k6Path, dir);
    const before = process.cpuUsage();
    const run = await startK6({ k6Path: timed.path, scenario, runDir: join(dir, 'run'), params: params(baseUrl), liveEvidence, raw: 'delete', env });
    await run.exited;
    // The harness's own CPU while k6 ran (live ingest, polling) competes with k6 for the same cores.
    const harness = process.cpuUsage(before);
    const result = await run.done;
    if (!result.loadCompleted) throw new Error(`firedrill run ended ${result.outcome}: ${result.stderrTail}`);
    result.evidence.dispose();
    const reqs = result.summary?.metrics.http_reqs?.values ?? {};
    const harnessSeconds = (harness.user + harness.system) / 1e6;
    const count = reqs.count ?? Number.NaN;
    return { rps: reqs.rate ?? 0, cpuPerKiloRequest: ((timed.cpuSeconds() + harnessSeconds) * 1000) / count, harnessPerKiloRequest: (harnessSeconds * 1000) / count };
  };
}

const variants: Variant[] = [
  { name: 'bare k6 (no outputs)', run: bareK6([]) },
  { name: 'firedrill runner, live evidence', run: firedrill(true) },
  ...(flags.all
    ? [
        { name: 'bare k6, --system-tags status', run: bareK6(['--system-tags', 'status']) },
        { name: 'firedrill runner, live, k6 GC default', run: firedrill(true, { GOGC: '100' }) },
        { name: 'firedrill runner, ingest after run', run: firedrill(false) },
        { name: 'k6 --out csv (default tags)', run: bareK6(['--out', `csv=${join(work, 'plain.csv')}`]) },
      ]
    : []),
];

const servers: Child[] = [];
const startServer = async () => {
  const server = await startChild(['--import', 'tsx', resolve('bench/support/trivial-server.ts')]);
  servers.push(server);
  return `http://127.0.0.1:${server.firstLine}`;
};

async function measure(variant: Variant, baseUrl: string): Promise<Measure> {
  const dir = mkdtempSync(join(work, 'run-'));
  try {
    return await variant.run(baseUrl, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(round: number, variant: Variant, m: Measure): void {
  const harness = m.harnessPerKiloRequest > 0 ? ` (harness ${m.harnessPerKiloRequest.toFixed(3)})` : '';
  console.log(`round ${round}  ${variant.name.padEnd(36)} ${m.rps.toFixed(0).padStart(7)} req/s  ${m.cpuPerKiloRequest.toFixed(3)} CPU s / 1000 req${harness}`);
}

try {
  const urls = [await startServer(), await startServer()];
  console.log(`k6 ${k6Path}; api-mix, ${vus} VUs, ${seconds} s per run, ${rounds} rounds, mode ${flags.mode}`);
  // measures[i][r]: variant i in round r; in paired mode bare[i][r] is the bare run that ran alongside it.
  const measures = variants.map(() => [] as Measure[]);
  const bare = variants.map(() => [] as Measure[]);
  for (let round = 1; round <= rounds; round++) {
    for (const [i, variant] of variants.entries()) {
      if (i === 0) continue;
      if (flags.mode === 'paired') {
        const [b, m] = await Promise.all([measure(variants[0]!, urls[0]!), measure(variant, urls[1]!)]);
        bare[i]!.push(b);
        measures[i]!.push(m);
        report(round, variants[0]!, b);
        report(round, variant, m);
      } else {
        // Alternate the order each round so a slow spell does not always hit the same side.
        const first = round % 2 === 1;
        const b1 = first ? await measure(variants[0]!, urls[0]!) : undefined;
        const m = await measure(variant, urls[0]!);
        const b = b1 ?? (await measure(variants[0]!, urls[0]!));
        bare[i]!.push(b);
        measures[i]!.push(m);
        for (const [v, x] of first ? ([[variants[0]!, b], [variant, m]] as const) : ([[variant, m], [variants[0]!, b]] as const)) report(round, v, x);
      }
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
  console.log(`\nvs bare k6 (${flags.mode}): throughput ratio, median of per-round ratios [each round] | CPU-cost ratio (bare CPU per request / this one)`);
  for (const [i, variant] of variants.entries()) {
    if (i === 0) continue;
    const ratios = measures[i]!.map((m, r) => m.rps / bare[i]![r]!.rps);
    const cpu = median(bare[i]!.map((m) => m.cpuPerKiloRequest)) / median(measures[i]!.map((m) => m.cpuPerKiloRequest));
    const verdict = i === 1 ? `  target >= 0.90x: ${median(ratios) >= 0.9 ? 'met' : 'NOT met'}` : '';
    console.log(`  ${variant.name.padEnd(36)} ${median(ratios).toFixed(3)}x [${ratios.map((r) => r.toFixed(2)).join(', ')}] | ${cpu.toFixed(3)}x${verdict}`);
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()));
  rmSync(work, { recursive: true, force: true });
}
