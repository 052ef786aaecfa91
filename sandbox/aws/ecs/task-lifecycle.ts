// A task's lastStatus only moves forward through the AWS lifecycle
//   PROVISIONING -> PENDING -> ACTIVATING -> RUNNING -> DEACTIVATING -> STOPPING -> DEPROVISIONING -> STOPPED
// The sandbox has no ENIs or image pulls, so several steps collapse into one report (ACTIVATING is passed through
// on the way to RUNNING, STOPPING/DEPROVISIONING on the way to STOPPED), but the order holds, a late or duplicate
// report never moves a task backwards, and every timestamp AWS sets is set.
import { newTaskId, taskArn as buildTaskArn, nameFromArnOrName, type ArnScope } from './ids.ts';
import type { StopCode, TagRecord, TaskDefinitionRecord, TaskRecord, TaskStatus } from './model.ts';

const ORDER: readonly TaskStatus[] = [
  'PROVISIONING',
  'PENDING',
  'ACTIVATING',
  'RUNNING',
  'DEACTIVATING',
  'STOPPING',
  'DEPROVISIONING',
  'STOPPED',
];

export const DEFAULT_STOP_TIMEOUT_SECONDS = 30;

export interface NewTaskOptions {
  scope: ArnScope;
  clusterArn: string;
  taskDefinition: TaskDefinitionRecord;
  group: string;
  startedBy?: string;
  serviceArn?: string;
  deploymentId?: string;
  launchType: string;
  tags: TagRecord[];
  environmentOverrides?: TaskRecord['environmentOverrides'];
}

export function newTask(options: NewTaskOptions, now: number): TaskRecord {
  const id = newTaskId();
  const td = options.taskDefinition;
  return {
    id,
    arn: buildTaskArn(options.scope, nameFromArnOrName(options.clusterArn), id),
    clusterArn: options.clusterArn,
    taskDefinitionArn: td.arn,
    group: options.group,
    ...(options.startedBy !== undefined ? { startedBy: options.startedBy } : {}),
    ...(options.serviceArn !== undefined ? { serviceArn: options.serviceArn } : {}),
    ...(options.deploymentId !== undefined ? { deploymentId: options.deploymentId } : {}),
    launchType: options.launchType,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    healthStatus: 'UNKNOWN',
    containers: td.containerDefinitions.map((c) => ({ name: c.name, image: c.image, lastStatus: 'PENDING' })),
    environmentOverrides: options.environmentOverrides ?? {},
    tags: options.tags.map((t) => ({ ...t })),
    createdAt: now,
    version: 1,
    startDispatched: false,
    stopDispatched: false,
  };
}

export const isStopped = (task: TaskRecord) => task.lastStatus === 'STOPPED';

/** Moves lastStatus forward to `status` (never backwards); returns whether anything changed. */
export function advance(task: TaskRecord, status: TaskStatus): boolean {
  if (ORDER.indexOf(status) <= ORDER.indexOf(task.lastStatus)) return false;
  task.lastStatus = status;
  task.version += 1;
  // Containers report only PENDING, RUNNING and STOPPED; they stay RUNNING while the task deactivates.
  if (status === 'RUNNING' || status === 'STOPPED') for (const container of task.containers) container.lastStatus = status;
  return true;
}

export function markProvisioned(task: TaskRecord, now: number): void {
  if (advance(task, 'PENDING')) task.pullStartedAt ??= now;
}

export function markRunning(task: TaskRecord, now: number): void {
  if (ORDER.indexOf(task.lastStatus) >= ORDER.indexOf('RUNNING')) return;
  task.pullStartedAt ??= now;
  task.pullStoppedAt ??= now;
  task.connectivityAt ??= now;
  advance(task, 'ACTIVATING');
  advance(task, 'RUNNING');
  task.startedAt = now;
  // A stop that arrived while the task was starting wins: it goes straight on to deactivating.
  if (task.desiredStatus === 'STOPPED') beginStopping(task, now);
}

/** The scheduler or a user asked for the task to stop: record why once (the first reason is the one AWS shows). */
export function requestStop(task: TaskRecord, stopCode: StopCode, reason: string, now: number): void {
  if (task.desiredStatus === 'STOPPED' || isStopped(task)) return;
  task.desiredStatus = 'STOPPED';
  task.stopCode = stopCode;
  task.stoppedReason = reason;
  task.version += 1;
  if (task.lastStatus === 'RUNNING') beginStopping(task, now);
}

function beginStopping(task: TaskRecord, now: number): void {
  task.stoppingAt ??= now;
  advance(task, 'DEACTIVATING');
}

export interface StopOutcome {
  stopCode?: StopCode;
  reason?: string;
  exitCode?: number;
}

/** The task no longer runs. A stop code already recorded (by StopTask or the scheduler) is kept. */
export function markStopped(task: TaskRecord, now: number, outcome: StopOutcome = {}): void {
  if (isStopped(task)) return;
  task.desiredStatus = 'STOPPED';
  if (!task.stopCode && outcome.stopCode) task.stopCode = outcome.stopCode;
  if (!task.stoppedReason && outcome.reason) task.stoppedReason = outcome.reason;
  task.stoppingAt ??= now;
  task.executionStoppedAt = now;
  task.stoppedAt = now;
  advance(task, 'STOPPED');
  for (const container of task.containers) {
    if (outcome.exitCode !== undefined) container.exitCode = outcome.exitCode;
    if (outcome.reason && outcome.stopCode === 'TaskFailedToStart') container.reason = outcome.reason;
  }
}

/** SIGTERM-to-SIGKILL grace for the whole task: the longest of its containers' stopTimeout (AWS default 30 s). */
export function stopTimeoutMs(td: TaskDefinitionRecord | undefined): number {
  const timeouts = (td?.containerDefinitions ?? []).map((c) => c.stopTimeout ?? DEFAULT_STOP_TIMEOUT_SECONDS);
  return (timeouts.length > 0 ? Math.max(...timeouts) : DEFAULT_STOP_TIMEOUT_SECONDS) * 1000;
}
