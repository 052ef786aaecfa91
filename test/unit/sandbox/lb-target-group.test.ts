import { afterEach, describe, expect, it, vi } from 'vitest';
import { TargetGroup } from '../../../sandbox/lb/target-group.ts';
import type { CheckResult, TargetState } from '../../../sandbox/lb/target-health.ts';

const pass: CheckResult = { ok: true };
const fail: CheckResult = { ok: false, reason: 'Target.FailedHealthChecks', detail: 'Health checks failed: ECONNREFUSED' };

function group() {
  const changes: Array<[string, TargetState, TargetState]> = [];
  const g = new TargetGroup({ healthyThreshold: 2, unhealthyThreshold: 2 }, (id, from, to) => changes.push([id, from, to]));
  const add = (id: string, port: number) => g.register({ id, host: '127.0.0.1', port });
  return { g, changes, add };
}

function picks(g: TargetGroup, n: number): Array<string | undefined> {
  return Array.from({ length: n }, () => g.pick()?.id);
}

afterEach(() => vi.useRealTimers());

describe('target group routing', () => {
  it('routes nowhere while targets are initial, then round-robins over the healthy ones', () => {
    const { g, add } = group();
    add('a', 1001);
    add('b', 1002);
    add('c', 1003);
    expect(picks(g, 3)).toEqual([undefined, undefined, undefined]);
    g.applyCheck('a', pass);
    g.applyCheck('b', pass);
    const chosen = picks(g, 6);
    expect(chosen.filter((id) => id === 'a')).toHaveLength(3);
    expect(chosen.filter((id) => id === 'b')).toHaveLength(3);
    for (let i = 1; i < chosen.length; i++) expect(chosen[i]).not.toBe(chosen[i - 1]);
  });

  it('fails open to every target only when all registered targets are unhealthy', () => {
    const { g, add } = group();
    add('a', 1001);
    add('b', 1002);
    for (const id of ['a', 'b']) for (let i = 0; i < 2; i++) g.applyCheck(id, fail);
    expect(new Set(picks(g, 4))).toEqual(new Set(['a', 'b']));
    add('c', 1003); // initial: no longer "only unhealthy targets", and initial targets get no traffic
    expect(picks(g, 3)).toEqual([undefined, undefined, undefined]);
    g.applyCheck('c', pass);
    expect(picks(g, 3)).toEqual(['c', 'c', 'c']);
  });

  it('reports host counts without draining targets and records every state change', async () => {
    const { g, add, changes } = group();
    add('a', 1001);
    add('b', 1002);
    g.applyCheck('a', pass);
    g.applyCheck('b', fail);
    g.applyCheck('b', fail);
    expect(g.hostCounts()).toEqual({ healthy: 1, unhealthy: 1 });
    await g.deregister('a', 1000);
    expect(g.hostCounts()).toEqual({ healthy: 0, unhealthy: 1 });
    expect(changes).toEqual([
      ['a', 'unused', 'initial'],
      ['b', 'unused', 'initial'],
      ['a', 'initial', 'healthy'],
      ['b', 'initial', 'unhealthy'],
      ['a', 'healthy', 'draining'],
      ['a', 'draining', 'unused'],
    ]);
  });

  it('rejects a conflicting or non-loopback registration and names the field', () => {
    const { g, add } = group();
    add('a', 1001);
    expect(() => add('a', 1001)).not.toThrow();
    expect(() => add('a', 1002)).toThrow('registerTarget: target a cannot be registered as 127.0.0.1:1002: it is already registered as 127.0.0.1:1001');
    expect(() => g.register({ id: 'x', host: '10.0.0.1' as '127.0.0.1', port: 1 })).toThrow(/host: must be 127.0.0.1 or ::1/);
    expect(() => g.register({ id: 'x', host: '127.0.0.1', port: 0 })).toThrow(/port: expected an integer from 1 to 65535/);
  });
});

describe('connection draining', () => {
  it('stops routing to a draining target and completes when its last request ends', async () => {
    const { g, add } = group();
    add('a', 1001);
    add('b', 1002);
    g.applyCheck('a', pass);
    g.applyCheck('b', pass);
    const abort = vi.fn();
    const release = g.acquire('a', abort);
    let drained = false;
    const done = g.deregister('a', 60_000).then(() => (drained = true));
    expect(g.state('a')).toBe('draining');
    expect(picks(g, 4)).toEqual(['b', 'b', 'b', 'b']);
    await Promise.resolve();
    expect(drained).toBe(false);
    release();
    await done;
    expect(g.state('a')).toBe('unused');
    expect(abort).not.toHaveBeenCalled();
  });

  it('cuts requests still in flight when the deregistration delay expires', async () => {
    vi.useFakeTimers();
    const { g, add } = group();
    add('a', 1001);
    const abort = vi.fn();
    g.acquire('a', abort);
    const done = g.deregister('a', 5000);
    expect(g.deregister('a', 5000)).toBe(done);
    vi.advanceTimersByTime(4999);
    expect(abort).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    await done;
    expect(abort).toHaveBeenCalledTimes(1);
    expect(g.state('a')).toBe('unused');
    expect(() => add('a', 1001)).not.toThrow();
  });

  it('resolves at once for a target that is not registered', async () => {
    const { g } = group();
    await expect(g.deregister('ghost', 60_000)).resolves.toBeUndefined();
  });
});
