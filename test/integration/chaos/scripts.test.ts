// Fault files run alone (tsx, and zx with tsx loaded), a dry run makes no mutating call, and a sentinel secret
// value never reaches any output, journal, watchdog log or run-index file, whichever way a drill ends.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { runIndexDir, readJournal, summarize } from '../../../lib/journal/index.ts';
import { projectRoot } from '../../../lib/paths.ts';
import { firedrillRestore, prepareDriver, startAndKill } from './fixtures/kill.ts';
import { restorable, runTs, waitFor, type Proc } from './fixtures/observe.ts';
import { useChaosSuite } from '../../support/chaos-suite.ts';

const suite = useChaosSuite({ taskCount: 2 });
const runsDir = mkdtempSync(join(tmpdir(), 'firedrill-script-runs-'));
const chaos = (fault: string) => join(projectRoot, 'chaos', `${fault}.ts`);

async function finished(p: Proc, timeoutMs = 120_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const code = await Promise.race([p.exited, new Promise<null>((_, reject) => setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms:\n${p.output().stderr}`)), timeoutMs))]);
  return { code, ...p.output() };
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('a fault file run alone', () => {
  it('npx tsx chaos/scale-service.ts injects, holds, restores and verifies, exit 0', async () => {
    const run = await finished(runTs(chaos('scale-service'), ['--env', 'local', '--desired-count', '1', '--hold', '1s', '--grace', '5s', '--out', runsDir]));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('plan: set desiredCount of sandbox/core-api to 1 and wait for runningCount');
    expect(run.stdout).toContain('holding scale-service for 1 s (Ctrl-C restores now)');
    expect(run.stdout).toContain('restored scale-service (scale-service): set desiredCount of core-api back to 2');
    expect(restorable(await suite.see.waitSteady())).toEqual(restorable(suite.before));
  });

  it('zx with tsx loaded: --dry-run prints every call and the sandbox logs no mutating call', async () => {
    const from = suite.see.requestCount();
    const zx = join(projectRoot, 'node_modules', 'zx', 'build', 'cli.js');
    const p = runTs(zx, [chaos('shrink-db-pool'), '--env', 'local', '--pool-max', '2', '--dry-run']);
    const run = await finished(p);
    expect(run.code, run.stderr).toBe(0);
    for (const call of ['secretsmanager:PutSecretValue', 'ecs:UpdateService', 'secretsmanager:UpdateSecretVersionStage', 'ecs:TagResource', 'ecs:UntagResource']) {
      expect(run.stdout).toContain(`dry-run: would call ${call}`);
    }
    expect(suite.see.harnessMutations(from)).toEqual([]);
    expect(suite.see.requests(from).map((r) => r.operation)).toEqual(expect.arrayContaining(['DescribeServices', 'DescribeSecret', 'GetSecretValue']));
  });

  it('--restore puts back what a killed fault script left applied', async () => {
    const p = runTs(chaos('scale-service'), ['--env', 'local', '--desired-count', '1', '--hold', '60s', '--out', runsDir]);
    await p.waitForLine('holding scale-service', 60_000);
    p.child.kill('SIGKILL');
    await p.exited;
    expect((await suite.see.live()).desiredCount).toBe(1);
    const watchdogs = filesUnder(runsDir).filter((f) => f.endsWith('watchdog.log'));
    expect(watchdogs.length).toBeGreaterThan(0);
    const restore = await finished(runTs(chaos('scale-service'), ['--restore', '--env', 'local']));
    expect(restore.code, restore.stderr).toBe(0);
    expect(restorable(await suite.see.waitSteady())).toEqual(restorable(suite.before));
  });
});

describe('account allowlist', () => {
  const envDir = mkdtempSync(join(tmpdir(), 'firedrill-allowlist-env-'));
  /** environments/local.yaml with an accountIds list added. */
  function localWith(accountIds: string[]): string {
    const file = join(envDir, `accounts-${accountIds.join('-')}.yaml`);
    writeFileSync(file, `${readFileSync(join(projectRoot, 'environments', 'local.yaml'), 'utf8')}\naccountIds: ${JSON.stringify(accountIds)}\n`);
    return file;
  }

  it('credentials of an account not listed: exit 2 naming both accounts, after sts:GetCallerIdentity and before any change', async () => {
    const from = suite.see.requestCount();
    const run = await finished(runTs(chaos('scale-service'), ['--env', localWith(['123456789012']), '--desired-count', '1', '--hold', '1s', '--out', runsDir]));
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain('environment "local" allows AWS account(s) 123456789012 but sts:GetCallerIdentity says account 000000000000');
    expect(suite.see.requests(from).map((r) => `${r.service}:${r.operation}`)).toContain('sts:GetCallerIdentity');
    expect(suite.see.harnessMutations(from)).toEqual([]);
  });

  it('the sandbox account listed: the caller and the ECS service ARN are both checked, and the fault goes ahead', async () => {
    const from = suite.see.requestCount();
    const run = await finished(runTs(chaos('scale-service'), ['--env', localWith(['000000000000']), '--desired-count', '1', '--dry-run']));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('dry-run: would call ecs:UpdateService');
    // The sandbox's own publishers (tasks, load balancer) write metrics all the time; the script's calls are the rest.
    const calls = suite.see.requests(from).filter((r) => r.operation !== 'PutMetricData').map((r) => `${r.service}:${r.operation}`);
    expect(calls.slice(0, 2)).toEqual(['sts:GetCallerIdentity', 'ecs:DescribeServices']);
  });
});

describe('secret values', () => {
  it('a sentinel in the secret (and the database passwords) appear in no output, journal, watchdog log or index file', async () => {
    const sentinel = `sentinel-${Math.random().toString(36).slice(2)}-${Date.now()}`;
    const value = await suite.see.secretValue();
    await suite.see.secrets.send(new PutSecretValueCommand({ SecretId: 'sandbox/core-api/db', SecretString: JSON.stringify({ ...value, API_TOKEN: sentinel }) }));
    const forbidden = [sentinel, new URL(value.DATABASE_URL!).password, new URL(suite.sb.sandbox.state.dbAdminUrl).password];
    expect(forbidden.every((s) => s.length >= 12)).toBe(true);
    const outputs: string[] = [];

    const script = await finished(runTs(chaos('shrink-db-pool'), ['--env', 'local', '--pool-max', '2', '--hold', '1s', '--out', runsDir]));
    expect(script.code, script.stderr).toBe(0);
    outputs.push(script.stdout, script.stderr);
    const pgRun = await finished(runTs(chaos('pg-sleep'), ['--env', 'local', '--mode', 'connections', '--connections', '2', '--hold', '1s', '--out', runsDir]));
    expect(pgRun.code, pgRun.stderr).toBe(0);
    outputs.push(pgRun.stdout, pgRun.stderr);

    const killed = await startAndKill(prepareDriver(runsDir, { action: 'break-db-secret', params: { mode: 'wrong-password' }, holdMs: 2000, graceMs: 60_000 }, false), 60_000);
    outputs.push(...killed.outputs);
    const restore = await firedrillRestore(['--run', killed.runDir]);
    expect(restore.code, restore.stderr).toBe(0);
    outputs.push(restore.stdout, restore.stderr);

    const watched = await startAndKill(prepareDriver(runsDir, { action: 'shrink-db-pool', params: { poolMax: 2 }, holdMs: 1000, graceMs: 500 }, true), 500);
    outputs.push(...watched.outputs);
    await waitFor('the watchdog to restore', async () => summarize(readJournal(watched.runDir).records).end, 60_000);

    const files = [...filesUnder(runsDir), ...filesUnder(runIndexDir())];
    expect(files.filter((f) => f.endsWith('journal.ndjson')).length).toBeGreaterThanOrEqual(4);
    expect(files.filter((f) => f.endsWith('watchdog.log')).length).toBeGreaterThanOrEqual(4);
    const sources = [...outputs.map((text, i) => ({ where: `process output #${i}`, text })), ...files.map((f) => ({ where: f, text: readFileSync(f, 'utf8') }))];
    const leaks = forbidden.flatMap((secret, k) => sources.filter((s) => s.text.includes(secret)).map((s) => `${['sentinel', 'app password', 'admin password'][k]} in ${s.where}`));
    expect(leaks).toEqual([]);
    expect((await suite.see.secretValue()).API_TOKEN).toBe(sentinel);
  });
});
