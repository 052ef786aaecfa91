// The registered targets, their health, in-flight requests and routing choice: one ALB target group.
import { applyCheckResult, drainingHealth, initialHealth, type CheckResult, type TargetHealth, type TargetHealthReason, type TargetState, type Thresholds } from './target-health.ts';

export interface TargetSpec {
  /** Caller's name for the target, e.g. the ECS task id. */
  id: string;
  host: '127.0.0.1' | '::1';
  port: number;
}

export interface TargetDescription extends TargetSpec {
  state: TargetState;
  reason?: TargetHealthReason;
  description?: string;
  inFlight: number;
}

export type HealthChangeListener = (id: string, from: TargetState, to: TargetState) => void;

interface Target extends TargetSpec {
  health: TargetHealth;
  /** One abort function per in-flight request, so a drain that runs out of time can cut them. */
  inFlight: Set<() => void>;
  drain?: { done: Promise<void>; finish: () => void; timer: NodeJS.Timeout };
}

export class TargetGroup {
  private readonly targets = new Map<string, Target>();
  private nextIndex = 0;

  constructor(
    private readonly thresholds: Thresholds,
    private readonly onChange: HealthChangeListener,
  ) {}

  register(spec: TargetSpec): void {
    validateSpec(spec);
    const existing = this.targets.get(spec.id);
    if (existing) {
      // Registering the same target again is a no-op in ELB; anything else is a caller bug worth naming.
      if (existing.host === spec.host && existing.port === spec.port && existing.health.state !== 'draining') return;
      const why = existing.health.state === 'draining' ? 'it is still draining; await deregisterTarget first' : `it is already registered as ${existing.host}:${existing.port}`;
      throw new Error(`registerTarget: target ${spec.id} cannot be registered as ${spec.host}:${spec.port}: ${why}`);
    }
    this.targets.set(spec.id, { ...spec, health: initialHealth(), inFlight: new Set() });
    this.notify(spec.id, 'unused', 'initial');
  }

  /** Stops new requests to the target now; resolves once its in-flight requests are done or cut at the delay. */
  deregister(id: string, delayMs: number): Promise<void> {
    const target = this.targets.get(id);
    if (!target) return Promise.resolve();
    if (target.drain) return target.drain.done;
    const from = target.health.state;
    target.health = drainingHealth();
    let finish = () => {};
    const done = new Promise<void>((resolve) => (finish = resolve));
    const timer = setTimeout(() => this.remove(target), delayMs);
    target.drain = { done, finish, timer };
    this.notify(id, from, 'draining');
    // ELB completes a deregistration at once when the target has nothing in flight.
    if (target.inFlight.size === 0) this.remove(target);
    return done;
  }

  applyCheck(id: string, result: CheckResult): void {
    const target = this.targets.get(id);
    if (!target) return;
    const from = target.health.state;
    target.health = applyCheckResult(target.health, result, this.thresholds);
    if (target.health.state !== from) this.notify(id, from, target.health.state);
  }

  /**
   * Round robin over healthy targets. With none healthy, ALB fails open only when every registered target is
   * unhealthy: then it routes to all of them. Initial or draining targets never get traffic; no candidate -> undefined.
   */
  pick(): TargetSpec | undefined {
    const registered = [...this.targets.values()].filter((t) => t.health.state !== 'draining');
    const healthy = registered.filter((t) => t.health.state === 'healthy');
    const allUnhealthy = registered.length > 0 && registered.every((t) => t.health.state === 'unhealthy');
    const pool = healthy.length > 0 ? healthy : allUnhealthy ? registered : [];
    if (pool.length === 0) return undefined;
    this.nextIndex = (this.nextIndex + 1) % 1_000_000_007;
    const chosen = pool[this.nextIndex % pool.length];
    return chosen && { id: chosen.id, host: chosen.host, port: chosen.port };
  }

  /** Counts a request against the target until the returned release function runs. */
  acquire(id: string, abort: () => void): () => void {
    const target = this.targets.get(id);
    if (!target) return () => {};
    target.inFlight.add(abort);
    return () => {
      target.inFlight.delete(abort);
      if (target.drain && target.inFlight.size === 0) this.remove(target);
    };
  }

  state(id: string): TargetState {
    return this.targets.get(id)?.health.state ?? 'unused';
  }

  describe(): TargetDescription[] {
    return [...this.targets.values()].map((t) => {
      const d: TargetDescription = { id: t.id, host: t.host, port: t.port, state: t.health.state, inFlight: t.inFlight.size };
      if (t.health.reason) d.reason = t.health.reason;
      if (t.health.description) d.description = t.health.description;
      return d;
    });
  }

  /** Draining targets count in neither: ELB lowers HealthyHostCount on deregistration without raising UnHealthyHostCount. */
  hostCounts(): { healthy: number; unhealthy: number } {
    let healthy = 0;
    let unhealthy = 0;
    for (const t of this.targets.values()) {
      if (t.health.state === 'healthy') healthy++;
      else if (t.health.state === 'unhealthy') unhealthy++;
    }
    return { healthy, unhealthy };
  }

  /** Drops every target at once (balancer shutdown): in-flight requests are cut, pending drains resolve. */
  clear(): void {
    for (const target of [...this.targets.values()]) this.remove(target);
  }

  private remove(target: Target): void {
    if (this.targets.get(target.id) !== target) return;
    this.targets.delete(target.id);
    const from = target.health.state;
    for (const abort of [...target.inFlight]) abort();
    target.inFlight.clear();
    if (target.drain) {
      clearTimeout(target.drain.timer);
      target.drain.finish();
    }
    this.notify(target.id, from, 'unused');
  }

  private notify(id: string, from: TargetState, to: TargetState): void {
    this.onChange(id, from, to);
  }
}

function validateSpec(spec: TargetSpec): void {
  if (!spec || typeof spec.id !== 'string' || spec.id.length === 0) throw new TypeError('registerTarget: id: expected a non-empty string');
  if (spec.host !== '127.0.0.1' && spec.host !== '::1') {
    throw new TypeError(`registerTarget: host: must be 127.0.0.1 or ::1 (loopback only), got ${JSON.stringify(spec.host)}`);
  }
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535) {
    throw new TypeError(`registerTarget: port: expected an integer from 1 to 65535, got ${JSON.stringify(spec.port)}`);
  }
}
