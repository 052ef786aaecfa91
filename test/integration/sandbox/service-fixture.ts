// Shared by the db/service integration tests: a real embedded Postgres in a temp state dir, the reference API as a
// real child process (sandbox/service/main.ts), and the sandbox CloudWatch to read what the API published.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { createCloudWatch } from '../../../sandbox/aws/cloudwatch/index.ts';
import { startAwsServer, type AwsServer } from '../../../sandbox/aws/server.ts';
import { seedDatabase, startDatabase, type SandboxDatabase, type SeedSize } from '../../../sandbox/db/index.ts';

/** Small enough to seed in about a second; the id/org layout is the contract's. */
export const TEST_SEED: SeedSize = { organisations: 10, patients: 2_000, specialists: 50 };

export async function makeStateDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `firedrill-${name}-`));
  // mkdtemp makes 0700; when we are root, postgres runs as another user and must be able to pass through.
  await chmod(dir, 0o755);
  return dir;
}

export async function removeStateDir(dir: string | undefined): Promise<void> {
  if (dir) await rm(dir, { recursive: true, force: true });
}

export async function startSeededDatabase(stateDir: string, size: SeedSize = TEST_SEED, port?: number): Promise<SandboxDatabase> {
  const db = await startDatabase({ stateDir, ...(port ? { port } : {}) });
  try {
    await seedDatabase(db.adminUrl, { size });
  } catch (err) {
    await db.stop();
    throw err;
  }
  return db;
}

/** Poll until `probe` returns without throwing (bounded). */
export async function eventually<T>(probe: () => Promise<T>, timeoutMs = 10_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await probe();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}

export interface ServiceProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

const SERVICE_MAIN = join(import.meta.dirname, '../../../sandbox/service/main.ts');

export function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    PORT: '0',
    SERVICE_NAME: 'core-api',
    TASK_ID: 'test-task',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
    METRICS_INTERVAL_MS: '500',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...extra,
  };
}

/** Spawn main.ts; resolves once it printed its listening line (or rejects with its output if it exits first). */
export async function startServiceProcess(env: NodeJS.ProcessEnv): Promise<ServiceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', SERVICE_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await Promise.race([
    eventually(async () => {
      const m = /listening on (127\.0\.0\.1:\d+)/.exec(out);
      if (!m) throw new Error('not listening yet');
      return `http://${m[1]}`;
    }, 20_000),
    exited.then((code) => {
      throw new Error(`service exited (${code}) before listening:\n${out}`);
    }),
  ]);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return { child, url, output: () => out, exited, stop };
}

export interface CallResult {
  status: number;
  body: Record<string, unknown>;
}

export async function call(base: string, method: string, path: string, opts: { org?: number | string; body?: unknown } = {}): Promise<CallResult> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (opts.org !== undefined) headers['x-org-id'] = String(opts.org);
  const res = await fetch(base + path, { method, headers, ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}) });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export interface SandboxCloudWatchEndpoint {
  server: AwsServer;
  /** Sum (or Maximum) of a CoreAPI metric for Service=core-api over the last few minutes. */
  aggregate(metric: string, stat: 'Sum' | 'Maximum'): Promise<number | undefined>;
  close(): Promise<void>;
}

export async function startSandboxCloudWatch(): Promise<SandboxCloudWatchEndpoint> {
  const server = await startAwsServer({ services: [createCloudWatch({ evaluate: false }).service] });
  const cw = new CloudWatchClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  const aggregate = async (metric: string, stat: 'Sum' | 'Maximum') => {
    const now = Date.now();
    const start = new Date(Math.floor(now / 60_000) * 60_000 - 10 * 60_000);
    const res = await cw.send(
      new GetMetricDataCommand({
        StartTime: start,
        EndTime: new Date(now + 120_000),
        MetricDataQueries: [{ Id: 'm', MetricStat: { Metric: { Namespace: 'CoreAPI', MetricName: metric, Dimensions: [{ Name: 'Service', Value: 'core-api' }] }, Period: 60, Stat: stat } }],
      }),
    );
    const values = res.MetricDataResults?.[0]?.Values ?? [];
    if (values.length === 0) return undefined;
    return stat === 'Sum' ? values.reduce((a, b) => a + b, 0) : Math.max(...values);
  };
  return { server, aggregate, close: async () => { cw.destroy(); await server.close(); } };
}
