// Options of the sandbox load balancer, their defaults, and validation that names the field and the fix.
// Defaults follow the platform's ALB target group (aws-semantics.md: /health, healthy 2, unhealthy 3, matcher 200)
// with the timings scaled down so a drill on a laptop sees health changes in seconds, not minutes.
import type { CloudWatchClientConfig, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';

export interface HealthCheckOptions {
  /** GET path probed on every target. Default /health. */
  path?: string;
  /** Time between checks of one target, regardless of how long each takes (as ALB). Default 2000. */
  intervalMs?: number;
  /** No response within this is a failed check (Target.Timeout). Must be below intervalMs. Default 1000. */
  timeoutMs?: number;
  /** Consecutive successes that bring an UNHEALTHY target back. Default 2. A new target needs one (AWS rule). */
  healthyThreshold?: number;
  /** Consecutive failures that make a target unhealthy. Default 3. */
  unhealthyThreshold?: number;
  /** ALB HttpCode syntax: 200, "200,202" or "200-299" (codes 200-499). Default 200. */
  matcher?: number | string;
}

export type PublishMetrics = (input: PutMetricDataCommandInput, signal: AbortSignal) => Promise<unknown>;

export interface MetricsOptions {
  /** Sends one PutMetricData request. Give this or `cloudwatch`. */
  publish?: PublishMetrics;
  /** Config for a real CloudWatchClient (endpoint, region, credentials). */
  cloudwatch?: CloudWatchClientConfig;
  /** How often buffered metrics are sent. Default 10000. */
  intervalMs?: number;
  /** Value of the LoadBalancer dimension. Default app/sandbox-alb/0000000000000000. */
  loadBalancerDim?: string;
  /** Value of the TargetGroup dimension (HealthyHostCount / UnHealthyHostCount). Default targetgroup/core-api/0000000000000000. */
  targetGroupDim?: string;
  /**
   * ALB reports a counter only for intervals where it is non-zero (no traffic, no datapoint); that is the default.
   * true publishes an explicit 0 for every counter each interval instead.
   */
  publishZeroCounts?: boolean;
  /** Called when a publish fails; proxying carries on. Default: a throttled console.warn. */
  onError?: (err: unknown) => void;
}

export interface LoadBalancerOptions {
  /** Loopback only. Default 127.0.0.1. */
  host?: '127.0.0.1' | '::1';
  /** 0 (default) picks a free port. */
  port?: number;
  healthCheck?: HealthCheckOptions;
  /** Omit to publish no metrics. */
  metrics?: MetricsOptions;
  /** Longest a deregistered target may finish in-flight requests before they are cut. Default 10000 (ALB: 300 s). */
  deregistrationDelayMs?: number;
  /** ALB idle timeout: a target silent this long answers 504; idle client connections close. Default 60000. */
  idleTimeoutMs?: number;
  /** Requests in flight beyond this are refused with 503 (counted as RejectedConnectionCount). Default 1024. */
  maxInFlight?: number;
}

export interface ResolvedHealthCheck {
  path: string;
  intervalMs: number;
  timeoutMs: number;
  healthyThreshold: number;
  unhealthyThreshold: number;
  matches: (status: number) => boolean;
}

export interface ResolvedMetrics {
  publish?: PublishMetrics;
  cloudwatch?: CloudWatchClientConfig;
  intervalMs: number;
  loadBalancerDim: string;
  targetGroupDim: string;
  publishZeroCounts: boolean;
  onError?: (err: unknown) => void;
}

export interface ResolvedOptions {
  host: '127.0.0.1' | '::1';
  port: number;
  healthCheck: ResolvedHealthCheck;
  metrics?: ResolvedMetrics;
  deregistrationDelayMs: number;
  idleTimeoutMs: number;
  maxInFlight: number;
}

export const DEFAULT_LOAD_BALANCER_DIM = 'app/sandbox-alb/0000000000000000';
export const DEFAULT_TARGET_GROUP_DIM = 'targetgroup/core-api/0000000000000000';

export function resolveOptions(options: LoadBalancerOptions = {}): ResolvedOptions {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1' && host !== '::1') fail('host', `must be 127.0.0.1 or ::1 (loopback only), got ${String(host)}`);
  const resolved: ResolvedOptions = {
    host,
    port: integer('port', options.port ?? 0, 0, 65535),
    healthCheck: resolveHealthCheck(options.healthCheck ?? {}),
    deregistrationDelayMs: integer('deregistrationDelayMs', options.deregistrationDelayMs ?? 10_000, 0, 3_600_000),
    idleTimeoutMs: integer('idleTimeoutMs', options.idleTimeoutMs ?? 60_000, 1, 4_000_000),
    maxInFlight: integer('maxInFlight', options.maxInFlight ?? 1024, 1, 1_000_000),
  };
  if (options.metrics) resolved.metrics = resolveMetrics(options.metrics);
  return resolved;
}

function resolveHealthCheck(hc: HealthCheckOptions): ResolvedHealthCheck {
  const path = hc.path ?? '/health';
  if (typeof path !== 'string' || !path.startsWith('/')) fail('healthCheck.path', `must start with "/", got ${JSON.stringify(path)}`);
  const intervalMs = integer('healthCheck.intervalMs', hc.intervalMs ?? 2000, 10, 3_600_000);
  const timeoutMs = integer('healthCheck.timeoutMs', hc.timeoutMs ?? 1000, 1, 3_600_000);
  // ALB rejects a timeout that is not shorter than the interval; it also keeps checks of one target from overlapping.
  if (timeoutMs >= intervalMs) fail('healthCheck.timeoutMs', `must be less than healthCheck.intervalMs (${intervalMs}), got ${timeoutMs}`);
  return {
    path,
    intervalMs,
    timeoutMs,
    healthyThreshold: integer('healthCheck.healthyThreshold', hc.healthyThreshold ?? 2, 1, 10),
    unhealthyThreshold: integer('healthCheck.unhealthyThreshold', hc.unhealthyThreshold ?? 3, 1, 10),
    matches: parseMatcher(hc.matcher ?? 200),
  };
}

function resolveMetrics(m: MetricsOptions): ResolvedMetrics {
  if (!m.publish && !m.cloudwatch) fail('metrics', 'give either metrics.publish (a function) or metrics.cloudwatch (CloudWatch client config)');
  if (m.publish && m.cloudwatch) fail('metrics', 'give only one of metrics.publish and metrics.cloudwatch');
  const resolved: ResolvedMetrics = {
    intervalMs: integer('metrics.intervalMs', m.intervalMs ?? 10_000, 100, 3_600_000),
    loadBalancerDim: nonEmpty('metrics.loadBalancerDim', m.loadBalancerDim ?? DEFAULT_LOAD_BALANCER_DIM),
    targetGroupDim: nonEmpty('metrics.targetGroupDim', m.targetGroupDim ?? DEFAULT_TARGET_GROUP_DIM),
    publishZeroCounts: m.publishZeroCounts ?? false,
  };
  if (m.publish) resolved.publish = m.publish;
  if (m.cloudwatch) resolved.cloudwatch = m.cloudwatch;
  if (m.onError) resolved.onError = m.onError;
  return resolved;
}

/** ALB matcher syntax: a code, a comma list, or a range; each code 200-499. */
export function parseMatcher(matcher: number | string): (status: number) => boolean {
  const text = String(matcher).trim();
  const ranges: Array<[number, number]> = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d{3})\s*(?:-\s*(\d{3})\s*)?$/.exec(part);
    const low = Number(m?.[1]);
    const high = m?.[2] ? Number(m[2]) : low;
    if (!m || low < 200 || high > 499 || low > high) {
      fail('healthCheck.matcher', `expected HTTP codes 200-499 like 200, "200,202" or "200-299", got ${JSON.stringify(matcher)}`);
    }
    ranges.push([low, high]);
  }
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}

function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function nonEmpty(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) fail(field, `expected a non-empty string, got ${JSON.stringify(value)}`);
  return value;
}

function fail(field: string, message: string): never {
  throw new TypeError(`startLoadBalancer: ${field}: ${message}`);
}
