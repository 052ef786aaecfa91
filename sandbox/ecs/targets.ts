// Task processes as load balancer targets, and the balancers' health verdicts turned into task health.
// Target id = task id. A task behind several target groups is healthy when every one says healthy and unhealthy
// as soon as one says unhealthy (ECS replaces a task that fails any of its target groups' checks).
import type { LoadBalancerRecord } from '../aws/ecs/model.ts';
import type { LoadBalancerLookup, TargetBalancer } from './options.ts';

export type HealthVerdict = { healthy: true } | { healthy: false; reason: string };

export type BalancerChoice = { ok: true; balancers: TargetBalancer[] } | { ok: false; reason: string };

/** `arn:aws:elasticloadbalancing:<region>:<acct>:targetgroup/<name>/<id>` -> name. */
export function targetGroupName(arn: string): string | undefined {
  return /:targetgroup\/([^/]+)\//.exec(arn)?.[1];
}

export function findBalancer(lookup: LoadBalancerLookup, ref: LoadBalancerRecord): TargetBalancer | undefined {
  if (typeof lookup === 'function') return lookup(ref);
  const keys = [ref.targetGroupArn, ref.targetGroupArn && targetGroupName(ref.targetGroupArn), ref.loadBalancerName];
  for (const key of keys) {
    const found = key ? lookup.get(key) : undefined;
    if (found) return found;
  }
  return undefined;
}

export class TaskTargets {
  /** Registered task id -> its balancers. Removed when deregistration starts, so draining is not a verdict. */
  private readonly registered = new Map<string, TargetBalancer[]>();
  private readonly unsubscribe = new Map<TargetBalancer, () => void>();

  constructor(
    private readonly lookup: LoadBalancerLookup,
    private readonly onVerdict: (taskId: string, verdict: HealthVerdict) => void,
  ) {}

  choose(refs: LoadBalancerRecord[]): BalancerChoice {
    const balancers: TargetBalancer[] = [];
    for (const ref of refs) {
      const balancer = findBalancer(this.lookup, ref);
      if (!balancer) {
        const name = ref.targetGroupArn ?? ref.loadBalancerName ?? '(no target group)';
        return { ok: false, reason: `the sandbox has no load balancer for target group ${name}; pass it in the reconciler's loadBalancers option.` };
      }
      if (!balancers.includes(balancer)) balancers.push(balancer);
    }
    return { ok: true, balancers };
  }

  register(taskId: string, port: number, balancers: TargetBalancer[]): void {
    if (balancers.length === 0) return;
    for (const balancer of balancers) this.subscribe(balancer);
    this.registered.set(taskId, balancers);
    for (const balancer of balancers) balancer.registerTarget({ id: taskId, host: '127.0.0.1', port });
  }

  /** Starts connection draining on every balancer; resolves when all are drained. */
  async deregister(taskId: string): Promise<void> {
    const balancers = this.registered.get(taskId);
    if (!balancers) return;
    this.registered.delete(taskId);
    await Promise.all(balancers.map((b) => b.deregisterTarget(taskId)));
  }

  isRegistered(taskId: string): boolean {
    return this.registered.has(taskId);
  }

  close(): void {
    for (const off of this.unsubscribe.values()) off();
    this.unsubscribe.clear();
    this.registered.clear();
  }

  private subscribe(balancer: TargetBalancer): void {
    if (this.unsubscribe.has(balancer)) return;
    const off = balancer.onHealthChange((id, _from, to) => {
      if (to === 'healthy' || to === 'unhealthy') this.judge(id);
    });
    this.unsubscribe.set(balancer, off);
  }

  private judge(taskId: string): void {
    const balancers = this.registered.get(taskId);
    if (!balancers) return;
    const states = balancers.map((b) => b.targetHealth(taskId));
    const failing = balancers.find((b) => b.targetHealth(taskId) === 'unhealthy');
    if (failing) {
      const description = failing.targets().find((t) => t.id === taskId)?.description;
      this.onVerdict(taskId, { healthy: false, reason: description ?? 'Health checks failed' });
    } else if (states.every((s) => s === 'healthy')) {
      this.onVerdict(taskId, { healthy: true });
    }
  }
}
