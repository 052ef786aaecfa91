// Evidence ingest speed and memory: a k6 capture of >= 5 million samples (CSV rows, 15 per request) ingested into
// the evidence store, versus jq extracting the same fields from the equivalent k6 JSON output, versus plain
// decompression (zcat, the floor for a .gz capture). Each contender runs as its own process under GNU time for
// its peak RSS. A capture 4x larger is ingested too, to show memory does not grow with size.
// Targets: >= 1.5 M samples/s, peak RSS < 150 MB.
//   npx tsx bench/ingest-evidence.ts [--requests 350000] [--no-jq] [--no-large]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GNU_TIME, gnuTimeAvailable } from './support/cpu-time.ts';
import { ROWS_PER_REQUEST, writeSyntheticCapture } from './support/synthetic-capture.ts';

const { values: flags } = parseArgs({ options: { requests: { type: 'string', default: '350000' }, 'no-jq': { type: 'boolean', default: false }, 'no-large': { type: 'boolean', default: false } } });
const requests = Number(flags.requests);
if (!gnuTimeAvailable()) throw new Error(`${GNU_TIME} (GNU time) is needed to measure peak RSS; install the "time" package`);

interface Measured {
  name: string;
  samples: number;
  seconds: number;
  rssMB: number;
}

/** Run `command` under GNU time; returns wall seconds, peak RSS and stdout. */
async function timed(command: string[], stdoutToNull: boolean): Promise<{ seconds: number; rssMB: number; stdout: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-time-'));
  const report = join(dir, 'time.txt');
  const args = ['-f', '%e %M', '-o', report, ...(stdoutToNull ? ['sh', '-c', `${command.map((c) => `'${c}'`).join(' ')} > /dev/null`] : command)];
  const child = spawn(GNU_TIME, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  const [seconds, rssKB] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`${command.join(' ')} exited with ${code}`);
  return { seconds: seconds ?? Number.NaN, rssMB: (rssKB ?? Number.NaN) / 1024, stdout };
}

/** firedrill's ingest in its own process; the ingest time is measured inside it, excluding Node start-up. */
async function ingest(name: string, capture: string, rows: number, work: string): Promise<Measured> {
  const run = await timed([process.execPath, '--import', 'tsx', resolve('bench/support/ingest-once.ts'), capture, join(work, 'evidence.hlog')], false);
  const inside = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}') as { seconds: number; requests: number };
  if (inside.requests * ROWS_PER_REQUEST + 1 !== rows) throw new Error(`${name}: ingested ${inside.requests} requests, expected ${(rows - 1) / ROWS_PER_REQUEST}`);
  return { name, samples: rows, seconds: inside.seconds, rssMB: run.rssMB };
}

async function external(name: string, command: string[], rows: number): Promise<Measured> {
  const run = await timed(command, true);
  return { name, samples: rows, seconds: run.seconds, rssMB: run.rssMB };
}

const work = mkdtempSync(join(tmpdir(), 'firedrill-ingest-bench-'));
try {
  console.log(`writing a synthetic k6 capture: ${requests} requests = ${requests * ROWS_PER_REQUEST} samples ...`);
  const capture = await writeSyntheticCapture(join(work, 'capture'), requests, { csv: true, json: !flags['no-jq'] });
  const mb = (file: string) => (statSync(file).size / 1e6).toFixed(0);
  console.log(`  csv ${mb(capture.csv)} MB, csv.gz ${mb(capture.csvGz)} MB${flags['no-jq'] ? '' : `, json ${mb(capture.json)} MB`}`);
  const rows = capture.rows;
  const results: Measured[] = [];
  results.push(await external('zcat capture.csv.gz (floor)', ['zcat', capture.csvGz], rows));
  results.push(await ingest('firedrill ingest, capture.csv.gz', capture.csvGz, rows, work));
  results.push(await external('cat capture.csv (floor)', ['cat', capture.csv], rows));
  results.push(await ingest('firedrill ingest, capture.csv', capture.csv, rows, work));
  if (!flags['no-jq']) {
    const filter = 'select(.metric == "http_req_duration") | [.data.time, .data.value, .data.tags.category, .data.tags.status]';
    results.push(await external('jq on the equivalent k6 JSON', ['jq', '-c', filter, capture.json], rows - 1));
  }
  rmSync(capture.csv, { force: true });
  rmSync(capture.json, { force: true });
  if (!flags['no-large']) {
    const large = await writeSyntheticCapture(join(work, 'large'), requests * 4, { csv: false, json: false });
    results.push(await ingest('firedrill ingest, 4x capture.csv.gz', large.csvGz, large.rows, work));
  }

  const rate = (m: Measured) => m.samples / m.seconds / 1e6;
  const byName = (prefix: string) => results.find((r) => r.name.startsWith(prefix));
  const named = (name: string) => results.find((r) => r.name === name);
  console.log(`\n${'contender'.padEnd(40)} ${'samples'.padStart(11)} ${'seconds'.padStart(8)} ${'M samples/s'.padStart(12)} ${'peak RSS MB'.padStart(12)}`);
  for (const m of results) {
    console.log(`${m.name.padEnd(40)} ${String(m.samples).padStart(11)} ${m.seconds.toFixed(2).padStart(8)} ${rate(m).toFixed(2).padStart(12)} ${m.rssMB.toFixed(0).padStart(12)}`);
  }
  const gz = named('firedrill ingest, capture.csv.gz');
  const plain = named('firedrill ingest, capture.csv');
  const zcat = byName('zcat');
  const jq = byName('jq');
  const ratio = (a?: Measured, b?: Measured) => (a && b ? `${(rate(a) / rate(b)).toFixed(2)}x` : 'n/a');
  console.log('\nratios (samples/s):');
  console.log(`  ingest .csv.gz vs zcat (decompression floor): ${ratio(gz, zcat)}`);
  console.log(`  ingest .csv.gz vs jq:                         ${ratio(gz, jq)}`);
  console.log(`  ingest .csv    vs jq:                         ${ratio(plain, jq)}`);
  const ingests = results.filter((r) => r.name.startsWith('firedrill'));
  const slowest = Math.min(...ingests.map(rate));
  const heaviest = Math.max(...ingests.map((m) => m.rssMB));
  console.log(`targets: >= 1.5 M samples/s: ${slowest >= 1.5 ? 'met' : 'NOT met'} (slowest ${slowest.toFixed(2)}); peak RSS < 150 MB: ${heaviest < 150 ? 'met' : 'NOT met'} (largest ${heaviest.toFixed(0)} MB)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
