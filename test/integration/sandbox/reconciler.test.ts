// The ECS reconciler running a service's tasks as real processes behind the sandbox load balancer, driven only
// through the real ECS SDK client and HTTP: scale out and in, StopTask, a task that exits on its own, a task that
// fails its health checks, SIGKILL after stopTimeout, and a shutdown that leaves no process or port behind.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ListTasksCommand, RunTaskCommand, StopTaskCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canConnect } from '../../../sandbox/ecs/ports.ts';
import {
  CLUSTER, createService, describeService, describeTask, eventually, getJson, groupAlive, processAlive, registerTaskDefinition, startStack,
  waitForSteady, type Stack, type TaskInfoBody,
} from './fixtures/reconciler-stack.ts';

const SERVICE = 'core-api';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
  // The listen delay is longer than two health-check intervals: a target registered before it listens would be
  // marked unhealthy (refused connections count as failures), which the first test checks never happens.
  await registerTaskDefinition(stack.ecs, { family: SERVICE, environment: { FIXTURE_LISTEN_DELAY_MS: '1200', FIXTURE_HELPER: '1' } });
  await createService(stack.ecs, { serviceName: SERVICE, taskDefinition: SERVICE, desiredCount: 2 });
});

afterAll(async () => {
  await stack?.close();
});

const live = () => stack.reconciler.tasks().filter((t) => t.phase === 'running');
const healthyTargets = () => stack.lb.targets().filter((t) => t.state === 'healthy');
const logOf = (taskId: string) => readFile(join(stack.logsDir, `${taskId}.log`), 'utf8');

async function waitForHealthyTargets(count: number): Promise<void> {
  await eventually(() => {
    const healthy = healthyTargets().length;
    if (healthy !== count || stack.reconciler.tasks().length !== count) throw new Error(`${healthy} healthy targets, ${stack.reconciler.tasks().length} processes; want ${count}`);
  }, 30_000);
}

describe('reconciler with a load-balanced service', () => {
  it('runs desiredCount tasks as processes that turn healthy in the load balancer and a steady service', async () => {
    const service = await waitForSteady(stack.ecs, SERVICE, 2);
    expect(service.events?.some((e) => e.message?.includes('has reached a steady state'))).toBe(true);
    await waitForHealthyTargets(2);
    const tasks = live();
    expect(tasks).toHaveLength(2);
    for (const task of tasks) {
      expect(processAlive(task.pid!)).toBe(true);
      const target = stack.lb.targets().find((t) => t.id === task.taskId);
      expect(target).toMatchObject({ host: '127.0.0.1', port: task.port, state: 'healthy' });
      const described = await describeTask(stack.ecs, task.taskArn);
      expect(described).toMatchObject({ lastStatus: 'RUNNING', healthStatus: 'HEALTHY', desiredStatus: 'RUNNING' });
    }
    // Registered only once listening: no target ever went unhealthy on refused connections.
    expect(stack.healthChanges.filter((c) => c.to === 'unhealthy')).toEqual([]);
    // Round robin through the balancer reaches both processes, each with its own TASK_ID.
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) seen.add((await getJson<TaskInfoBody>(`${stack.lb.url}/info`)).body.taskId);
    expect([...seen].sort()).toEqual(tasks.map((t) => t.taskId).sort());
  });

  it('scales out to 3 and in to 1, leaving exactly one process and one healthy target', async () => {
    await stack.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, desiredCount: 3 }));
    await waitForHealthyTargets(3);
    await waitForSteady(stack.ecs, SERVICE, 3);
    const before = live();
    await stack.ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, desiredCount: 1 }));
    await waitForHealthyTargets(1);
    await waitForSteady(stack.ecs, SERVICE, 1);
    const [survivor] = live();
    const removed = before.filter((t) => t.taskId !== survivor!.taskId);
    expect(removed).toHaveLength(2);
    for (const task of removed) {
      expect(groupAlive(task.pid!)).toBe(false);
      expect(await logOf(task.taskId)).toContain('SIGTERM received');
      const described = await describeTask(stack.ecs, task.taskArn);
      expect(described).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated' });
      expect(described.containers?.[0]?.exitCode).toBe(0);
    }
    expect(stack.lb.targets().map((t) => t.id)).toEqual([survivor!.taskId]);
  });

  it('StopTask drains the target, then sends SIGTERM, and the scheduler starts a replacement', async () => {
    const [victim] = live();
    // A request in flight on the only target when the stop comes: draining lets it finish before the signal.
    const inFlight = getJson<{ taskId: string; finishedAt: number }>(`${stack.lb.url}/slow?ms=1500`);
    await eventually(() => expect(stack.lb.targets()[0]?.inFlight).toBe(1), 5000, 20);
    await stack.ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: victim!.taskArn, reason: 'drill' }));
    const slow = await inFlight;
    expect(slow).toMatchObject({ status: 200, body: { taskId: victim!.taskId } });
    await eventually(async () => {
      const described = await describeTask(stack.ecs, victim!.taskArn);
      if (described.lastStatus !== 'STOPPED') throw new Error(`still ${described.lastStatus}`);
      expect(described).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'drill' });
      expect(described.containers?.[0]?.exitCode).toBe(0);
    });
    // ECS deregisters first and signals only once the target has drained.
    const sigtermAt = Number(/SIGTERM received at (\d+)/.exec(await logOf(victim!.taskId))?.[1]);
    const drained = stack.healthChanges.find((c) => c.id === victim!.taskId && c.to === 'unused');
    expect(drained).toBeDefined();
    expect(sigtermAt).toBeGreaterThanOrEqual(drained!.at);
    expect(sigtermAt).toBeGreaterThanOrEqual(slow.body.finishedAt);
    expect(groupAlive(victim!.pid!)).toBe(false);
    await waitForHealthyTargets(1);
    await waitForSteady(stack.ecs, SERVICE, 1);
    expect(live()[0]!.taskId).not.toBe(victim!.taskId);
  });

  it('a process that exits by itself is EssentialContainerExited with its code, its helpers are killed, and it is replaced', async () => {
    const [task] = live();
    const info = (await getJson<TaskInfoBody>(`http://127.0.0.1:${task!.port}/info`)).body;
    expect(processAlive(info.helperPid!)).toBe(true);
    await fetch(`http://127.0.0.1:${task!.port}/exit?code=3`, { method: 'POST' });
    await eventually(async () => {
      const described = await describeTask(stack.ecs, task!.taskArn);
      if (described.lastStatus !== 'STOPPED') throw new Error(`still ${described.lastStatus}`);
      expect(described).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
      expect(described.containers?.[0]?.exitCode).toBe(3);
    });
    await eventually(() => expect(groupAlive(task!.pid!)).toBe(false), 5000);
    expect(processAlive(info.helperPid!)).toBe(false);
    await waitForHealthyTargets(1);
    await waitForSteady(stack.ecs, SERVICE, 1);
    expect(live()[0]!.taskId).not.toBe(task!.taskId);
  });

  it('a task that fails its health checks is reported unhealthy, stopped and replaced', async () => {
    const [task] = live();
    await fetch(`http://127.0.0.1:${task!.port}/health?status=fail`, { method: 'POST' });
    await eventually(async () => {
      const described = await describeTask(stack.ecs, task!.taskArn);
      if (described.lastStatus !== 'STOPPED') throw new Error(`still ${described.lastStatus}`);
      expect(described.stoppedReason).toContain('Task failed ELB health checks');
    }, 20_000);
    const events = (await describeService(stack.ecs, SERVICE)).events ?? [];
    expect(events.some((e) => e.message?.includes(`(task ${task!.taskId})`) && e.message.includes('Health checks failed with these codes: [503]'))).toBe(true);
    await waitForHealthyTargets(1);
    expect(live()[0]!.taskId).not.toBe(task!.taskId);
  });

  it('a standalone task that ignores SIGTERM is killed after the task definition stopTimeout (137)', async () => {
    const run = await stack.ecs.send(
      new RunTaskCommand({
        cluster: CLUSTER,
        taskDefinition: SERVICE,
        overrides: { containerOverrides: [{ name: 'api', environment: [{ name: 'FIXTURE_IGNORE_SIGTERM', value: '1' }, { name: 'FIXTURE_LISTEN_DELAY_MS', value: '0' }] }] },
      }),
    );
    const arn = run.tasks![0]!.taskArn!;
    await eventually(async () => expect((await describeTask(stack.ecs, arn)).lastStatus).toBe('RUNNING'));
    const proc = stack.reconciler.tasks().find((t) => t.taskArn === arn)!;
    const started = Date.now();
    await stack.ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn }));
    const described = await eventually(async () => {
      const d = await describeTask(stack.ecs, arn);
      if (d.lastStatus !== 'STOPPED') throw new Error(`still ${d.lastStatus}`);
      return d;
    }, 15_000);
    const elapsed = Date.now() - started;
    // stopTimeout is 2 s; no balancer to drain. Tolerance for the loop tick and the kill.
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(6000);
    expect(described.containers?.[0]?.exitCode).toBe(137);
    expect(await logOf(proc.taskId)).toContain('SIGTERM received');
    expect(groupAlive(proc.pid!)).toBe(false);
  });

  it('ends a process the scheduler no longer lists as active (an orphan) without reporting it, and ECS replaces the task', async () => {
    await waitForHealthyTargets(1);
    const [task] = live();
    // What `sandbox up --keep-state` does to tasks whose processes did not survive: STOPPED in the scheduler.
    stack.ecsModel.scheduler.abandonLiveTasks();
    await eventually(() => expect(groupAlive(task!.pid!)).toBe(false), 10_000);
    expect(stack.reconcilerLog.some((l) => l.includes(task!.taskId) && l.includes('not active in the scheduler'))).toBe(true);
    expect((await describeTask(stack.ecs, task!.taskArn)).stopCode).toBe('InfrastructureHealth');
    await waitForHealthyTargets(1);
    expect(live()[0]!.taskId).not.toBe(task!.taskId);
  });

  it('never writes environment values to the task logs', async () => {
    const [task] = live();
    const log = await logOf(task!.taskId);
    expect(log).toContain('environment names:');
    expect(log).toContain('AWS_SECRET_ACCESS_KEY');
    expect(log).not.toContain(`AWS_ENDPOINT_URL=`);
    expect(log).not.toContain(stack.aws.url);
  });

  it('stop() ends every task process and its helpers and frees every port', async () => {
    await waitForHealthyTargets(1);
    const tasks = stack.reconciler.tasks();
    const helpers = await Promise.all(tasks.map(async (t) => (await getJson<TaskInfoBody>(`http://127.0.0.1:${t.port}/info`)).body.helperPid!));
    const started = Date.now();
    await stack.reconciler.stop();
    expect(Date.now() - started).toBeLessThan(6000);
    expect(stack.reconciler.tasks()).toEqual([]);
    for (const task of tasks) {
      expect(groupAlive(task.pid!)).toBe(false);
      expect(await canConnect(task.port!)).toBe(false);
    }
    for (const pid of helpers) expect(processAlive(pid)).toBe(false);
    // Nothing restarts them: the loop is stopped even though ECS still wants a task.
    const listed = await stack.ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: SERVICE }));
    expect(listed.taskArns?.length).toBeGreaterThan(0);
    expect(stack.reconciler.tasks()).toEqual([]);
    expect(stack.reconcilerLog.filter((line) => /failed|not accepted/.test(line))).toEqual([]);
  });
});
