// Secrets resolved at task start, the way the platform's pool-size and broken-secret drills use them: a new secret
// version reaches only tasks started after a forced deployment; a secret missing its json key makes new tasks fail
// to start (no process, TaskFailedToStart) until the circuit breaker fails the deployment, while the old tasks keep
// serving; moving AWSCURRENT back and redeploying recovers. Driven only through the real SDK clients and HTTP.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DescribeTasksCommand, ListTasksCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { PutSecretValueCommand, UpdateSecretVersionStageCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLUSTER, createJsonSecret, createService, describeService, eventually, getJson, groupAlive, registerTaskDefinition, startStack, waitForSteady,
  type Stack, type TaskInfoBody,
} from './fixtures/reconciler-stack.ts';

const SERVICE = 'core-api';
const SECRET = 'sandbox/core-api/db';
// Only ever compared against, never printed: the tests prove it reaches the task and no log.
const PASSWORD = `pw-${Math.random().toString(36).slice(2)}`;
const DATABASE_URL = `postgres://app:${PASSWORD}@127.0.0.1:5432/clinic`;
const SUPERVISOR_ONLY = 'FIREDRILL_RECONCILER_TEST_SUPERVISOR_ONLY';
let stack: Stack;
let goodVersionId: string;
let badVersionId: string;

beforeAll(async () => {
  process.env[SUPERVISOR_ONLY] = 'not for tasks';
  stack = await startStack();
  const arn = await createJsonSecret(stack.secrets, SECRET, { DATABASE_URL, DB_POOL_MAX: '10' });
  await registerTaskDefinition(stack.ecs, {
    family: SERVICE,
    environment: { SERVICE_NAME: SERVICE },
    secrets: [
      { name: 'DATABASE_URL', valueFrom: `${arn}:DATABASE_URL::` },
      { name: 'DB_POOL_MAX', valueFrom: `${arn}:DB_POOL_MAX::` },
    ],
  });
  await createService(stack.ecs, {
    serviceName: SERVICE,
    taskDefinition: SERVICE,
    desiredCount: 2,
    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: false } },
  });
});

afterAll(async () => {
  delete process.env[SUPERVISOR_ONLY];
  await stack?.close();
});

const running = () => stack.reconciler.tasks().filter((t) => t.phase === 'running');
const infoOf = async (port: number) => (await getJson<TaskInfoBody>(`http://127.0.0.1:${port}/info`)).body;

async function putSecret(value: Record<string, string>): Promise<string> {
  const out = await stack.secrets.send(new PutSecretValueCommand({ SecretId: SECRET, SecretString: JSON.stringify(value) }));
  return out.VersionId!;
}

async function forceNewDeployment(): Promise<void> {
  await stack.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, forceNewDeployment: true }));
}

/** Requests through the balancer every 100 ms until stopped: what a user of the service saw meanwhile. */
function watchBalancer(): { stop: () => Promise<number[]> } {
  const statuses: number[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; i < 1200 && !stopped; i++) {
      const res = await fetch(`${stack.lb.url}/health`, { signal: AbortSignal.timeout(2000) }).catch(() => undefined);
      statuses.push(res?.status ?? 0);
      await res?.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return statuses;
    },
  };
}

describe('reconciler and Secrets Manager', () => {
  it('starts tasks with the secret values in their environment and never writes a value to a log', async () => {
    await waitForSteady(stack.ecs, SERVICE, 2);
    await eventually(() => expect(running()).toHaveLength(2));
    for (const task of running()) {
      const info = await infoOf(task.port!);
      expect(info.dbPoolMax).toBe('10');
      expect(info.envNames).toEqual(expect.arrayContaining(['DATABASE_URL', 'DB_POOL_MAX', 'PORT', 'TASK_ID', 'SERVICE_NAME', 'AWS_ENDPOINT_URL', 'AWS_REGION', 'AWS_ACCESS_KEY_ID']));
      // The supervisor's environment is not handed over wholesale (it may hold the operator's real credentials).
      expect(info.envNames).not.toContain(SUPERVISOR_ONLY);
    }
    for (const file of await readdir(stack.logsDir)) expect(await readFile(join(stack.logsDir, file), 'utf8')).not.toContain(PASSWORD);
    expect(stack.reconcilerLog.join('\n')).not.toContain(PASSWORD);
  });

  it('a new secret version reaches the tasks of a forced new deployment while the old ones keep serving until replaced', async () => {
    const oldTasks = running();
    goodVersionId = await putSecret({ DATABASE_URL, DB_POOL_MAX: '3' });
    // Running tasks keep what they started with, as on ECS.
    expect((await infoOf(oldTasks[0]!.port!)).dbPoolMax).toBe('10');
    const watch = watchBalancer();
    await forceNewDeployment();
    await eventually(async () => {
      await waitForSteady(stack.ecs, SERVICE, 2, 1000);
      const ids = running().map((t) => t.taskId);
      if (ids.length !== 2 || ids.some((id) => oldTasks.some((o) => o.taskId === id))) throw new Error('old tasks still running');
    }, 40_000);
    const statuses = await watch.stop();
    // The balancer was polled through the rollout (one every ~100 ms; a quick rollout takes well under a second).
    expect(statuses.length).toBeGreaterThanOrEqual(3);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    for (const task of running()) expect((await infoOf(task.port!)).dbPoolMax).toBe('3');
    for (const task of oldTasks) expect(groupAlive(task.pid!)).toBe(false);
  });

  it('a secret missing its json key: tasks fail to start with no process, the breaker fails the deployment, old tasks serve on', async () => {
    const oldTasks = running();
    badVersionId = await putSecret({ DATABASE_URL });
    const watch = watchBalancer();
    await forceNewDeployment();
    const service = await eventually(async () => {
      const s = await describeService(stack.ecs, SERVICE);
      const primary = s.deployments?.find((d) => d.status === 'PRIMARY');
      if (primary?.rolloutState !== 'FAILED') throw new Error(`primary ${primary?.rolloutState} with ${primary?.failedTasks} failed tasks`);
      return s;
    }, 40_000);
    const statuses = await watch.stop();
    expect(statuses.length).toBeGreaterThan(2);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const primary = service.deployments!.find((d) => d.status === 'PRIMARY')!;
    expect(primary.rolloutStateReason).toBe('ECS deployment circuit breaker: tasks failed to start.');
    expect(primary.failedTasks).toBeGreaterThanOrEqual(3);
    expect(service.events?.some((e) => e.message?.includes('deployment failed: tasks failed to start'))).toBe(true);

    const stoppedArns = (await stack.ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: SERVICE, desiredStatus: 'STOPPED' }))).taskArns ?? [];
    const stopped = (await stack.ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: stoppedArns }))).tasks ?? [];
    const failed = stopped.filter((t) => t.startedBy === primary.id);
    expect(failed.length).toBe(primary.failedTasks);
    const logFiles = await readdir(stack.logsDir);
    for (const task of failed) {
      expect(task.stopCode).toBe('TaskFailedToStart');
      expect(task.stoppedReason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: .*did not contain json key DB_POOL_MAX/);
      // Nothing was spawned for it: a process always gets a log file.
      expect(logFiles).not.toContain(`${task.taskArn!.split('/').pop()}.log`);
    }
    expect(running().map((t) => t.pid).sort()).toEqual(oldTasks.map((t) => t.pid).sort());
    for (const task of oldTasks) expect((await infoOf(task.port!)).dbPoolMax).toBe('3');
  });

  it('moving AWSCURRENT back to the good version and redeploying recovers the service', async () => {
    // The drill's rollback: AWSCURRENT back on the version before the break (no new version, no value handled).
    await stack.secrets.send(
      new UpdateSecretVersionStageCommand({ SecretId: SECRET, VersionStage: 'AWSCURRENT', MoveToVersionId: goodVersionId, RemoveFromVersionId: badVersionId }),
    );
    await forceNewDeployment();
    await eventually(async () => {
      const s = await describeService(stack.ecs, SERVICE);
      const deployments = s.deployments ?? [];
      if (deployments.length !== 1 || deployments[0]!.rolloutState !== 'COMPLETED') throw new Error('not steady yet');
    }, 40_000);
    await eventually(() => expect(running()).toHaveLength(2));
    for (const task of running()) expect((await infoOf(task.port!)).dbPoolMax).toBe('3');
  });
});
