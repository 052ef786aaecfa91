// Failing deployments: the circuit breaker (with and without rollback), the restart backoff, and a deployment
// without the breaker that keeps retrying.
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, circuitBreakerThreshold, DEFAULT_RESTART_BACKOFF } from '../../../sandbox/aws/ecs/deployments.ts';
import type { SchedulerAction } from '../../../sandbox/aws/ecs/index.ts';
import { EcsFixture, starts } from './ecs-fixture.ts';

const SECRET_ERROR = 'unable to retrieve secret from asm: the JSON key "missing" was not found in the secret';

/** Fails every task the actions start, like a reconciler whose secret resolution fails. */
function failStarts(f: EcsFixture, actions: SchedulerAction[]): number {
  for (const start of starts(actions)) {
    f.ecs.scheduler.taskProvisioned(start.taskArn);
    f.ecs.scheduler.taskFailedToStart(start.taskArn, SECRET_ERROR);
  }
  return starts(actions).length;
}

/** A healthy service on revision 1, then a deployment of revision 2 whose secret key does not exist. */
function brokenDeployment(circuitBreaker?: { enable: boolean; rollback: boolean }): EcsFixture {
  const f = new EcsFixture();
  f.createService({ desiredCount: 2, loadBalancer: true, ...(circuitBreaker ? { circuitBreaker } : {}) });
  f.settle();
  f.registerRevision('missing');
  f.update({ taskDefinition: 'core-api:2' });
  return f;
}

describe('circuit breaker arithmetic', () => {
  it('threshold is ceil(0.5 x desired) clamped to [3, 200]', () => {
    expect([0, 1, 2, 6, 7, 10, 399, 400, 1000].map(circuitBreakerThreshold)).toEqual([3, 3, 3, 3, 4, 5, 200, 200, 200]);
  });

  it('restart backoff doubles per consecutive failure up to the cap', () => {
    expect([0, 1, 2, 3, 4, 5, 6, 50].map((n) => backoffDelayMs(n, DEFAULT_RESTART_BACKOFF))).toEqual([
      0, 1000, 2000, 4000, 8000, 16000, 30000, 30000,
    ]);
  });
});

describe('ECS scheduler: failing deployments', () => {
  it('records TaskFailedToStart with a ResourceInitializationError and backs off before retrying', () => {
    const f = brokenDeployment();
    const first = f.plan();
    expect(starts(first).map((s) => s.taskDefinitionArn)).toEqual([expect.stringMatching(/core-api:2$/), expect.stringMatching(/core-api:2$/)]);
    expect(starts(first)[0]!.containers[0]!.secrets[0]!.valueFrom).toMatch(/:missing::$/);
    failStarts(f, first);
    const failed = f.task(starts(first)[0]!.taskArn);
    expect(failed).toMatchObject({
      lastStatus: 'STOPPED',
      desiredStatus: 'STOPPED',
      stopCode: 'TaskFailedToStart',
      stoppedReason: `ResourceInitializationError: ${SECRET_ERROR}`,
    });
    expect(failed.stoppedAt).toBe(f.now);
    expect(f.describe().deployments[0]).toMatchObject({ failedTasks: 2, rolloutState: 'IN_PROGRESS' });

    expect(starts(f.plan())).toEqual([]); // two consecutive failures: 2 s backoff
    expect(f.ecs.scheduler.nextWakeAt(f.now)).toBe(f.now + 2000);
    f.now += 1999;
    expect(starts(f.plan())).toEqual([]);
    f.now += 1;
    expect(starts(f.plan())).toHaveLength(2);
  });

  it('trips the breaker at the threshold: FAILED with the AWS reason, and stops launching without rollback', () => {
    const f = brokenDeployment({ enable: true, rollback: false });
    failStarts(f, f.plan()); // 2 failures
    f.now += 2000;
    const second = f.plan();
    failStarts(f, second.slice(0, 1)); // 3rd failure reaches the threshold for desired 2
    f.now += 60_000;
    const after = f.plan();
    const view = f.describe();
    expect(view.deployments[0]).toMatchObject({
      status: 'PRIMARY',
      rolloutState: 'FAILED',
      rolloutStateReason: 'ECS deployment circuit breaker: tasks failed to start.',
      failedTasks: 3,
    });
    expect(view.events.map((e) => e.message)).toContain(
      `(service core-api) (deployment ${view.deployments[0]!.id as string}) deployment failed: tasks failed to start.`,
    );
    expect(starts(after)).toEqual([]);
    f.now += 120_000;
    expect(starts(f.plan())).toEqual([]);
    // The old revision kept serving: min 100 % never let its healthy tasks go.
    expect(view.deployments[1]).toMatchObject({ status: 'ACTIVE', runningCount: 2 });
  });

  it('with rollback starts a new PRIMARY from the last completed task definition, and does not roll back a failed rollback', () => {
    const f = brokenDeployment({ enable: true, rollback: true });
    const completedId = f.service().deployments.find((d) => d.rolloutState === 'COMPLETED')!.id;
    failStarts(f, f.plan());
    f.now += 2000;
    failStarts(f, f.plan());
    f.now += 10;
    const rollbackStarts = starts(f.plan());
    const view = f.describe();
    expect(view.taskDefinition).toMatch(/core-api:1$/);
    expect(view.deployments.map((d) => [d.status, d.rolloutState, (d.taskDefinition as string).slice(-10)])).toEqual([
      ['PRIMARY', 'IN_PROGRESS', 'core-api:1'],
      ['ACTIVE', 'COMPLETED', 'core-api:1'],
    ]); // the failed deployment had no task left, so it is INACTIVE and hidden
    expect(view.deployments[0]!.rolloutStateReason).toBe(`ECS deployment circuit breaker: rolling back to deploymentId ${completedId}.`);
    expect(view.events.slice(0, 3).map((e) => e.message)).toContain(`(service core-api) rolling back to deployment ${completedId}.`);
    expect(rollbackStarts).toHaveLength(2);
    expect(rollbackStarts.every((s) => s.taskDefinitionArn.endsWith('core-api:1'))).toBe(true);

    // The secret is resolved again at start, so a secret broken for every revision breaks the rollback too.
    failStarts(f, rollbackStarts);
    f.now += 2000;
    failStarts(f, f.plan());
    f.now += 60_000;
    expect(starts(f.plan())).toEqual([]);
    const failedRollback = f.describe().deployments;
    expect(failedRollback[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'FAILED', failedTasks: 4 });
    expect(failedRollback).toHaveLength(2);
  });

  it('without the breaker the deployment stays IN_PROGRESS, failedTasks grows and the backoff lengthens', () => {
    const f = brokenDeployment();
    const delays: number[] = [];
    for (let round = 0; round < 6; round += 1) {
      const actions = f.plan();
      expect(starts(actions).length).toBeGreaterThan(0);
      failStarts(f, actions);
      const wake = f.ecs.scheduler.nextWakeAt(f.now)!;
      delays.push(wake - f.now);
      f.now = wake;
    }
    expect(delays).toEqual([2000, 8000, 30000, 30000, 30000, 30000]);
    expect(f.describe().deployments[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', failedTasks: 12 });
  });

  it('a task turning healthy resets the backoff', () => {
    const f = brokenDeployment();
    const first = f.plan();
    failStarts(f, starts(first).slice(0, 1) as SchedulerAction[]);
    f.startHealthy(starts(first).slice(1) as SchedulerAction[]);
    expect(starts(f.plan())).toHaveLength(1); // no wait: the healthy task cleared the failure streak
  });
});
