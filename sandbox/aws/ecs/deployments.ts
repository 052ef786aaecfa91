// Deployment bookkeeping shared by the API (CreateService/UpdateService start deployments) and the scheduler
// (counts, failures, circuit breaker, rollback, completion). Texts follow what ECS writes in rolloutStateReason
// and in service events.
import { newDeploymentId } from './ids.ts';
import type { DeploymentRecord, ServiceRecord, TaskRecord } from './model.ts';
import { LIVE_STATUSES, PENDING_STATUSES } from './model.ts';
import type { EcsState } from './state.ts';

/** Restart backoff after failed tasks (see scheduler.ts "Restart backoff"). */
export interface RestartBackoff {
  initialMs: number;
  maxMs: number;
}

export const DEFAULT_RESTART_BACKOFF: RestartBackoff = { initialMs: 1_000, maxMs: 30_000 };

export const CIRCUIT_BREAKER_REASON = 'ECS deployment circuit breaker: tasks failed to start.';

/** ECS: 0.5 x desired count, rounded up, clamped to [3, 200]. */
export function circuitBreakerThreshold(desiredCount: number): number {
  return Math.min(200, Math.max(3, Math.ceil(0.5 * desiredCount)));
}

/** Doubles with each consecutive failure: initial, 2x, 4x, ... up to max. */
export function backoffDelayMs(consecutiveFailures: number, backoff: RestartBackoff): number {
  if (consecutiveFailures <= 0) return 0;
  const exponent = Math.min(consecutiveFailures - 1, 30);
  return Math.min(backoff.maxMs, backoff.initialMs * 2 ** exponent);
}

/**
 * Starts a new PRIMARY deployment of `taskDefinitionArn`. The previous PRIMARY becomes ACTIVE and keeps its tasks
 * until the scheduler drains it; its desiredCount follows what it has left.
 */
export function startDeployment(
  state: EcsState,
  service: ServiceRecord,
  taskDefinitionArn: string,
  now: number,
  rollback?: { failedDeploymentId: string; targetDeploymentId: string },
): DeploymentRecord {
  const id = newDeploymentId();
  for (const old of service.deployments) {
    if (old.status !== 'PRIMARY') continue;
    old.status = 'ACTIVE';
    old.desiredCount = liveTasks(state, old).length;
    old.updatedAt = now;
  }
  const deployment: DeploymentRecord = {
    id,
    status: 'PRIMARY',
    taskDefinitionArn,
    desiredCount: service.desiredCount,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: rollback
      ? `ECS deployment circuit breaker: rolling back to deploymentId ${rollback.targetDeploymentId}.`
      : `ECS deployment ${id} in progress.`,
    ...(rollback ? { rollbackOf: rollback.failedDeploymentId } : {}),
    consecutiveFailures: 0,
    nextStartAt: 0,
  };
  service.deployments.unshift(deployment);
  service.taskDefinitionArn = taskDefinitionArn;
  service.steady = false;
  return deployment;
}

export function primaryOf(service: ServiceRecord): DeploymentRecord | undefined {
  return service.deployments.find((d) => d.status === 'PRIMARY');
}

/** Tasks the deployment still wants running (not yet told to stop). */
export function liveTasks(state: EcsState, deployment: DeploymentRecord): TaskRecord[] {
  return state.tasksOfDeployment(deployment).filter((t) => t.desiredStatus === 'RUNNING' && LIVE_STATUSES.has(t.lastStatus));
}

export function deploymentCounts(state: EcsState, deployment: DeploymentRecord): { running: number; pending: number } {
  let running = 0;
  let pending = 0;
  for (const task of state.tasksOfDeployment(deployment)) {
    if (task.lastStatus === 'RUNNING') running += 1;
    else if (PENDING_STATUSES.has(task.lastStatus) && task.desiredStatus === 'RUNNING') pending += 1;
  }
  return { running, pending };
}

/**
 * A task of this deployment failed (did not start, exited, or failed its health checks). Counts toward the
 * circuit breaker only while the rollout is in progress; always pushes the next start back (restart backoff).
 */
export function recordTaskFailure(deployment: DeploymentRecord, now: number, backoff: RestartBackoff): void {
  if (deployment.rolloutState === 'IN_PROGRESS') deployment.failedTasks += 1;
  deployment.consecutiveFailures += 1;
  deployment.nextStartAt = now + backoffDelayMs(deployment.consecutiveFailures, backoff);
  deployment.updatedAt = now;
}

/** A task became healthy: the deployment can start tasks again without delay. */
export function recordTaskHealthy(deployment: DeploymentRecord, now: number): void {
  deployment.consecutiveFailures = 0;
  deployment.nextStartAt = 0;
  deployment.updatedAt = now;
}
