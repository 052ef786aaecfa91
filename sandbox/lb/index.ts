// The sandbox's Application Load Balancer: one loopback listener in front of the ECS task processes, with an
// ALB target group's health checks, routing, connection draining and AWS/ApplicationELB metrics.
// Behaviour and its AWS sources: sandbox/lb/README.md.
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HealthChecker } from './health-checker.ts';
import { MetricsWindow } from './metrics.ts';
import { MetricsPublisher, type PublisherStats } from './metrics-publisher.ts';
import { resolveOptions, type LoadBalancerOptions } from './options.ts';
import { createProxy } from './proxy.ts';
import { TargetGroup, type HealthChangeListener, type TargetDescription, type TargetSpec } from './target-group.ts';
import type { TargetState } from './target-health.ts';

export type { LoadBalancerOptions, HealthCheckOptions, MetricsOptions, PublishMetrics } from './options.ts';
export type { TargetDescription, TargetSpec, HealthChangeListener } from './target-group.ts';
export type { TargetState, TargetHealthReason } from './target-health.ts';

export interface LoadBalancer {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** Starts health checks at once; the target gets traffic after its first passing check. Same spec twice is a no-op. */
  registerTarget(target: TargetSpec): void;
  /** Connection draining: no new requests now; resolves when in-flight ones finish or are cut at deregistrationDelayMs. */
  deregisterTarget(id: string): Promise<void>;
  /** 'unused' for a target that is not (or no longer) registered. */
  targetHealth(id: string): TargetState;
  targets(): TargetDescription[];
  /** Every state change of every target, including registration (unused -> initial) and removal (-> unused). */
  onHealthChange(listener: HealthChangeListener): () => void;
  /** Publisher counters (undefined without metrics), for status output and tests. */
  metricsStats(): PublisherStats | undefined;
  /** Sends buffered metrics now (no-op without metrics). */
  flushMetrics(): Promise<void>;
  /** Stops checks, cuts open connections, sends the last metrics, and frees the port. Safe to call twice. */
  close(): Promise<void>;
}

export async function startLoadBalancer(options: LoadBalancerOptions = {}): Promise<LoadBalancer> {
  const opts = resolveOptions(options);
  const listeners = new Set<HealthChangeListener>();
  const group = new TargetGroup(opts.healthCheck, (id, from, to) => {
    if (to === 'draining' || to === 'unused') checker.stop(id);
    for (const listener of listeners) {
      try {
        listener(id, from, to);
      } catch (err) {
        // A listener's bug must not stop health checks or routing.
        console.error(`sandbox lb: health change listener failed for ${id} (${from} -> ${to})`, err);
      }
    }
  });
  const checker = new HealthChecker(opts.healthCheck, (id, result) => group.applyCheck(id, result));
  const window = new MetricsWindow();
  const publisher = opts.metrics ? new MetricsPublisher(opts.metrics, window, () => group.hostCounts()) : undefined;
  // Pooled keep-alive connections to targets, as an ALB keeps; idle ones close before Node's 5 s server keep-alive.
  const agent = new Agent({ keepAlive: true, maxSockets: opts.maxInFlight, maxFreeSockets: 256, timeout: 30_000 });

  let port = 0;
  const server = createServer(
    createProxy({
      group,
      agent,
      idleTimeoutMs: opts.idleTimeoutMs,
      maxInFlight: opts.maxInFlight,
      listenerPort: () => port,
      record: publisher ? (event) => window.record(event, Date.now()) : () => {},
    }),
  );
  server.keepAliveTimeout = opts.idleTimeoutMs;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${opts.host === '::1' ? '[::1]' : opts.host}:${port}`,
    port,
    registerTarget(target) {
      group.register(target);
      checker.start(target);
    },
    deregisterTarget: (id) => group.deregister(id, opts.deregistrationDelayMs),
    targetHealth: (id) => group.state(id),
    targets: () => group.describe(),
    onHealthChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    metricsStats: () => publisher && { ...publisher.stats },
    flushMetrics: () => publisher?.flush() ?? Promise.resolve(),
    close() {
      closing ??= (async () => {
        checker.stopAll();
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        group.clear();
        agent.destroy();
        await closed;
        await publisher?.close();
      })();
      return closing;
    },
  };
}
