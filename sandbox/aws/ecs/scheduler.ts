/*
 * The ECS service scheduler as a state machine, and the seam between it and the reconciler.
 *
 * This module owns ALL ECS state and every decision: which tasks exist, which should start or stop, deployment
 * rollout state, the circuit breaker, events. The reconciler (sandbox/ecs/) owns only OS processes: it carries out
 * the actions it is given and reports what happened. It never decides anything and never edits ECS state.
 *
 *   loop:
 *     actions = scheduler.plan(now)            // decisions, each handed out exactly once; stops before starts
 *     start-task: resolve the secrets (at start, every time: a broken secret stays broken), spawn a process with
 *       the containers' environment + resolved secrets, register its port with the load balancer for each of the
 *       action's loadBalancers, and report:
 *         taskProvisioned(arn)                  when it begins (secrets resolving / process spawning)
 *         taskRunning(arn)                      once the process is up
 *         taskFailedToStart(arn, reason)        if secret resolution or the spawn failed (no process left behind);
 *                                               reason is the cause, e.g. "unable to retrieve secret from asm: ..."
 *         taskExited(arn, exitCode)             whenever the process ends without having been asked to stop
 *         taskHealthy(arn) / taskUnhealthy(arn) when the load balancer's health checks change their verdict
 *     stop-task: deregister the target from the load balancer, SIGTERM, SIGKILL after stopTimeoutMs, then report
 *       taskStopped(arn) (or taskExited with the code; either way STOPPED, keeping the stop code already recorded).
 *       A stop for a task still starting aborts the start.
 *     then wait for the earliest of: scheduler.nextWakeAt(now) (backoff or grace ends), scheduler.onChange (an API
 *     call changed the state), or a report of its own; a periodic tick of about a second is a fine fallback.
 *   scheduler.activeTaskArns() lists what should have a process: anything else the reconciler runs is an orphan.
 *
 * plan(now) makes no I/O and reads no clock but `now`, so tests drive it with a fake clock and fake reports.
 * Reporting methods are idempotent and never move a task backwards: late or duplicate reports (an exit after a
 * stop, a health result after the task stopped) are absorbed. An unknown task ARN is a reconciler bug: it throws.
 *
 * Rolling update rules (ECS "rolling update" deployment type), per service on every plan:
 *  - desired = the service's desiredCount (0 once deleted). minHealthy = ceil(desired x minimumHealthyPercent/100),
 *    maxTotal = floor(desired x maximumPercent/100).
 *  - A task counts healthy when RUNNING, not asked to stop and, for a service with loadBalancers, reported healthy
 *    by the load balancer (taskHealthy). Without a load balancer RUNNING is enough.
 *  - Stops: RUNNING tasks reported unhealthy are replaced (after healthCheckGracePeriodSeconds). Excess PRIMARY tasks
 *    (scale-in) and every task of ACTIVE (old) deployments are stopped, least useful first (pending, then
 *    unhealthy, then healthy), but a healthy task is only stopped while the healthy count stays >= minHealthy.
 *  - Starts: the PRIMARY deployment starts tasks up to desired, never more than maxTotal tasks of the service alive
 *    (anything not STOPPED, including tasks still stopping, counts). So min 100 / max 200 starts new tasks first and
 *    stops old ones only as new ones turn healthy; min 50 stops half the old ones at once.
 *  - Completion: when the service has exactly `desired` tasks, all PRIMARY, all healthy, nothing stopping, the PRIMARY
 *    rollout becomes COMPLETED ("(deployment X) deployment completed.") and "(service S) has reached a steady
 *    state." is recorded (once per arrival at steady state). ACTIVE deployments with nothing left become INACTIVE;
 *    DescribeServices shows only PRIMARY and ACTIVE ones (the SDK's services-stable waiter needs exactly one).
 *  - Failures: a task that fails to start, exits unasked or is stopped for failed health checks counts in its
 *    deployment's failedTasks while the rollout is IN_PROGRESS, and is replaced. With the circuit breaker enabled,
 *    failedTasks >= clamp(ceil(0.5 x desired), 3, 200) sets rolloutState FAILED ("ECS deployment circuit breaker:
 *    tasks failed to start.", event "(service S) (deployment X) deployment failed: tasks failed to start.") and the
 *    deployment launches no more tasks; with rollback a new PRIMARY deployment of
 *    the last COMPLETED deployment's task definition starts (a failed rollback is not rolled back again). Without the
 *    breaker the deployment stays IN_PROGRESS and keeps retrying.
 *
 * Restart backoff: after each failure the deployment starts nothing until now + initialMs x 2^(n-1) (n consecutive
 * failures, capped at maxMs; defaults 1 s .. 30 s), and a task turning healthy resets it. A deployment whose tasks
 * always fail therefore spawns at most one batch of processes per 30 s instead of spinning the CPU. (AWS throttles
 * restarts too, over minutes; the sandbox scales that down so drills take minutes.)
 */
import { DEFAULT_RESTART_BACKOFF, liveTasks, primaryOf, recordTaskFailure, recordTaskHealthy, type RestartBackoff } from './deployments.ts';
import { nameFromArnOrName } from './ids.ts';
import type { LoadBalancerRecord, SecretRef, StopCode, TaskRecord } from './model.ts';
import { planService } from './service-plan.ts';
import type { EcsState } from './state.ts';
import { isStopped, markProvisioned, markRunning, markStopped, stopTimeoutMs } from './task-lifecycle.ts';
import { startAction } from './actions.ts';

export interface ContainerLaunchSpec {
  name: string;
  image: string;
  essential: boolean;
  /** The task definition's environment with RunTask overrides applied. Never contains secret values. */
  environment: Record<string, string>;
  /** To resolve at start (Secrets Manager ARN with optional :json-key:version-stage:version-id). */
  secrets: SecretRef[];
  command?: string[];
  entryPoint?: string[];
  portMappings: { containerPort?: number; hostPort?: number; protocol?: string }[];
}

export interface StartTaskAction {
  type: 'start-task';
  taskArn: string;
  taskId: string;
  clusterArn: string;
  /** Set for service tasks; standalone (RunTask) tasks have neither. */
  serviceName?: string;
  deploymentId?: string;
  group: string;
  startedBy?: string;
  taskDefinitionArn: string;
  family: string;
  revision: number;
  containers: ContainerLaunchSpec[];
  /** The service's load balancer targets: register containerName's containerPort with each (none for RunTask). */
  loadBalancers: LoadBalancerRecord[];
  /** SIGTERM-to-SIGKILL grace to use if this task is later stopped. */
  stopTimeoutMs: number;
}

export interface StopTaskAction {
  type: 'stop-task';
  taskArn: string;
  taskId: string;
  stopCode: StopCode;
  reason: string;
  /** Send SIGTERM, then SIGKILL if the process is still alive after this long (AWS default 30 s). */
  stopTimeoutMs: number;
}

export type SchedulerAction = StartTaskAction | StopTaskAction;

const STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000; // AWS keeps stopped tasks visible for at least an hour.

export class EcsScheduler {
  constructor(
    private readonly state: EcsState,
    private readonly clock: () => number = Date.now,
    private readonly backoff: RestartBackoff = DEFAULT_RESTART_BACKOFF,
  ) {}

  /** Decide, record and return what the reconciler must do now. Stops come before starts. */
  plan(now: number = this.clock()): SchedulerAction[] {
    for (const service of this.state.services.values()) planService({ state: this.state, now, backoff: this.backoff }, service);
    this.pruneStoppedTasks(now);
    return this.collectActions(now);
  }

  /** The earliest future time at which plan() may decide something new without any report (backoff, grace). */
  nextWakeAt(now: number = this.clock()): number | undefined {
    const times: number[] = [];
    for (const service of this.state.services.values()) {
      const primary = primaryOf(service);
      if (primary && primary.nextStartAt > now && liveTasks(this.state, primary).length < primary.desiredCount) times.push(primary.nextStartAt);
      const graceMs = (service.healthCheckGracePeriodSeconds ?? 0) * 1000;
      for (const task of this.state.tasksOfService(service)) {
        const graceEnd = (task.startedAt ?? 0) + graceMs;
        if (task.healthStatus === 'UNHEALTHY' && task.desiredStatus === 'RUNNING' && graceEnd > now) times.push(graceEnd);
      }
    }
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  /** Tasks handed out to start and not yet STOPPED: a reconciler may end any process of its own not in this list. */
  activeTaskArns(): string[] {
    return [...this.state.tasks.values()].filter((t) => t.startDispatched && !isStopped(t)).map((t) => t.arn);
  }

  /** Called after every API call that changed ECS state (UpdateService, StopTask, RunTask, ...). */
  onChange(listener: () => void): () => void {
    return this.state.onChange(listener);
  }

  taskProvisioned(taskArn: string): void {
    const task = this.task(taskArn);
    markProvisioned(task, this.clock());
    this.touch(task);
  }

  taskRunning(taskArn: string): void {
    const task = this.task(taskArn);
    if (isStopped(task)) return;
    markRunning(task, this.clock());
    this.touch(task);
  }

  taskHealthy(taskArn: string): void {
    const task = this.task(taskArn);
    if (isStopped(task) || task.lastStatus !== 'RUNNING' || task.healthStatus === 'HEALTHY') return;
    task.healthStatus = 'HEALTHY';
    task.version += 1;
    const deployment = this.state.deploymentOf(task);
    if (deployment) recordTaskHealthy(deployment, this.clock());
  }

  /** `reason` appears in the service event, like an ALB's "Health checks failed with these codes: [503]". */
  taskUnhealthy(taskArn: string, reason?: string): void {
    const task = this.task(taskArn);
    if (isStopped(task) || task.lastStatus !== 'RUNNING' || task.healthStatus === 'UNHEALTHY') return;
    task.healthStatus = 'UNHEALTHY';
    if (reason) task.healthReason = reason;
    task.version += 1;
    this.touch(task);
  }

  /** Secrets could not be resolved or the process could not be spawned: the app never ran. */
  taskFailedToStart(taskArn: string, reason: string): void {
    const task = this.task(taskArn);
    if (isStopped(task)) return;
    const unasked = task.desiredStatus === 'RUNNING';
    const stoppedReason = reason.startsWith('ResourceInitializationError') ? reason : `ResourceInitializationError: ${reason}`;
    markStopped(task, this.clock(), { stopCode: 'TaskFailedToStart', reason: stoppedReason });
    if (unasked) this.failed(task);
    this.touch(task);
  }

  /** The process ended. Unasked, that is an essential container exit and the task is replaced. */
  taskExited(taskArn: string, exitCode: number): void {
    const task = this.task(taskArn);
    if (isStopped(task)) return;
    const unasked = task.desiredStatus === 'RUNNING';
    markStopped(task, this.clock(), { stopCode: 'EssentialContainerExited', reason: 'Essential container in task exited', exitCode });
    if (unasked) this.failed(task);
    this.touch(task);
  }

  /** A stop-task action finished (the process is gone). */
  taskStopped(taskArn: string): void {
    const task = this.task(taskArn);
    if (isStopped(task)) return;
    if (task.desiredStatus !== 'STOPPED') {
      throw new Error(`ECS scheduler: taskStopped(${task.id}) but no stop was requested; report taskExited(taskArn, exitCode) for a task that ended on its own.`);
    }
    markStopped(task, this.clock());
    this.touch(task);
  }

  /**
   * After `sandbox up --keep-state` no task process survives: every task not STOPPED is marked STOPPED
   * (InfrastructureHealth, not counted as a deployment failure) so the next plan() starts replacements.
   */
  abandonLiveTasks(now: number = this.clock()): void {
    for (const task of this.state.tasks.values()) {
      if (isStopped(task)) continue;
      markStopped(task, now, { stopCode: 'InfrastructureHealth', reason: 'The sandbox restarted; the task process no longer exists.' });
      task.startDispatched = true;
      task.stopDispatched = true;
    }
  }

  private collectActions(now: number): SchedulerAction[] {
    const stops: SchedulerAction[] = [];
    const starts: SchedulerAction[] = [];
    for (const task of this.state.tasks.values()) {
      if (!task.startDispatched) {
        task.startDispatched = true;
        if (task.desiredStatus === 'STOPPED') {
          // Stopped before it was ever handed out: nothing to start or stop.
          task.stopDispatched = true;
          markStopped(task, now);
          continue;
        }
        const td = this.state.findTaskDefinition(task.taskDefinitionArn);
        if (td) starts.push(startAction(task, td, this.state.serviceByArn(task.serviceArn)));
      } else if (task.desiredStatus === 'STOPPED' && !task.stopDispatched && !isStopped(task)) {
        task.stopDispatched = true;
        const td = this.state.findTaskDefinition(task.taskDefinitionArn);
        stops.push({
          type: 'stop-task',
          taskArn: task.arn,
          taskId: task.id,
          stopCode: task.stopCode ?? 'ServiceSchedulerInitiated',
          reason: task.stoppedReason ?? '',
          stopTimeoutMs: stopTimeoutMs(td),
        });
      }
    }
    return [...stops, ...starts];
  }

  private pruneStoppedTasks(now: number): void {
    for (const [id, task] of this.state.tasks) {
      if (isStopped(task) && (task.stoppedAt ?? now) + STOPPED_TASK_RETENTION_MS < now) this.state.tasks.delete(id);
    }
  }

  private failed(task: TaskRecord): void {
    const deployment = this.state.deploymentOf(task);
    if (deployment) recordTaskFailure(deployment, this.clock(), this.backoff);
  }

  private touch(task: TaskRecord): void {
    const deployment = this.state.deploymentOf(task);
    if (deployment) deployment.updatedAt = this.clock();
  }

  private task(taskArn: string): TaskRecord {
    const task = this.state.tasks.get(nameFromArnOrName(taskArn));
    if (!task) throw new Error(`ECS scheduler: unknown task ${taskArn} (the reconciler reported a task the scheduler never started).`);
    return task;
  }
}
