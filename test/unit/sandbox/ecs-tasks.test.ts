// Task lifecycle through the scheduler's reports: status order and timestamps, exits and replacements, StopTask,
// load balancer health, standalone tasks, deletion, and snapshot/restore.
import { describe, expect, it } from 'vitest';
import { restoreEcs } from '../../../sandbox/aws/ecs/index.ts';
import { EcsFixture, starts, stops, TARGET_GROUP } from './ecs-fixture.ts';

describe('ECS task lifecycle', () => {
  it('moves forward through the AWS statuses with ordered timestamps and ignores late reports', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 1 });
    const arn = starts(f.plan())[0]!.taskArn;
    const s = f.ecs.scheduler;
    expect(f.task(arn)).toMatchObject({ lastStatus: 'PROVISIONING', desiredStatus: 'RUNNING', createdAt: f.now });
    f.now += 100;
    s.taskProvisioned(arn);
    expect(f.task(arn)).toMatchObject({ lastStatus: 'PENDING', pullStartedAt: f.now });
    f.now += 100;
    s.taskRunning(arn);
    expect(f.task(arn)).toMatchObject({ lastStatus: 'RUNNING', startedAt: f.now, pullStoppedAt: f.now });
    expect(f.task(arn).containers[0]!.lastStatus).toBe('RUNNING');
    f.now += 100;
    f.call('StopTask', { cluster: 'sandbox', task: arn, reason: 'drill: stop-tasks' });
    expect(f.task(arn)).toMatchObject({ lastStatus: 'DEACTIVATING', desiredStatus: 'STOPPED', stoppingAt: f.now });
    f.now += 100;
    s.taskStopped(arn);
    s.taskRunning(arn); // late, out of order: absorbed
    s.taskHealthy(arn);
    const task = f.task(arn);
    expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'drill: stop-tasks', stoppedAt: f.now });
    expect(task.containers[0]!.lastStatus).toBe('STOPPED');
    const times = [task.createdAt, task.pullStartedAt, task.startedAt, task.stoppingAt, task.stoppedAt];
    expect(times).toEqual([...times].sort((a, b) => a! - b!));
    expect(() => s.taskRunning('arn:aws:ecs:us-east-1:000000000000:task/sandbox/ffffffffffffffffffffffffffffffff')).toThrow(/unknown task/);
  });

  it('StopTask yields one stop action with the reason, UserInitiated and the stop timeout, then a replacement', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 2 });
    f.settle();
    const victim = f.liveTasks()[0]!.arn;
    const out = f.call('StopTask', { cluster: 'sandbox', task: victim, reason: 'firedrill stop-tasks' });
    expect(out.task).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'firedrill stop-tasks' });
    const actions = f.plan();
    expect(stops(actions)).toEqual([
      { type: 'stop-task', taskArn: victim, taskId: victim.split('/').pop(), stopCode: 'UserInitiated', reason: 'firedrill stop-tasks', stopTimeoutMs: 30_000 },
    ]);
    expect(starts(actions)).toHaveLength(1); // max 200 %: the replacement need not wait for the stop
    expect(f.ecs.scheduler.activeTaskArns()).toContain(victim); // still has a process until the stop completes
    f.finishStops(actions);
    f.startHealthy(actions);
    expect(f.plan()).toEqual([]);
    expect(f.describe()).toMatchObject({ runningCount: 2 });
    expect(f.ecs.scheduler.activeTaskArns()).not.toContain(victim);
    expect(f.ecs.scheduler.activeTaskArns()).toHaveLength(2);
    expect(f.service().deployments[0]!.failedTasks).toBe(0); // a user's stop is not a failure
  });

  it('replaces a task whose essential container exited, after the restart backoff', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 2 });
    f.settle();
    const crashed = f.liveTasks()[0]!.arn;
    f.ecs.scheduler.taskExited(crashed, 1);
    const out = f.call('DescribeTasks', { cluster: 'sandbox', tasks: [crashed] }) as { tasks: Record<string, unknown>[] };
    expect(out.tasks[0]).toMatchObject({
      lastStatus: 'STOPPED',
      stopCode: 'EssentialContainerExited',
      stoppedReason: 'Essential container in task exited',
      containers: [expect.objectContaining({ name: 'api', lastStatus: 'STOPPED', exitCode: 1 })],
    });
    expect(f.describe()).toMatchObject({ runningCount: 1 });
    expect(f.plan()).toEqual([]);
    f.now += 1000;
    const replacement = starts(f.plan());
    expect(replacement).toHaveLength(1);
    expect(replacement[0]!.taskArn).not.toBe(crashed);
  });

  it('an exit after a requested stop keeps the stop code and is not a failure', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 1 });
    f.settle();
    f.update({ desiredCount: 0 });
    const stop = stops(f.plan())[0]!;
    f.ecs.scheduler.taskExited(stop.taskArn, 143);
    expect(f.task(stop.taskArn)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated' });
    expect(f.task(stop.taskArn).containers[0]!.exitCode).toBe(143);
    expect(f.service().deployments[0]!.consecutiveFailures).toBe(0);
  });

  it('replaces a task the load balancer reports unhealthy, once the grace period is over', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 1, loadBalancer: true, healthCheckGracePeriodSeconds: 10 });
    const arn = f.startHealthy(f.plan())[0]!;
    f.plan();
    f.ecs.scheduler.taskUnhealthy(arn, 'Health checks failed with these codes: [503]');
    expect(f.plan()).toEqual([]);
    expect(f.ecs.scheduler.nextWakeAt(f.now)).toBe(f.now + 10_000);
    f.now += 10_000;
    const actions = f.plan();
    expect(stops(actions)).toEqual([
      expect.objectContaining({ taskArn: arn, stopCode: 'ServiceSchedulerInitiated', reason: `Task failed ELB health checks in (target-group ${TARGET_GROUP})` }),
    ]);
    expect(f.describe().events.map((e) => e.message)).toContain(
      `(service core-api) (task ${arn.split('/').pop()}) (port 8080) is unhealthy in (target-group ${TARGET_GROUP}) due to (reason Health checks failed with these codes: [503]).`,
    );
    f.finishStops(actions);
    f.now += 1000;
    expect(starts(f.plan())).toHaveLength(1);
  });

  it('runs standalone tasks once and does not replace them when they exit', () => {
    const f = new EcsFixture();
    const out = f.call('RunTask', { cluster: 'sandbox', taskDefinition: 'core-api', count: 2, startedBy: 'firedrill' });
    expect(out.tasks).toHaveLength(2);
    const actions = f.plan();
    expect(starts(actions)).toHaveLength(2);
    expect(starts(actions)[0]).toMatchObject({ group: 'family:core-api', startedBy: 'firedrill' });
    expect(starts(actions)[0]!.serviceName).toBeUndefined();
    f.startHealthy(actions);
    for (const a of starts(actions)) f.ecs.scheduler.taskExited(a.taskArn, 0);
    f.now += 60_000;
    expect(f.plan()).toEqual([]);
  });

  it('DeleteService drains the tasks, then the service becomes INACTIVE', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 2 });
    f.settle();
    expect(() => f.call('DeleteService', { cluster: 'sandbox', service: 'core-api' })).toThrow(/scaled above 0/);
    f.call('DeleteService', { cluster: 'sandbox', service: 'core-api', force: true });
    expect(f.describe()).toMatchObject({ status: 'DRAINING' });
    f.settle();
    expect(f.describe()).toMatchObject({ status: 'INACTIVE', runningCount: 0, deployments: [] });
    expect(() => f.update({ desiredCount: 1 })).toThrow(expect.objectContaining({ code: 'ServiceNotActiveException' }));
  });

  it('keeps at most 100 events, newest first', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 1 });
    for (let i = 0; i < 80; i += 1) {
      f.settle();
      f.ecs.scheduler.taskExited(f.liveTasks()[0]!.arn, 1);
      f.now += 60_000;
    }
    const events = f.describe().events as unknown as { createdAt: Date }[];
    expect(events).toHaveLength(100);
    const times = events.map((e) => e.createdAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });
});

describe('ECS snapshot and restore', () => {
  it('round-trips through JSON; tasks whose processes are gone are stopped and replaced', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 2, circuitBreaker: { enable: true, rollback: true } });
    f.settle();
    f.call('TagResource', { resourceArn: f.service().arn, tags: [{ key: 'firedrill:run', value: 'r1' }] });
    const json = JSON.parse(JSON.stringify(f.ecs.snapshot())) as unknown;
    const before = f.describe();

    const restored = restoreEcs(json, { clock: () => f.now });
    const service = restored.state.services.get('sandbox/core-api')!;
    expect(service.deployments.map((d) => [d.id, d.rolloutState])).toEqual([[before.deployments[0]!.id, 'COMPLETED']]);
    expect(service.tags).toEqual([{ key: 'firedrill:run', value: 'r1' }]);
    expect(service.deploymentConfiguration.circuitBreaker).toEqual({ enable: true, rollback: true });
    const old = [...restored.state.tasks.values()];
    expect(old.every((t) => t.lastStatus === 'STOPPED' && t.stopCode === 'InfrastructureHealth')).toBe(true);
    const actions = restored.scheduler.plan(f.now);
    expect(starts(actions)).toHaveLength(2);
    expect(stops(actions)).toEqual([]);
    expect(() => restoreEcs({ version: 2 })).toThrow(/version 1/);
  });
});
