import { describe, expect, it } from 'vitest';
import { describeProgress, hasStartedTasks, isSteady } from '../../../lib/aws/ecs-waits.ts';
import type { DeploymentView, ServiceView } from '../../../lib/aws/ecs.ts';
import { pollUntil, WaitAbortedError } from '../../../lib/aws/poll.ts';

function deployment(id: string, d: Partial<DeploymentView> = {}): DeploymentView {
  return { id, status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: 'td:1', desiredCount: 2, runningCount: 2, pendingCount: 0, failedTasks: 0, createdAt: 0, ...d };
}

function service(deployments: DeploymentView[], s: Partial<ServiceView> = {}): ServiceView {
  return { arn: 'arn', cluster: 'c', name: 'core-api', desiredCount: 2, runningCount: 2, pendingCount: 0, deployments, ...s };
}

describe('isSteady', () => {
  it('needs one completed deployment with every desired task running', () => {
    expect(isSteady(service([deployment('d1')]))).toBe(true);
    expect(isSteady(service([deployment('d1')]), 'd1')).toBe(true);
    expect(isSteady(service([deployment('d1')]), 'd2')).toBe(false);
    expect(isSteady(service([deployment('d2', { rolloutState: 'IN_PROGRESS' })]))).toBe(false);
    expect(isSteady(service([deployment('d2'), deployment('d1', { status: 'ACTIVE' })]))).toBe(false);
    expect(isSteady(service([deployment('d1')], { runningCount: 1 }))).toBe(false);
    expect(isSteady(service([deployment('d1')], { pendingCount: 1 }))).toBe(false);
    expect(isSteady(service([deployment('d1', { rolloutState: 'FAILED' })]))).toBe(false);
  });

  it('a deployment has started once it runs a task or has failed one', () => {
    expect(hasStartedTasks(service([deployment('d2', { runningCount: 0, failedTasks: 0 })]), 'd2')).toBe(false);
    expect(hasStartedTasks(service([deployment('d2', { runningCount: 0, failedTasks: 1 })]), 'd2')).toBe(true);
    expect(hasStartedTasks(service([deployment('d2', { runningCount: 1 })]), 'd2')).toBe(true);
    expect(hasStartedTasks(service([deployment('d2')]), 'd9')).toBe(false);
  });

  it('describes progress in one line', () => {
    expect(describeProgress(service([deployment('ecs-svc/2', { rolloutState: 'IN_PROGRESS', runningCount: 1, failedTasks: 1 }), deployment('ecs-svc/1', { status: 'ACTIVE' })], { runningCount: 3 }))).toBe(
      'core-api: 3/2 running, 0 pending, 2 deployments, primary ecs-svc/2 IN_PROGRESS (1/2 running, 1 failed)',
    );
  });
});

describe('pollUntil', () => {
  it('prints each new observation once and returns the last', async () => {
    const lines: string[] = [];
    const seen = ['a', 'a', 'b', 'done'];
    let i = 0;
    const last = await pollUntil(async () => {
      const s = seen[i++] ?? 'done';
      return { done: s === 'done', summary: s };
    }, { what: 'x', timeoutMs: 5000, intervalMs: 1, onProgress: (l) => lines.push(l.replace(/ \(\d+ s\)$/, '')) });
    expect(last).toBe('done');
    expect(lines).toEqual(['  a', '  b', '  done']);
  });

  it('times out with what it waited for and what it last saw', async () => {
    await expect(pollUntil(async () => ({ done: false, summary: '1/2 running' }), { what: 'core-api to reach a steady state', timeoutMs: 30, intervalMs: 5 })).rejects.toThrow(
      /timed out after 0 s waiting for core-api to reach a steady state; last seen: 1\/2 running/,
    );
  });

  it('stops at once when aborted', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 20);
    await expect(pollUntil(async () => ({ done: false, summary: 'x' }), { what: 'x', timeoutMs: 10_000, intervalMs: 5000, signal: controller.signal })).rejects.toBeInstanceOf(WaitAbortedError);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
