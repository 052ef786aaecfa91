// The plan loop on fake timers with a scripted scheduler: when it plans, that it survives failures, and that it
// stops for good.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SchedulerAction } from '../../../sandbox/aws/ecs/index.ts';
import type { SchedulerPort } from '../../../sandbox/ecs/options.ts';
import { PlanLoop } from '../../../sandbox/ecs/plan-loop.ts';

function stopAction(taskId: string): SchedulerAction {
  return { type: 'stop-task', taskArn: `arn:aws:ecs:us-east-1:000000000000:task/sandbox/${taskId}`, taskId, stopCode: 'UserInitiated', reason: '', stopTimeoutMs: 1000 };
}

function setup(script: { plan?: (now: number) => SchedulerAction[]; nextWakeAt?: (now: number) => number | undefined; active?: () => string[] } = {}) {
  const plans: number[] = [];
  const executed: string[] = [];
  const reaped: string[][] = [];
  const logs: string[] = [];
  const changeListeners = new Set<() => void>();
  const scheduler = {
    plan: (now: number) => {
      plans.push(now);
      return script.plan ? script.plan(now) : [];
    },
    nextWakeAt: (now: number) => script.nextWakeAt?.(now),
    activeTaskArns: () => script.active?.() ?? [],
    onChange: (listener: () => void) => {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
  } as unknown as SchedulerPort;
  const loop = new PlanLoop({
    scheduler,
    clock: () => Date.now(),
    tickMs: 1000,
    execute: (action) => {
      if (action.taskId === 'bad') throw new Error('boom');
      executed.push(action.taskId);
    },
    reap: (active) => reaped.push([...active]),
    log: (line) => logs.push(line),
  });
  const change = () => {
    for (const l of changeListeners) l();
  };
  return { loop, plans, executed, reaped, logs, change, changeListeners };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('PlanLoop', () => {
  it('plans at start and then once per tick, reaping with the active task list each time', () => {
    const t = setup({ active: () => ['arn-1'] });
    t.loop.start();
    vi.advanceTimersByTime(0);
    expect(t.plans).toHaveLength(1);
    vi.advanceTimersByTime(3000);
    expect(t.plans).toHaveLength(4);
    expect(t.reaped.at(-1)).toEqual(['arn-1']);
    t.loop.stop();
  });

  it('plans at once when the scheduler reports a change, coalescing a burst into one pass', () => {
    const t = setup();
    t.loop.start();
    vi.advanceTimersByTime(0);
    t.change();
    t.change();
    t.loop.wake();
    vi.advanceTimersByTime(0);
    expect(t.plans).toHaveLength(2);
    t.loop.stop();
  });

  it('wakes early for the scheduler nextWakeAt (a backoff ending before the tick)', () => {
    const t = setup({ nextWakeAt: (now) => now + 250 });
    t.loop.start();
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(250);
    expect(t.plans).toHaveLength(2);
    expect(t.plans[1]! - t.plans[0]!).toBe(250);
    t.loop.stop();
  });

  it('keeps going when plan() throws or one action fails, logging both', () => {
    let calls = 0;
    const t = setup({
      plan: () => {
        calls += 1;
        if (calls === 1) throw new Error('plan exploded');
        return [stopAction('bad'), stopAction('good')];
      },
    });
    t.loop.start();
    vi.advanceTimersByTime(0);
    vi.advanceTimersByTime(1000);
    expect(t.executed).toEqual(['good']);
    expect(t.logs.some((l) => l.includes('plan failed') && l.includes('plan exploded'))).toBe(true);
    expect(t.logs.some((l) => l.includes('stop-task bad failed') && l.includes('boom'))).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(t.plans).toHaveLength(3);
    t.loop.stop();
  });

  it('stops for good: no more passes, no listener left on the scheduler', () => {
    const t = setup();
    t.loop.start();
    vi.advanceTimersByTime(0);
    t.loop.stop();
    t.change();
    t.loop.wake();
    vi.advanceTimersByTime(5000);
    expect(t.plans).toHaveLength(1);
    expect(t.changeListeners.size).toBe(0);
  });
});
