// The ECS scheduler as a state machine: scaling and rolling deployments, driven by a fake clock and scripted
// reconciler reports.
import { describe, expect, it } from 'vitest';
import { EcsFixture, starts, stops, TARGET_GROUP } from './ecs-fixture.ts';

describe('ECS scheduler: first deployment and scaling', () => {
  it('starts the desired tasks once, then completes the deployment with a steady-state event', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 3 });
    const first = f.plan();
    expect(starts(first)).toHaveLength(3);
    expect(f.plan()).toEqual([]); // each action is handed out exactly once
    const start = starts(first)[0]!;
    expect(start).toMatchObject({
      serviceName: 'core-api',
      group: 'service:core-api',
      family: 'core-api',
      revision: 1,
      stopTimeoutMs: 30_000,
    });
    expect(start.taskId).toMatch(/^[0-9a-f]{32}$/);
    expect(start.taskArn).toBe(`arn:aws:ecs:us-east-1:000000000000:task/sandbox/${start.taskId}`);
    expect(start.startedBy).toMatch(/^ecs-svc\/\d{19}$/);
    expect(start.containers[0]).toMatchObject({
      name: 'api',
      environment: { SERVICE_NAME: 'core-api' },
      secrets: [{ name: 'DATABASE_URL', valueFrom: expect.stringMatching(/:key::$/) }],
      portMappings: [{ containerPort: 8080 }],
    });
    expect(start.loadBalancers).toEqual([]);
    expect(f.describe()).toMatchObject({ desiredCount: 3, pendingCount: 3, runningCount: 0 });

    f.startHealthy(first);
    f.now += 1000;
    expect(f.plan()).toEqual([]);
    const view = f.describe();
    expect(view).toMatchObject({ runningCount: 3, pendingCount: 0 });
    expect(view.deployments).toHaveLength(1);
    expect(view.deployments[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 3, failedTasks: 0 });
    expect(view.events.map((e) => e.message)).toEqual([
      '(service core-api) has reached a steady state.',
      `(service core-api) (deployment ${view.deployments[0]!.id as string}) deployment completed.`,
      expect.stringMatching(/^\(service core-api\) has started 3 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/),
    ]);
  });

  it('scales 3 -> 1 by stopping 2 tasks of the current deployment, without a new deployment', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 3 });
    f.settle();
    const deploymentId = f.service().deployments[0]!.id;
    f.update({ desiredCount: 1 });
    const actions = f.plan();
    expect(starts(actions)).toEqual([]);
    expect(stops(actions)).toHaveLength(2);
    for (const stop of stops(actions)) {
      expect(stop).toMatchObject({
        stopCode: 'ServiceSchedulerInitiated',
        reason: `Scaling activity initiated by (deployment ${deploymentId})`,
        stopTimeoutMs: 30_000,
      });
      expect(f.task(stop.taskArn)).toMatchObject({ desiredStatus: 'STOPPED', lastStatus: 'DEACTIVATING' });
    }
    expect(f.describe().events[0]!.message).toMatch(/^\(service core-api\) has stopped 2 running tasks: \(task \w{32}\) \(task \w{32}\)\.$/);
    f.finishStops(actions);
    f.plan();
    const view = f.describe();
    expect(view).toMatchObject({ desiredCount: 1, runningCount: 1 });
    expect(view.deployments).toHaveLength(1);
    expect(view.deployments[0]).toMatchObject({ id: deploymentId, desiredCount: 1, rolloutState: 'COMPLETED' });
    expect(view.events[0]!.message).toBe('(service core-api) has reached a steady state.');
  });

  it('scales out within maximumPercent and back to steady state', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 1 });
    f.settle();
    f.update({ desiredCount: 4 });
    expect(starts(f.plan())).toHaveLength(3);
  });
});

describe('ECS scheduler: rolling deployment (forceNewDeployment)', () => {
  it('min 100 / max 200: starts new tasks first and stops old ones only as new ones turn healthy', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 2, loadBalancer: true });
    f.settle();
    const oldId = f.service().deployments[0]!.id;
    const oldTasks = f.liveTasks().map((t) => t.arn);

    f.update({ forceNewDeployment: true });
    const first = f.plan();
    expect(stops(first)).toEqual([]);
    expect(starts(first)).toHaveLength(2);
    expect(starts(first)[0]!.loadBalancers).toEqual([{ targetGroupArn: TARGET_GROUP, containerName: 'api', containerPort: 8080 }]);
    const view = f.describe();
    expect(view.deployments.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    expect(view.deployments[0]!.id).not.toBe(oldId);
    expect(view.deployments[0]!.rolloutStateReason).toBe(`ECS deployment ${view.deployments[0]!.id as string} in progress.`);

    // Running but not yet healthy behind the load balancer: the old tasks must stay.
    const [a, b] = starts(first).map((s) => s.taskArn) as [string, string];
    for (const arn of [a, b]) {
      f.ecs.scheduler.taskProvisioned(arn);
      f.ecs.scheduler.taskRunning(arn);
    }
    f.now += 5000;
    expect(f.plan()).toEqual([]);

    f.ecs.scheduler.taskHealthy(a);
    const second = f.plan();
    expect(starts(second)).toEqual([]);
    expect(stops(second)).toHaveLength(1);
    expect(oldTasks).toContain(stops(second)[0]!.taskArn);
    expect(stops(second)[0]!.reason).toBe(`Scaling activity initiated by (deployment ${oldId})`);

    f.ecs.scheduler.taskHealthy(b);
    const third = f.plan();
    expect(stops(third)).toHaveLength(1);
    expect(f.describe().deployments[0]).toMatchObject({ rolloutState: 'IN_PROGRESS' }); // old tasks still stopping

    f.finishStops([...second, ...third]);
    f.now += 1000;
    expect(f.plan()).toEqual([]);
    expect(f.maxAliveSeen).toBeLessThanOrEqual(4);

    const done = f.describe();
    expect(done.deployments).toHaveLength(1);
    expect(done.deployments[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 2, desiredCount: 2 });
    expect(done.deployments[0]!.rolloutStateReason).toBe(`ECS deployment ${done.deployments[0]!.id as string} completed.`);
    expect(f.service().deployments.find((d) => d.id === oldId)).toMatchObject({ status: 'INACTIVE', desiredCount: 0 });
    expect(done.events.slice(0, 2).map((e) => e.message)).toEqual([
      '(service core-api) has reached a steady state.',
      `(service core-api) (deployment ${done.deployments[0]!.id as string}) deployment completed.`,
    ]);
    for (const arn of oldTasks) expect(f.task(arn)).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated' });
  });

  it('min 50: stops half the old tasks at once, before any new task is healthy', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 2, loadBalancer: true });
    f.settle();
    f.update({ forceNewDeployment: true, deploymentConfiguration: { minimumHealthyPercent: 50 } });
    const actions = f.plan();
    expect(stops(actions)).toHaveLength(1);
    expect(starts(actions)).toHaveLength(2);
    expect(f.describe().deploymentConfiguration).toMatchObject({ minimumHealthyPercent: 50, maximumPercent: 200 });
  });

  it('min 0 / max 100: stops every old task first and starts new ones only as the old ones are gone', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 2, minimumHealthyPercent: 0, maximumPercent: 100 });
    f.settle();
    f.update({ forceNewDeployment: true });
    const first = f.plan();
    expect(stops(first)).toHaveLength(2);
    expect(starts(first)).toEqual([]);
    f.finishStops(first);
    expect(starts(f.plan())).toHaveLength(2);
    expect(f.maxAliveSeen).toBeLessThanOrEqual(2);
  });

  it('a new task definition starts a new deployment; the same one without force does not', () => {
    const f = new EcsFixture();
    f.createService({ desiredCount: 1 });
    f.settle();
    f.update({ taskDefinition: 'core-api:1' });
    expect(f.describe().deployments).toHaveLength(1);
    const rev2 = f.registerRevision('key');
    f.update({ taskDefinition: 'core-api' }); // family alone = latest revision
    expect(f.describe()).toMatchObject({ taskDefinition: rev2 });
    expect(f.describe().deployments.map((d) => d.taskDefinition)).toEqual([rev2, rev2.replace(':2', ':1')]);
    f.settle();
    expect(f.describe().deployments).toHaveLength(1);
  });
});
