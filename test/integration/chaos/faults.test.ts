// Every fault on the real sandbox, through the chaos API as the orchestrator calls it: inject changes the live
// state as intended, restore returns it exactly, verify-restored passes, and a second restore has nothing to do.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTasksCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DrillSession, newRunId } from '../../../chaos/session.ts';
import { readJournal, summarize } from '../../../lib/journal/index.ts';
import { faultParams } from '../../../lib/cli/catalogue.ts';
import { loadDrill } from '../../../lib/experiment/index.ts';
import { policyFor } from '../../../lib/iam/policy.ts';
import { startChaosSandbox, type ChaosSandbox } from './fixtures/sandbox.ts';
import { Observer, restorable, waitFor } from './fixtures/observe.ts';

let sb: ChaosSandbox;
let see: Observer;
const runsDir = mkdtempSync(join(tmpdir(), 'firedrill-chaos-runs-'));

function capture() {
  const lines: string[] = [];
  return { lines, io: { out: (l: string) => lines.push(l), err: (l: string) => lines.push(`ERR ${l}`) } };
}

async function open(o: { holdMs?: number; graceMs?: number } = {}) {
  const out = capture();
  const runId = newRunId();
  const session = await DrillSession.open({
    env: sb.env, runDir: join(runsDir, runId), runId, plannedEndAt: new Date(Date.now() + (o.holdMs ?? 60_000)), graceMs: o.graceMs ?? 5000, watchdog: false, io: out.io,
    retry: { attempts: 2, pauseMs: 500 },
  });
  return { session, runId, out };
}

beforeAll(async () => {
  sb = await startChaosSandbox({ taskCount: 2 });
  see = new Observer(sb.sandbox.state);
});

afterAll(async () => {
  await sb?.stop();
});

describe('shrink-db-pool', () => {
  it('serves with the smaller pool from a new secret version, then restores the exact versions and the pool', async () => {
    const before = await see.waitSteady();
    const valueBefore = await see.secretValue();
    expect(await see.poolMaxima()).toEqual([Number(valueBefore.DB_POOL_MAX)]);
    const { session, out } = await open();
    const t0 = Date.now();
    await session.inject({ id: 'small-pool', action: 'shrink-db-pool', params: { poolMax: 2 }, holdMs: 60_000 });
    const injectMs = Date.now() - t0;
    const during = await see.live();
    expect(during.current).not.toBe(before.current);
    expect(during.previous).toBe(before.current);
    expect(await see.secretValue()).toEqual({ ...valueBefore, DB_POOL_MAX: '2' });
    expect(during.deployments).toBe(1);
    expect(await see.poolMaxima()).toEqual([2]);
    expect(during.markerTags.sort()).toEqual(['firedrill:drill', 'firedrill:operator', 'firedrill:owner', 'firedrill:planned-end']);

    const t1 = Date.now();
    const restored = await session.restore('small-pool');
    const restoreMs = Date.now() - t1;
    expect(restored?.ok).toBe(true);
    expect(restored?.checks.every((c) => c.ok)).toBe(true);
    const after = await see.waitSteady();
    expect(after.current).toBe(before.current);
    expect(after.previous).toBe(before.previous);
    expect(await see.secretValue()).toEqual(valueBefore);
    expect(await see.poolMaxima()).toEqual([Number(valueBefore.DB_POOL_MAX)]);

    const closing = await session.close();
    expect(closing.map((r) => r.faultId)).toEqual(['_marker']);
    expect(restorable(await see.live())).toEqual(restorable(before));
    expect(out.lines.join('\n')).toMatch(/restored small-pool \(shrink-db-pool\): moved AWSCURRENT of sandbox\/core-api\/db back to/);
    console.log(`shrink-db-pool: inject ${injectMs} ms, restore ${restoreMs} ms`);
  });
});

describe('break-db-secret', () => {
  it('unreachable-host: the new deployment gets a DATABASE_URL on a closed loopback port; restore is exact', async () => {
    const before = await see.waitSteady();
    const valueBefore = await see.secretValue();
    const { session } = await open();
    await session.inject({ id: 'db-down', action: 'break-db-secret', params: { mode: 'unreachable-host' }, holdMs: 60_000 });
    const broken = await see.secretValue();
    const url = new URL(broken.DATABASE_URL!);
    expect([url.hostname, url.port]).toEqual(['127.0.0.1', '9']);
    expect({ ...broken, DATABASE_URL: 'x' }).toEqual({ ...valueBefore, DATABASE_URL: 'x' });
    const svc = await see.service();
    const primary = svc.deployments!.find((d) => d.status === 'PRIMARY')!;
    expect((primary.runningCount ?? 0) + (primary.failedTasks ?? 0)).toBeGreaterThan(0);

    const results = await session.close();
    expect(results.every((r) => r.ok)).toBe(true);
    const after = await see.waitSteady();
    expect(restorable(after)).toEqual(restorable(before));
    expect(await see.secretValue()).toEqual(valueBefore);
  });

  it('remove-key: ECS cannot start the new tasks; restore brings the key back through the recorded version', async () => {
    const before = await see.waitSteady();
    const valueBefore = await see.secretValue();
    const { session } = await open();
    await session.inject({ id: 'no-url', action: 'break-db-secret', params: { mode: 'remove-key' }, holdMs: 60_000 });
    expect(await see.secretValue()).not.toHaveProperty('DATABASE_URL');
    const primary = (await see.service()).deployments!.find((d) => d.status === 'PRIMARY')!;
    expect(primary.failedTasks).toBeGreaterThan(0);
    expect((await session.close()).every((r) => r.ok)).toBe(true);
    expect(restorable(await see.waitSteady())).toEqual(restorable(before));
    expect(await see.secretValue()).toEqual(valueBefore);
  });
});

describe('pg-sleep', () => {
  it('connections: holds n tagged sessions busy in pg_sleep; restore terminates them and none remain', async () => {
    const { session, runId } = await open();
    await session.inject({ id: 'busy', action: 'pg-sleep', params: { mode: 'connections', connections: 3 }, holdMs: 60_000 });
    expect(await see.taggedSessions(`firedrill:${runId}`)).toBe(3);
    const restored = await session.restore('busy');
    expect(restored?.actions).toEqual([`terminated 3 database session(s) firedrill:${runId}`]);
    expect(await see.taggedSessions()).toBe(0);
    await session.close();
  });

  it('lock: one tagged session holds the table lock inside a sleeping transaction', async () => {
    const { session, runId } = await open();
    await session.inject({ id: 'locked', action: 'pg-sleep', params: { mode: 'lock', tables: ['appointments'], lockMode: 'EXCLUSIVE' }, holdMs: 60_000 });
    const pgc = new (await import('pg')).default.Client({ connectionString: sb.sandbox.state.dbAdminUrl });
    await pgc.connect();
    try {
      const locks = await pgc.query(
        `SELECT l.mode, l.granted, c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE a.application_name = $1 AND c.relname = 'appointments'`,
        [`firedrill:${runId}`],
      );
      expect(locks.rows).toEqual([{ mode: 'ExclusiveLock', granted: true, relname: 'appointments' }]);
    } finally {
      await pgc.end();
    }
    await session.close();
    expect(await see.taggedSessions()).toBe(0);
  });

  it('the server ends the sessions at hold + grace on its own, even if nobody restores them', async () => {
    const { session, runId } = await open({ holdMs: 1500, graceMs: 1000 });
    const started = Date.now();
    await session.inject({ id: 'bounded', action: 'pg-sleep', params: { mode: 'connections', connections: 2 }, holdMs: 1500 });
    expect(await see.taggedSessions(`firedrill:${runId}`)).toBe(2);
    await waitFor('the server to end the sessions', async () => ((await see.taggedSessions(`firedrill:${runId}`)) === 0 ? true : undefined), 15_000, 100);
    const endedAfter = Date.now() - started;
    expect(endedAfter).toBeGreaterThanOrEqual(2000);
    expect(endedAfter).toBeLessThan(2500 + 5000);
    const results = await session.close();
    expect(results.find((r) => r.faultId === 'bounded')?.actions).toEqual([]);
  });
});

/** The actions `firedrill iam-policy` grants for a shipped experiment (on the sandbox environment). */
async function grantedFor(experiment: string): Promise<Set<string>> {
  const { experiment: x, environment } = await loadDrill(experiment, 'local', faultParams);
  return new Set(policyFor(x, environment).Statement.flatMap((st) => st.Action));
}

/** service:Operation of the calls in request-log lines [from, to), without the sandbox's own metric publishing. */
const callsBetween = (from: number, to: number) =>
  see.requests(from).slice(0, to - from).filter((r) => r.operation !== 'PutMetricData').map((r) => `${r.service}:${r.operation}`);

describe('scale-service', () => {
  it('sets desiredCount, waits for runningCount, and restores the recorded count, with only calls the scale-in policy grants', async () => {
    const before = await see.waitSteady();
    const fromInject = see.requestCount();
    const { session } = await open();
    await session.inject({ id: 'fewer', action: 'scale-service', params: { desiredCount: 1 }, holdMs: 60_000 });
    const injectCalls = callsBetween(fromInject, see.requestCount());
    const during = await see.live();
    expect([during.desiredCount, during.runningCount]).toEqual([1, 1]);
    const fromClose = see.requestCount();
    expect((await session.close()).every((r) => r.ok)).toBe(true);
    const calls = [...injectCalls, ...callsBetween(fromClose, see.requestCount())];
    expect(restorable(await see.waitSteady())).toEqual(restorable(before));
    expect(calls).toContain('ecs:UpdateService');
    const granted = await grantedFor('experiments/scale-in.yaml');
    expect(calls.filter((c) => !granted.has(c))).toEqual([]);
  });

  it('refuses to scale to zero unless the experiment says allowZero, before touching anything', async () => {
    const from = see.requestCount();
    const { session } = await open();
    await expect(session.inject({ id: 'none', action: 'scale-service', params: { desiredCount: 0 }, holdMs: 60_000 })).rejects.toThrow(/would stop every task/);
    expect(see.requests(from).filter((r) => r.operation === 'UpdateService')).toEqual([]);
    await session.close();
  });
});

describe('stop-tasks', () => {
  it('stops tasks with a reason naming the run; ECS replaces them and verify sees desiredCount met, with only calls the stop-tasks policy grants', async () => {
    const before = await see.waitSteady();
    const running = (await see.ecs.send(new ListTasksCommand({ cluster: 'sandbox', serviceName: 'core-api' }))).taskArns!;
    const fromInject = see.requestCount();
    const { session, runId } = await open();
    await session.inject({ id: 'kill-one', action: 'stop-tasks', params: { count: 1 }, holdMs: 60_000 });
    const injectCalls = callsBetween(fromInject, see.requestCount());
    const stopped = (await see.ecs.send(new DescribeTasksCommand({ cluster: 'sandbox', tasks: running }))).tasks!.filter((t) => t.desiredStatus === 'STOPPED');
    expect(stopped).toHaveLength(1);
    expect(stopped[0]!.stoppedReason).toBe(`firedrill drill ${runId}: fault kill-one (stop-tasks)`);
    const fromClose = see.requestCount();
    const results = await session.close();
    expect(results.every((r) => r.ok)).toBe(true);
    const calls = [...injectCalls, ...callsBetween(fromClose, see.requestCount())];
    expect(calls).toContain('ecs:StopTask');
    const granted = await grantedFor('experiments/stop-tasks.yaml');
    expect(calls.filter((c) => !granted.has(c))).toEqual([]);
    const after = await see.waitSteady();
    expect(restorable(after)).toEqual(restorable(before));
    const now = (await see.ecs.send(new ListTasksCommand({ cluster: 'sandbox', serviceName: 'core-api' }))).taskArns!;
    expect(now).not.toContain(stopped[0]!.taskArn);
  });
});

describe('one drill at a time', () => {
  it('a second drill on the same service is refused with the running one named; the marker goes with the first', async () => {
    const first = await open();
    await expect(open()).rejects.toThrow(new RegExp(`core-api already carries a drill marker: run ${first.runId} by `));
    expect((await see.live()).markerTags).toHaveLength(4);
    await first.session.close();
    expect((await see.live()).markerTags).toEqual([]);
    const journal = summarize(readJournal(join(runsDir, first.runId)).records);
    expect(journal.end?.status).toBe('finished');
  });
});

describe('--dry-run', () => {
  const examples: Array<[string, Record<string, unknown>, RegExp[]]> = [
    ['shrink-db-pool', { poolMax: 2 }, [/would call secretsmanager:PutSecretValue/, /would call ecs:UpdateService .*forceNewDeployment=true/, /UpdateSecretVersionStage .*VersionStage=AWSCURRENT/, /UpdateSecretVersionStage .*VersionStage=AWSPREVIOUS/]],
    ['break-db-secret', { mode: 'wrong-password' }, [/would call secretsmanager:PutSecretValue/, /UpdateSecretVersionStage .*VersionStage=AWSCURRENT/]],
    ['pg-sleep', { mode: 'connections', connections: 2 }, [/would open 2 session\(s\) as application_name=firedrill:/, /would run pg_terminate_backend/]],
    ['scale-service', { desiredCount: 1 }, [/would call ecs:UpdateService .*desiredCount=1/, /would call ecs:UpdateService .*desiredCount=2/]],
    ['stop-tasks', { count: 1 }, [/would call ecs:StopTask .*reason="firedrill drill/]],
  ];

  it('prints every call inject and restore would make and makes no mutating call (sandbox request log)', async () => {
    const before = await see.waitSteady();
    for (const [action, params, expected] of examples) {
      const from = see.requestCount();
      const out = capture();
      const runId = newRunId();
      const session = await DrillSession.open({ env: sb.env, runDir: join(runsDir, runId), runId, plannedEndAt: new Date(Date.now() + 60_000), dryRun: true, io: out.io });
      await session.inject({ id: action, action, params, holdMs: 60_000 });
      const results = await session.close();
      expect(results.every((r) => r.ok), action).toBe(true);
      const text = out.lines.join('\n');
      expect(text).toMatch(/would call ecs:TagResource/);
      expect(text).toMatch(/would call ecs:UntagResource/);
      for (const pattern of expected) expect(text, action).toMatch(pattern);
      expect(see.requests(from).map((r) => r.operation), action).toContain('DescribeServices');
      expect(see.harnessMutations(from), action).toEqual([]);
    }
    expect(restorable(await see.live())).toEqual(restorable(before));
  });
});
