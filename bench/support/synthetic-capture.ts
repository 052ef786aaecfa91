// A k6 capture of any size without running k6 for minutes: the rows k6 2.2 writes for one api-mix request (9 HTTP
// rows, 2 checks, 4 iteration rows; columns of `--system-tags status`, unix_milli timestamps), repeated with
// deterministic durations. Also the same samples in k6's JSON output format, for the jq comparison.
import { createWriteStream, type WriteStream } from 'node:fs';
import { createGzip } from 'node:zlib';
import { once } from 'node:events';
import { CATEGORIES } from '../../scenarios/lib/slo.ts';
import { prng } from '../../test/support/prng.ts';

export const ROWS_PER_REQUEST = 15;


const HTTP_METRICS = ['http_reqs', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending', 'http_req_waiting', 'http_req_receiving', 'http_req_failed'];
const BASE_MS = [2, 8, 5, 12, 40];


interface Request {
  ts: number;
  category: string;
  status: number;
  durationMs: number;
}

function csvRows(r: Request): string {
  const tags = `${r.status},category=${r.category},`;
  let out = '';
  for (const metric of HTTP_METRICS) {
    const value = metric === 'http_reqs' ? 1 : metric === 'http_req_duration' || metric === 'http_req_waiting' ? r.durationMs : metric === 'http_req_failed' ? (r.status >= 400 ? 1 : 0) : 0.01;
    out += `${metric},${r.ts},${value.toFixed(6)},${tags}\n`;
  }
  out += `checks,${r.ts},1.000000,,,\nchecks,${r.ts},1.000000,,,\n`;
  out += `data_sent,${r.ts},121.000000,,,\ndata_received,${r.ts},221.000000,,,\niteration_duration,${r.ts},${(r.durationMs + 0.3).toFixed(6)},,,\niterations,${r.ts},1.000000,,,\n`;
  return out;
}

function jsonRows(r: Request): string {
  const time = new Date(r.ts).toISOString();
  const point = (metric: string, value: number, tags: string) => `{"metric":"${metric}","type":"Point","data":{"time":"${time}","value":${value},"tags":${tags}}}\n`;
  const tags = `{"category":"${r.category}","status":"${r.status}"}`;
  let out = '';
  for (const metric of HTTP_METRICS) out += point(metric, metric === 'http_req_duration' ? r.durationMs : 1, tags);
  out += point('checks', 1, '{}') + point('checks', 1, '{}') + point('data_sent', 121, '{}') + point('data_received', 221, '{}');
  out += point('iteration_duration', r.durationMs + 0.3, '{}') + point('iterations', 1, '{}');
  return out;
}

async function write(stream: WriteStream | ReturnType<typeof createGzip>, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export interface CaptureFiles {
  csv: string;
  csvGz: string;
  json: string;
  requests: number;
  rows: number;
}

/** Which files to write besides the gzip-compressed CSV. */
export interface CaptureKinds {
  csv: boolean;
  json: boolean;
}

/** Write `requests` requests at `rps` requests per second to <prefix>.csv.gz, and .csv and .json if asked. */
export async function writeSyntheticCapture(prefix: string, requests: number, kinds: CaptureKinds, rps = 5000): Promise<CaptureFiles> {
  const files = { csv: `${prefix}.csv`, csvGz: `${prefix}.csv.gz`, json: `${prefix}.json` };
  const csv = kinds.csv ? createWriteStream(files.csv) : undefined;
  const gzFile = createWriteStream(files.csvGz);
  const gz = createGzip({ level: 6 });
  gz.pipe(gzFile);
  const js = kinds.json ? createWriteStream(files.json) : undefined;
  const header = 'metric_name,timestamp,metric_value,status,extra_tags,metadata\n';
  if (csv) await write(csv, header);
  await write(gz, header);
  const random = prng(42);
  const start = Date.UTC(2026, 5, 1, 12);
  const batch = 2000;
  for (let i = 0; i < requests; i += batch) {
    let csvText = '';
    let jsonText = '';
    for (let j = i; j < Math.min(requests, i + batch); j++) {
      const c = j % CATEGORIES.length;
      const durationMs = Number(((BASE_MS[c] ?? 1) * (1 + Math.exp(random() * 2 - 1) * 0.3)).toFixed(6));
      const request = { ts: start + Math.floor((j * 1000) / rps), category: CATEGORIES[c] as string, status: random() < 0.01 ? 503 : 200, durationMs };
      csvText += csvRows(request);
      if (js) jsonText += jsonRows(request);
    }
    if (csv) await write(csv, csvText);
    await write(gz, csvText);
    if (js) await write(js, jsonText);
  }
  csv?.end();
  gz.end();
  js?.end();
  await Promise.all([csv ? once(csv, 'close') : undefined, once(gzFile, 'close'), js ? once(js, 'close') : undefined]);
  return { ...files, requests, rows: requests * ROWS_PER_REQUEST + 1 };
}
