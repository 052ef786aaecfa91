// `firedrill restore` as a process on the real sandbox: idempotent and safe to run concurrently, sweeps what dead
// runs left outside their journals, and when a restore keeps failing says so loudly with the commands to finish it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutSecretValueCommand, UpdateSecretVersionStageCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-ecs';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { readJournal, summarize } from '../../../lib/journal/index.ts';
import { firedrillRestore, prepareDriver, startAndKill } from './fixtures/kill.ts';
import { restorable } from './fixtures/observe.ts';
import { useChaosSuite } from '../../support/chaos-suite.ts';

const suite = useChaosSuite({ taskCount: 2 });
const runsDir = mkdtempSync(join(tmpdir(), 'firedrill-restore-runs-'));
const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());
const kill = (action: string, params: Record<string, unknown>, delayMs: number) =>
  startAndKill(prepareDriver(runsDir, { action, params, holdMs: 2000, graceMs: 30_000 }, false), delayMs);

describe('firedrill restore', () => {
  it('two restores at once: one restores, the other waits and finds nothing left; a third has nothing to do', async () => {
    const killed = await kill('scale-service', { desiredCount: 1 }, 500);
    expect((await suite.see.live()).desiredCount).toBe(1);
    const [a, b] = await Promise.all([firedrillRestore(['--run', killed.runDir]), firedrillRestore(['--run', killed.runDir])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect([a.stdout, b.stdout].filter((o) => o.includes('restored scale-service (scale-service): set desiredCount of core-api back to 2'))).toHaveLength(1);
    const records = readJournal(killed.runDir).records;
    expect(records.filter((r) => r.kind === 'fault-restored' && r.faultId === 'scale-service')).toHaveLength(1);
    expect(records.filter((r) => r.kind === 'run-end')).toHaveLength(1);
    expect(restorable(await suite.see.waitSteady())).toEqual(restorable(suite.before));
    const third = await firedrillRestore([]);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('nothing to restore');
  });

  it('a run from another machine (a CI runner) is left to its harness until its planned end, or restored now with --force', async () => {
    const killed = await kill('scale-service', { desiredCount: 1 }, 500);
    // As if the run directory were a CI job's artefact: the journal says its harness ran on another host.
    const journal = join(killed.runDir, 'journal.ndjson');
    writeFileSync(journal, readFileSync(journal, 'utf8').replace(`"host":"${hostname()}"`, '"host":"ci-runner-7"'));
    const left = await firedrillRestore(['--run', killed.runDir]);
    expect(left.code, left.stderr).toBe(0);
    expect(left.stdout).toContain('on ci-runner-7, another machine this one cannot check');
    expect(left.stdout).toContain(`firedrill restore --run ${killed.runDir} --force`);
    expect((await suite.see.live()).desiredCount).toBe(1);
    const forced = await firedrillRestore(['--run', killed.runDir, '--force']);
    expect(forced.code, forced.stderr).toBe(0);
    expect(forced.stdout).toContain('restored scale-service (scale-service): set desiredCount of core-api back to 2');
    expect(restorable(await suite.see.waitSteady())).toEqual(restorable(suite.before));
  });

  it('sweeps firedrill sessions and stale markers left by dead runs, and leaves a live drill\'s marker alone', async () => {
    const leftover = new pg.Client({ connectionString: suite.sb.sandbox.state.dbAdminUrl, application_name: 'firedrill:20200101T000000Z-dead00' });
    await leftover.connect();
    leftover.on('error', () => {});
    const arn = (await suite.see.service()).serviceArn!;
    const marker = (runId: string, owner: string, end: string) => [
      { key: 'firedrill:drill', value: runId }, { key: 'firedrill:operator', value: 'someone' },
      { key: 'firedrill:planned-end', value: end }, { key: 'firedrill:owner', value: owner },
    ];
    await suite.see.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: marker('20200101T000000Z-dead00', `${hostname()}/${deadPid()}`, new Date().toISOString()) }));
    const swept = await firedrillRestore([]);
    await leftover.end().catch(() => undefined);
    expect(swept.code, swept.stderr).toBe(0);
    expect(swept.stdout).toContain('terminated 1 database session(s) firedrill:20200101T000000Z-dead00 left by a dead run');
    expect(swept.stdout).toContain('removed the stale drill marker of run 20200101T000000Z-dead00 (by someone) from core-api');
    expect((await suite.see.live()).markerTags).toEqual([]);
    expect(await suite.see.taggedSessions()).toBe(0);

    await suite.see.ecs.send(new TagResourceCommand({ resourceArn: arn, tags: marker('live-run', `${hostname()}/${process.pid}`, new Date(Date.now() + 60_000).toISOString()) }));
    const kept = await firedrillRestore([]);
    expect(kept.stdout).toContain('nothing to restore');
    expect((await suite.see.live()).markerTags).toHaveLength(4);
    await suite.see.ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['firedrill:drill', 'firedrill:operator', 'firedrill:planned-end', 'firedrill:owner'] }));
  });

  it('when someone changed the secret during the drill, restore leaves it, fails loudly with the commands to finish, exit 4', async () => {
    const original = await suite.see.secretValue();
    const killed = await kill('shrink-db-pool', { poolMax: 3 }, 60_000);
    const prior = summarize(readJournal(killed.runDir).records).faults.find((f) => f.action === 'shrink-db-pool')!.steps.get('put-secret-version')!.intent.prior as { current: string; drillVersionId: string };
    const current = JSON.parse((await suite.see.secrets.send(new GetSecretValueCommand({ SecretId: 'sandbox/core-api/db' }))).SecretString!) as Record<string, string>;
    const someoneElse = await suite.see.secrets.send(new PutSecretValueCommand({ SecretId: 'sandbox/core-api/db', SecretString: JSON.stringify({ ...current, DB_POOL_MAX: '7' }) }));

    const failed = await firedrillRestore(['--run', killed.runDir]);
    expect(failed.code).toBe(4);
    expect(failed.stderr).toContain('RESTORE FAILED: fault shrink-db-pool (shrink-db-pool) is not verified restored');
    expect(failed.stderr).toContain(`AWSCURRENT is ${someoneElse.VersionId} (before the drill: ${prior.current})`);
    expect(failed.stderr).toContain(`left AWSCURRENT on ${someoneElse.VersionId}`);
    expect(failed.stderr).toContain(`aws secretsmanager update-secret-version-stage --region us-east-1 --endpoint-url ${suite.sb.sandbox.state.awsEndpoint} --secret-id sandbox/core-api/db --version-stage AWSCURRENT --move-to-version-id ${prior.current} --remove-from-version-id ${prior.drillVersionId}`);
    expect(failed.stderr).toContain('then run "firedrill restore" again');
    expect((await suite.see.live()).current).toBe(someoneElse.VersionId);
    expect(summarize(readJournal(killed.runDir).records).end).toBeUndefined();

    // The operator puts the secret back by hand; restore then verifies and closes the run.
    await suite.see.secrets.send(new UpdateSecretVersionStageCommand({ SecretId: 'sandbox/core-api/db', VersionStage: 'AWSCURRENT', MoveToVersionId: prior.current, RemoveFromVersionId: someoneElse.VersionId }));
    await suite.see.secrets.send(new UpdateSecretVersionStageCommand({ SecretId: 'sandbox/core-api/db', VersionStage: 'AWSPREVIOUS', ...(suite.before.previous ? { MoveToVersionId: suite.before.previous } : {}), RemoveFromVersionId: someoneElse.VersionId }));
    const closed = await firedrillRestore(['--run', killed.runDir]);
    expect(closed.code, closed.stderr).toBe(0);
    expect(summarize(readJournal(killed.runDir).records).end?.status).toBe('restored');
    expect(restorable(await suite.see.waitSteady())).toEqual(restorable(suite.before));
    expect(await suite.see.poolMaxima()).toEqual([Number(original.DB_POOL_MAX)]);
  });
});
