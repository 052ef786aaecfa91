// The sandbox's ECS: the API (ServiceDefinition for sandbox/aws/server.ts), the state it keeps, and the scheduler
// the reconciler (sandbox/ecs/) drives. See scheduler.ts for the seam between them.
import type { ServiceDefinition } from '../protocol.ts';
import { clusterOperations } from './api/clusters.ts';
import { serviceOperations } from './api/services.ts';
import { tagOperations } from './api/tags.ts';
import { taskDefinitionOperations } from './api/task-definitions.ts';
import { taskOperations } from './api/tasks.ts';
import { DEFAULT_RESTART_BACKOFF, type RestartBackoff } from './deployments.ts';
import type { ArnScope } from './ids.ts';
import type { EcsSnapshot } from './model.ts';
import { EcsScheduler } from './scheduler.ts';
import { EcsState } from './state.ts';

export { EcsState } from './state.ts';
export { EcsScheduler } from './scheduler.ts';
export type { SchedulerAction, StartTaskAction, StopTaskAction, ContainerLaunchSpec } from './scheduler.ts';
export type { EcsSnapshot } from './model.ts';
export type { RestartBackoff } from './deployments.ts';

export interface EcsOptions {
  /** Time for the scheduler's reports (API handlers use the server's request time). Default Date.now. */
  clock?: () => number;
  region?: string;
  accountId?: string;
  /** Delay before restarting tasks of a deployment whose tasks keep failing (default 1 s doubling to 30 s). */
  restartBackoff?: RestartBackoff;
  /**
   * State from an earlier `snapshot()`. Tasks that were not STOPPED are marked STOPPED (their processes did not
   * survive the restart) so the scheduler starts replacements on its first plan().
   */
  snapshot?: unknown;
}

export interface Ecs {
  service: ServiceDefinition;
  state: EcsState;
  scheduler: EcsScheduler;
  snapshot(): EcsSnapshot;
}

const MUTATING = [
  'CreateCluster',
  'DeleteCluster',
  'RegisterTaskDefinition',
  'CreateService',
  'UpdateService',
  'DeleteService',
  'StopTask',
  'RunTask',
  'TagResource',
  'UntagResource',
];

export function createEcs(options: EcsOptions = {}): Ecs {
  const clock = options.clock ?? Date.now;
  const scope: ArnScope = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' };
  const state = options.snapshot !== undefined ? EcsState.restore(options.snapshot, scope) : new EcsState(scope);
  const scheduler = new EcsScheduler(state, clock, options.restartBackoff ?? DEFAULT_RESTART_BACKOFF);
  if (options.snapshot !== undefined) scheduler.abandonLiveTasks(clock());
  const service: ServiceDefinition = {
    name: 'ecs',
    targetPrefix: 'AmazonEC2ContainerServiceV20141113',
    contentType: 'application/x-amz-json-1.1',
    awsQueryCompatible: false,
    operations: {
      ...clusterOperations(state),
      ...taskDefinitionOperations(state),
      ...serviceOperations(state),
      ...taskOperations(state),
      ...tagOperations(state),
    },
    mutating: new Set(MUTATING),
  };
  return { service, state, scheduler, snapshot: () => state.snapshot() };
}

/** `sandbox up --keep-state`: an ECS with the state of an earlier snapshot (see EcsOptions.snapshot). */
export function restoreEcs(snapshot: unknown, options: Omit<EcsOptions, 'snapshot'> = {}): Ecs {
  return createEcs({ ...options, snapshot });
}
