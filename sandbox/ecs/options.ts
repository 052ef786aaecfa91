// Options of the ECS reconciler, their defaults, and validation that names the field and the fix.
// The reconciler depends on narrow views of its collaborators (the scheduler's seam, a secret resolver, the
// balancer's target API) so unit tests can hand it fakes; the real EcsScheduler, SecretStore and LoadBalancer fit.
import type { CloudWatchClientConfig, PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import type { EcsScheduler } from '../aws/ecs/index.ts';
import type { LoadBalancerRecord } from '../aws/ecs/model.ts';
import type { ResolvedSecret } from '../aws/secretsmanager/index.ts';
import type { LoadBalancer } from '../lb/index.ts';

/** What the reconciler calls on the scheduler (see sandbox/aws/ecs/scheduler.ts for the contract). */
export type SchedulerPort = Pick<
  EcsScheduler,
  | 'plan'
  | 'nextWakeAt'
  | 'activeTaskArns'
  | 'onChange'
  | 'taskProvisioned'
  | 'taskRunning'
  | 'taskHealthy'
  | 'taskUnhealthy'
  | 'taskFailedToStart'
  | 'taskExited'
  | 'taskStopped'
>;

/** Secrets Manager's in-process resolver (SecretStore has it). Reasons never carry the value. */
export interface SecretResolver {
  resolveValueFrom(valueFrom: string): ResolvedSecret;
}

/** The part of a load balancer the reconciler uses: targets in, health verdicts out. */
export type TargetBalancer = Pick<LoadBalancer, 'registerTarget' | 'deregisterTarget' | 'targetHealth' | 'targets' | 'onHealthChange'>;

/**
 * Which balancer serves a service's `loadBalancers` entry. A Map is looked up by the entry's targetGroupArn, then the
 * target group's name (the `core-api` of `...:targetgroup/core-api/<id>`), then its loadBalancerName.
 */
export type LoadBalancerLookup = Map<string, TargetBalancer> | ((ref: LoadBalancerRecord) => TargetBalancer | undefined);

/** How a container `image` runs here: a local program instead of a pulled image. */
export interface ImageSpec {
  command: string;
  args: string[];
  cwd?: string;
}

export type PublishEcsMetrics = (input: PutMetricDataCommandInput, signal: AbortSignal) => Promise<unknown>;

export interface EcsMetricsOptions {
  /** Sends one PutMetricData request. Give this or `cloudwatch`. */
  publish?: PublishEcsMetrics;
  /** Config for a real CloudWatchClient (endpoint, region, credentials). */
  cloudwatch?: CloudWatchClientConfig;
  /** How often usage is sampled and published. Default 10000. */
  intervalMs?: number;
  /** The notional task size CPUUtilization is a percentage of, in ECS CPU units (1024 = 1 vCPU). Default 1024. */
  taskCpuUnits?: number;
  /** The notional task memory MemoryUtilization is a percentage of, in MiB. Default 512. */
  taskMemoryMiB?: number;
  /** Called when a publish fails; tasks carry on. Default: a line to the reconciler log. */
  onError?: (err: unknown) => void;
}

export interface ReconcilerOptions {
  scheduler: SchedulerPort;
  secrets: SecretResolver;
  /** Balancers for services with `loadBalancers`. A task whose entry finds none fails to start, naming it. */
  loadBalancers?: LoadBalancerLookup;
  /** container image -> local program, e.g. 'firedrill/reference-api' -> node --import tsx sandbox/service/main.ts */
  images: Record<string, ImageSpec>;
  /** Each task's stdout/stderr goes to <logsDir>/<taskId>.log; created if missing. */
  logsDir: string;
  /** Added to every task's environment, under the container's own (AWS_ENDPOINT_URL, AWS_REGION, dummy keys). */
  env?: Record<string, string>;
  /** Epoch ms for plan(now). Default Date.now. */
  clock?: () => number;
  /** The reconciler's own lines (never env values). Default: appended to <logsDir>/reconciler.log. */
  onLog?: (line: string) => void;
  /** Publish AWS/ECS CPUUtilization and MemoryUtilization per service. Omit for none. */
  metrics?: EcsMetricsOptions;
  /** Longest wait between two plans when nothing wakes the loop. Default 1000. */
  tickMs?: number;
  /** How long a task may take to accept connections on its port before it is declared running anyway. Default 30000. */
  listenTimeoutMs?: number;
  /** stop(): SIGTERM-to-SIGKILL grace for every task. Default 5000. */
  shutdownGraceMs?: number;
}

export interface ResolvedMetricsOptions {
  publish?: PublishEcsMetrics;
  cloudwatch?: CloudWatchClientConfig;
  intervalMs: number;
  taskCpuUnits: number;
  taskMemoryMiB: number;
  onError?: (err: unknown) => void;
}

export interface ResolvedReconcilerOptions {
  scheduler: SchedulerPort;
  secrets: SecretResolver;
  loadBalancers: LoadBalancerLookup;
  images: Record<string, ImageSpec>;
  logsDir: string;
  env: Record<string, string>;
  clock: () => number;
  onLog?: (line: string) => void;
  metrics?: ResolvedMetricsOptions;
  tickMs: number;
  listenTimeoutMs: number;
  shutdownGraceMs: number;
}

export function resolveReconcilerOptions(o: ReconcilerOptions): ResolvedReconcilerOptions {
  if (!o || typeof o !== 'object') fail('options', 'expected an object with scheduler, secrets, images and logsDir');
  if (typeof o.scheduler?.plan !== 'function') fail('scheduler', 'expected the EcsScheduler from createEcs() (it has plan(now))');
  if (typeof o.secrets?.resolveValueFrom !== 'function') fail('secrets', 'expected the SecretStore from createSecretsManager() (it has resolveValueFrom)');
  if (typeof o.logsDir !== 'string' || o.logsDir === '') fail('logsDir', 'expected the directory for task logs, e.g. .firedrill/sandbox/logs');
  const lookup = o.loadBalancers ?? new Map<string, TargetBalancer>();
  if (!(lookup instanceof Map) && typeof lookup !== 'function') fail('loadBalancers', 'expected a Map of target group ARN or name -> load balancer, or a lookup function');
  const resolved: ResolvedReconcilerOptions = {
    scheduler: o.scheduler,
    secrets: o.secrets,
    loadBalancers: lookup,
    images: validateImages(o.images),
    logsDir: o.logsDir,
    env: stringRecord('env', o.env ?? {}),
    clock: o.clock ?? Date.now,
    tickMs: integer('tickMs', o.tickMs ?? 1000, 10, 60_000),
    listenTimeoutMs: integer('listenTimeoutMs', o.listenTimeoutMs ?? 30_000, 100, 600_000),
    shutdownGraceMs: integer('shutdownGraceMs', o.shutdownGraceMs ?? 5000, 0, 120_000),
  };
  if (o.onLog) resolved.onLog = o.onLog;
  if (o.metrics) resolved.metrics = resolveMetrics(o.metrics);
  return resolved;
}

function validateImages(images: unknown): Record<string, ImageSpec> {
  if (!images || typeof images !== 'object') fail('images', "expected a map of image name -> {command, args}, e.g. {'firedrill/reference-api': {command: process.execPath, args: ['--import', 'tsx', 'sandbox/service/main.ts']}}");
  for (const [name, spec] of Object.entries(images as Record<string, ImageSpec>)) {
    if (typeof spec?.command !== 'string' || spec.command === '') fail(`images["${name}"].command`, 'expected the program to run, e.g. process.execPath');
    if (!Array.isArray(spec.args) || !spec.args.every((a) => typeof a === 'string')) fail(`images["${name}"].args`, 'expected an array of strings');
    if (spec.cwd !== undefined && typeof spec.cwd !== 'string') fail(`images["${name}"].cwd`, 'expected a directory path');
  }
  return images as Record<string, ImageSpec>;
}

function resolveMetrics(m: EcsMetricsOptions): ResolvedMetricsOptions {
  if (!m.publish && !m.cloudwatch) fail('metrics', 'give either metrics.publish (a function) or metrics.cloudwatch (CloudWatch client config)');
  if (m.publish && m.cloudwatch) fail('metrics', 'give only one of metrics.publish and metrics.cloudwatch');
  const resolved: ResolvedMetricsOptions = {
    intervalMs: integer('metrics.intervalMs', m.intervalMs ?? 10_000, 100, 3_600_000),
    taskCpuUnits: integer('metrics.taskCpuUnits', m.taskCpuUnits ?? 1024, 128, 196_608),
    taskMemoryMiB: integer('metrics.taskMemoryMiB', m.taskMemoryMiB ?? 512, 64, 1_048_576),
  };
  if (m.publish) resolved.publish = m.publish;
  if (m.cloudwatch) resolved.cloudwatch = m.cloudwatch;
  if (m.onError) resolved.onError = m.onError;
  return resolved;
}

function stringRecord(field: string, value: unknown): Record<string, string> {
  if (!value || typeof value !== 'object') fail(field, 'expected an object of environment variable names to string values');
  for (const [name, v] of Object.entries(value as Record<string, unknown>)) {
    // Only the name is quoted: values may be credentials.
    if (typeof v !== 'string') fail(`${field}.${name}`, 'expected a string value');
  }
  return value as Record<string, string>;
}

function integer(field: string, value: unknown, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(field, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return value;
}

function fail(field: string, message: string): never {
  throw new TypeError(`startReconciler: ${field}: ${message}`);
}
