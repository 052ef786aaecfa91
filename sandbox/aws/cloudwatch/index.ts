// The sandbox's CloudWatch: one ServiceDefinition serving the metric API (metric-operations.ts) and the alarm API
// (alarm-operations.ts) on the JSON protocol, plus the evaluator that moves alarms between states.
import type { ServiceDefinition } from '../protocol.ts';
import { ALARM_MUTATING_OPERATIONS, alarmOperations } from './alarm-operations.ts';
import { AlarmStore } from './alarm-store.ts';
import { Evaluator } from './evaluator.ts';
import { METRIC_MUTATING_OPERATIONS, metricOperations } from './metric-operations.ts';
import { MetricStore } from './metric-store.ts';

export interface CloudWatchOptions {
  /** The sandbox clock (epoch ms); the evaluator reads it. Tests pass a manual clock. Defaults to Date.now. */
  clock?: () => number;
  /** Start the evaluator's 10-second timer (default true). Tests that drive evaluateAll(now) themselves pass false. */
  evaluate?: boolean;
  /** State saved by `snapshot()` of each store, for `sandbox up --keep-state`. */
  restore?: { metrics?: unknown; alarms?: unknown };
}

export interface SandboxCloudWatch {
  service: ServiceDefinition;
  metrics: MetricStore;
  alarms: AlarmStore;
  evaluator: Evaluator;
}

export function createCloudWatch(options: CloudWatchOptions = {}): SandboxCloudWatch {
  const clock = options.clock ?? Date.now;
  const metrics = options.restore?.metrics !== undefined ? MetricStore.restore(options.restore.metrics) : new MetricStore();
  const alarms = options.restore?.alarms !== undefined ? AlarmStore.restore(options.restore.alarms) : new AlarmStore();
  const evaluator = new Evaluator(alarms, metrics, clock);
  if (options.evaluate ?? true) evaluator.start();
  const service: ServiceDefinition = {
    name: 'cloudwatch',
    targetPrefix: 'GraniteServiceVersion20100801',
    contentType: 'application/x-amz-json-1.0',
    awsQueryCompatible: true,
    operations: { ...metricOperations(metrics), ...alarmOperations(alarms) },
    mutating: new Set([...METRIC_MUTATING_OPERATIONS, ...ALARM_MUTATING_OPERATIONS]),
  };
  return { service, metrics, alarms, evaluator };
}
