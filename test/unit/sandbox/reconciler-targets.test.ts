// Which balancer a service's loadBalancers entry means, and balancer health verdicts turned into task health.
// The balancers are small fakes with the LoadBalancer's target API (the real one is covered in integration tests).
import { describe, expect, it } from 'vitest';
import type { TargetBalancer } from '../../../sandbox/ecs/options.ts';
import { findBalancer, targetGroupName, TaskTargets, type HealthVerdict } from '../../../sandbox/ecs/targets.ts';
import type { HealthChangeListener, TargetState } from '../../../sandbox/lb/index.ts';

const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/core-api/0000000000000000';

class FakeBalancer implements TargetBalancer {
  readonly states = new Map<string, TargetState>();
  readonly registered: { id: string; port: number }[] = [];
  readonly listeners = new Set<HealthChangeListener>();
  deregistered: string[] = [];

  registerTarget(t: { id: string; port: number }) {
    this.registered.push({ id: t.id, port: t.port });
    this.set(t.id, 'initial');
  }
  async deregisterTarget(id: string) {
    this.deregistered.push(id);
    this.set(id, 'draining');
    this.set(id, 'unused');
  }
  targetHealth(id: string): TargetState {
    return this.states.get(id) ?? 'unused';
  }
  targets() {
    return [...this.states].map(([id, state]) => ({ id, host: '127.0.0.1' as const, port: 1, state, inFlight: 0, ...(state === 'unhealthy' ? { description: `Health checks failed with these codes: [503]` } : {}) }));
  }
  onHealthChange(listener: HealthChangeListener) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(id: string, to: TargetState) {
    const from = this.targetHealth(id);
    this.states.set(id, to);
    for (const l of this.listeners) l(id, from, to);
  }
}

describe('findBalancer', () => {
  const lb = new FakeBalancer();
  it('finds a Map entry by target group ARN, then target group name, then load balancer name', () => {
    expect(findBalancer(new Map([[TG_ARN, lb]]), { targetGroupArn: TG_ARN })).toBe(lb);
    expect(findBalancer(new Map([['core-api', lb]]), { targetGroupArn: TG_ARN })).toBe(lb);
    expect(findBalancer(new Map([['classic', lb]]), { loadBalancerName: 'classic' })).toBe(lb);
    expect(findBalancer(new Map([['other', lb]]), { targetGroupArn: TG_ARN })).toBeUndefined();
  });

  it('asks a lookup function', () => {
    expect(findBalancer((ref) => (ref.targetGroupArn === TG_ARN ? lb : undefined), { targetGroupArn: TG_ARN })).toBe(lb);
  });

  it('takes the name out of a target group ARN', () => {
    expect(targetGroupName(TG_ARN)).toBe('core-api');
    expect(targetGroupName('core-api')).toBeUndefined();
  });
});

describe('TaskTargets', () => {
  const setup = () => {
    const a = new FakeBalancer();
    const b = new FakeBalancer();
    const verdicts: [string, HealthVerdict][] = [];
    const targets = new TaskTargets(new Map([['a', a], ['b', b]]), (id, v) => verdicts.push([id, v]));
    return { a, b, verdicts, targets };
  };

  it('refuses a target group it has no balancer for, naming it and the fix', () => {
    const { targets } = setup();
    expect(targets.choose([{ targetGroupArn: 'missing' }])).toEqual({ ok: false, reason: expect.stringContaining("no load balancer for target group missing; pass it in the reconciler's loadBalancers") });
    expect(targets.choose([])).toEqual({ ok: true, balancers: [] });
  });

  it('registers the task port and reports healthy only once every balancer says healthy', () => {
    const { a, b, verdicts, targets } = setup();
    const choice = targets.choose([{ loadBalancerName: 'a' }, { loadBalancerName: 'b' }]);
    if (!choice.ok) throw new Error(choice.reason);
    targets.register('t1', 4321, choice.balancers);
    expect(a.registered).toEqual([{ id: 't1', port: 4321 }]);
    a.set('t1', 'healthy');
    expect(verdicts).toEqual([]);
    b.set('t1', 'healthy');
    expect(verdicts).toEqual([['t1', { healthy: true }]]);
  });

  it('reports unhealthy as soon as one balancer says so, with its reason', () => {
    const { a, b, verdicts, targets } = setup();
    targets.register('t1', 4321, [a, b]);
    a.set('t1', 'healthy');
    b.set('t1', 'unhealthy');
    expect(verdicts).toEqual([['t1', { healthy: false, reason: 'Health checks failed with these codes: [503]' }]]);
  });

  it('ignores changes of targets it did not register and the draining of deregistered ones', async () => {
    const { a, verdicts, targets } = setup();
    a.set('stranger', 'healthy');
    targets.register('t1', 4321, [a]);
    await targets.deregister('t1');
    expect(a.deregistered).toEqual(['t1']);
    a.set('t1', 'unhealthy');
    expect(verdicts).toEqual([]);
    expect(targets.isRegistered('t1')).toBe(false);
  });

  it('close() unsubscribes from every balancer', () => {
    const { a, targets } = setup();
    targets.register('t1', 4321, [a]);
    expect(a.listeners.size).toBe(1);
    targets.close();
    expect(a.listeners.size).toBe(0);
  });
});
