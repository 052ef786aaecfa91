// One service's rolling-update decisions for one scheduler pass (see scheduler.ts for the seam and the rules).
// Decisions are recorded in the state: new tasks are created (their start not yet dispatched) and stops are
// requested; scheduler.ts turns both into actions exactly once.
import {
  CIRCUIT_BREAKER_REASON,
  circuitBreakerThreshold,
  liveTasks,
  primaryOf,
  recordTaskFailure,
  startDeployment,
  type RestartBackoff,
} from './deployments.ts';
import { nameFromArnOrName } from './ids.ts';
import type { DeploymentRecord, ServiceRecord, StopCode, TaskRecord } from './model.ts';
import type { EcsState } from './state.ts';
import { isStopped, newTask, requestStop } from './task-lifecycle.ts';

const MAX_INACTIVE_DEPLOYMENTS = 10;

export interface PlanContext {
  state: EcsState;
  now: number;
  backoff: RestartBackoff;
}

interface Pass extends PlanContext {
  service: ServiceRecord;
  minHealthy: number;
  /** Healthy tasks left if every stop decided so far goes through. */
  healthy: number;
  started: TaskRecord[];
  stopped: TaskRecord[];
}

/** Counts toward minimumHealthyPercent: running, not being stopped, and (behind a load balancer) passing checks. */
export function isHealthy(task: TaskRecord, service: ServiceRecord): boolean {
  if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING') return false;
  return service.loadBalancers.length === 0 || task.healthStatus === 'HEALTHY';
}

export function planService(ctx: PlanContext, service: ServiceRecord): void {
  if (service.status === 'INACTIVE') return;
  tripCircuitBreaker(ctx, service);
  const desired = service.status === 'ACTIVE' ? service.desiredCount : 0;
  const primary = primaryOf(service);
  if (primary) primary.desiredCount = desired;
  const config = service.deploymentConfiguration;
  const pass: Pass = {
    ...ctx,
    service,
    minHealthy: Math.ceil((desired * config.minimumHealthyPercent) / 100),
    healthy: ctx.state.tasksOfService(service).filter((t) => isHealthy(t, service)).length,
    started: [],
    stopped: [],
  };
  stopUnhealthy(pass);
  if (primary) scaleIn(pass, primary, desired);
  drainOldDeployments(pass);
  if (primary) startTasks(pass, primary, desired, Math.floor((desired * config.maximumPercent) / 100));
  settleOldDeployments(pass);
  recordEvents(pass);
  checkSteadyState(pass, primary, desired);
}

function tripCircuitBreaker(ctx: PlanContext, service: ServiceRecord): void {
  const primary = primaryOf(service);
  const breaker = service.deploymentConfiguration.circuitBreaker;
  if (!primary || !breaker.enable || primary.rolloutState !== 'IN_PROGRESS') return;
  if (primary.failedTasks < circuitBreakerThreshold(primary.desiredCount)) return;
  primary.rolloutState = 'FAILED';
  primary.rolloutStateReason = CIRCUIT_BREAKER_REASON;
  primary.updatedAt = ctx.now;
  ctx.state.addEvent(service, `(service ${service.name}) (deployment ${primary.id}) deployment failed: tasks failed to start.`, ctx.now);
  const target = service.lastCompleted;
  // A rollback that fails too is left FAILED: rolling back again would loop on the same broken revision.
  if (!breaker.rollback || primary.rollbackOf || !target) return;
  startDeployment(ctx.state, service, target.taskDefinitionArn, ctx.now, {
    failedDeploymentId: primary.id,
    targetDeploymentId: target.deploymentId,
  });
  ctx.state.addEvent(service, `(service ${service.name}) rolling back to deployment ${target.deploymentId}.`, ctx.now);
}

function stopUnhealthy(pass: Pass): void {
  const { service, now } = pass;
  const lb = service.loadBalancers[0];
  const targetGroup = lb?.targetGroupArn ?? lb?.loadBalancerName ?? 'unknown';
  const graceMs = (service.healthCheckGracePeriodSeconds ?? 0) * 1000;
  for (const task of pass.state.tasksOfService(service)) {
    if (task.lastStatus !== 'RUNNING' || task.desiredStatus !== 'RUNNING' || task.healthStatus !== 'UNHEALTHY') continue;
    if ((task.startedAt ?? now) + graceMs > now) continue;
    const port = lb?.containerPort !== undefined ? ` (port ${lb.containerPort})` : '';
    pass.state.addEvent(
      service,
      `(service ${service.name}) (task ${task.id})${port} is unhealthy in (target-group ${targetGroup}) due to (reason ${task.healthReason ?? 'Health checks failed'}).`,
      now,
    );
    stop(pass, task, 'ServiceSchedulerInitiated', `Task failed ELB health checks in (target-group ${targetGroup})`);
    const deployment = pass.state.deploymentOf(task);
    if (deployment) recordTaskFailure(deployment, now, pass.backoff);
  }
}

/** Stop victims first: not yet running, then running but not healthy, then healthy; newest first within each. */
function byStopPreference(service: ServiceRecord) {
  const rank = (t: TaskRecord) => (t.lastStatus !== 'RUNNING' ? 0 : isHealthy(t, service) ? 2 : 1);
  return (a: TaskRecord, b: TaskRecord) => rank(a) - rank(b) || b.createdAt - a.createdAt;
}

/** Stops the task unless that would take the healthy count below minimumHealthyPercent; returns whether it did. */
function stopIfAllowed(pass: Pass, task: TaskRecord, deployment: DeploymentRecord): boolean {
  if (isHealthy(task, pass.service)) {
    if (pass.healthy - 1 < pass.minHealthy) return false;
    pass.healthy -= 1;
  }
  stop(pass, task, 'ServiceSchedulerInitiated', `Scaling activity initiated by (deployment ${deployment.id})`);
  return true;
}

function scaleIn(pass: Pass, primary: DeploymentRecord, desired: number): void {
  const live = liveTasks(pass.state, primary).sort(byStopPreference(pass.service));
  let excess = live.length - desired;
  for (const task of live) {
    if (excess <= 0) break;
    if (stopIfAllowed(pass, task, primary)) excess -= 1;
  }
}

function drainOldDeployments(pass: Pass): void {
  const old = pass.service.deployments.filter((d) => d.status === 'ACTIVE').reverse();
  for (const deployment of old) {
    for (const task of liveTasks(pass.state, deployment).sort(byStopPreference(pass.service))) {
      stopIfAllowed(pass, task, deployment);
    }
  }
}

function startTasks(pass: Pass, primary: DeploymentRecord, desired: number, maxTotal: number): void {
  const { state, service, now } = pass;
  if (service.status !== 'ACTIVE' || primary.rolloutState === 'FAILED' || now < primary.nextStartAt) return;
  const running = state.tasksOfService(service).filter((t) => !isStopped(t)).length;
  const count = Math.min(desired - liveTasks(state, primary).length, maxTotal - running);
  const taskDefinition = state.findTaskDefinition(primary.taskDefinitionArn);
  const cluster = state.clusters.get(nameFromArnOrName(service.clusterArn));
  if (count <= 0 || !taskDefinition || !cluster) return;
  const tags = service.propagateTags === 'SERVICE' ? service.tags : service.propagateTags === 'TASK_DEFINITION' ? taskDefinition.tags : [];
  for (let i = 0; i < count; i += 1) {
    const task = newTask(
      {
        scope: state.scope,
        clusterArn: cluster.arn,
        taskDefinition,
        group: `service:${service.name}`,
        startedBy: primary.id,
        serviceArn: service.arn,
        deploymentId: primary.id,
        launchType: service.launchType,
        tags,
      },
      now,
    );
    state.tasks.set(task.id, task);
    pass.started.push(task);
  }
  primary.updatedAt = now;
}

/** ACTIVE deployments want only what they still have; once nothing of theirs is left they become INACTIVE. */
function settleOldDeployments(pass: Pass): void {
  const { service, state, now } = pass;
  for (const deployment of service.deployments) {
    if (deployment.status !== 'ACTIVE') continue;
    const live = liveTasks(state, deployment).length;
    if (deployment.desiredCount !== live) {
      deployment.desiredCount = live;
      deployment.updatedAt = now;
    }
    if (state.tasksOfDeployment(deployment).every(isStopped)) {
      deployment.status = 'INACTIVE';
      deployment.updatedAt = now;
    }
  }
  const rank = { PRIMARY: 0, ACTIVE: 1, INACTIVE: 2 } as const;
  service.deployments.sort((a, b) => rank[a.status] - rank[b.status] || b.createdAt - a.createdAt);
  const inactive = service.deployments.filter((d) => d.status === 'INACTIVE');
  if (inactive.length > MAX_INACTIVE_DEPLOYMENTS) service.deployments.length -= inactive.length - MAX_INACTIVE_DEPLOYMENTS;
}

function recordEvents(pass: Pass): void {
  const { service, state, now } = pass;
  const list = (tasks: TaskRecord[]) => tasks.map((t) => `(task ${t.id})`).join(' ');
  if (pass.stopped.length > 0) {
    state.addEvent(service, `(service ${service.name}) has stopped ${pass.stopped.length} running tasks: ${list(pass.stopped)}.`, now);
  }
  if (pass.started.length > 0) {
    state.addEvent(service, `(service ${service.name}) has started ${pass.started.length} tasks: ${list(pass.started)}.`, now);
  }
}

/** Steady: exactly the desired number of tasks, all of the PRIMARY deployment, all healthy, nothing stopping. */
function checkSteadyState(pass: Pass, primary: DeploymentRecord | undefined, desired: number): void {
  const { service, state, now } = pass;
  const remaining = state.tasksOfService(service).filter((t) => !isStopped(t));
  if (service.status === 'DRAINING' && remaining.length === 0) service.status = 'INACTIVE';
  const steady =
    service.status === 'ACTIVE' &&
    primary !== undefined &&
    primary.rolloutState !== 'FAILED' &&
    remaining.length === desired &&
    remaining.every((t) => t.deploymentId === primary.id && isHealthy(t, service));
  if (!steady || !primary) {
    service.steady = false;
    return;
  }
  if (primary.rolloutState === 'IN_PROGRESS') {
    primary.rolloutState = 'COMPLETED';
    primary.rolloutStateReason = `ECS deployment ${primary.id} completed.`;
    primary.updatedAt = now;
    service.lastCompleted = { deploymentId: primary.id, taskDefinitionArn: primary.taskDefinitionArn };
    state.addEvent(service, `(service ${service.name}) (deployment ${primary.id}) deployment completed.`, now);
  }
  if (!service.steady) {
    service.steady = true;
    state.addEvent(service, `(service ${service.name}) has reached a steady state.`, now);
  }
}

function stop(pass: Pass, task: TaskRecord, stopCode: StopCode, reason: string): void {
  requestStop(task, stopCode, reason, pass.now);
  pass.stopped.push(task);
}
