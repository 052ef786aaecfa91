// The sandbox's ECS state as plain JSON-able records: timestamps are epoch milliseconds, so a snapshot is the
// records themselves (`sandbox down/up --keep-state`). Wire shapes (Dates, AWS field sets) live in render.ts.

export interface TagRecord {
  key: string;
  value: string;
}

export interface ClusterRecord {
  arn: string;
  name: string;
  status: 'ACTIVE' | 'INACTIVE';
  createdAt: number;
  tags: TagRecord[];
  settings: { name: string; value: string }[];
}

export interface SecretRef {
  name: string;
  valueFrom: string;
}

/** A container definition as registered: the raw request object, with the fields the scheduler reads typed. */
export interface ContainerDefinitionRecord {
  name: string;
  image: string;
  essential: boolean;
  environment: { name: string; value: string }[];
  secrets: SecretRef[];
  /** Seconds between SIGTERM and SIGKILL when the task is stopped (AWS default 30). */
  stopTimeout?: number;
  /** Everything else the caller sent (portMappings, command, healthCheck, ...), echoed back unchanged. */
  extra: Record<string, unknown>;
}

export interface TaskDefinitionRecord {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  registeredAt: number;
  containerDefinitions: ContainerDefinitionRecord[];
  tags: TagRecord[];
  /** Top-level fields echoed back as sent (cpu, memory, networkMode, requiresCompatibilities, roles, ...). */
  extra: Record<string, unknown>;
}

export interface CircuitBreakerConfig {
  enable: boolean;
  rollback: boolean;
}

export interface DeploymentConfigRecord {
  minimumHealthyPercent: number;
  maximumPercent: number;
  circuitBreaker: CircuitBreakerConfig;
}

export type DeploymentStatus = 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export interface DeploymentRecord {
  id: string;
  status: DeploymentStatus;
  taskDefinitionArn: string;
  /** PRIMARY: the service's desiredCount. ACTIVE: shrinks to what is left as its tasks drain. */
  desiredCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: RolloutState;
  rolloutStateReason: string;
  /** Set when the circuit breaker created this deployment; a failed rollback is not rolled back again. */
  rollbackOf?: string;
  /** Failures since the last task that became healthy: drives the restart backoff. */
  consecutiveFailures: number;
  /** No task of this deployment starts before this time (restart backoff), epoch ms. */
  nextStartAt: number;
}

export interface LoadBalancerRecord {
  targetGroupArn?: string;
  loadBalancerName?: string;
  containerName?: string;
  containerPort?: number;
}

export interface ServiceEventRecord {
  id: string;
  createdAt: number;
  message: string;
}

export interface ServiceRecord {
  arn: string;
  name: string;
  clusterArn: string;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinitionArn: string;
  launchType: string;
  deploymentConfiguration: DeploymentConfigRecord;
  loadBalancers: LoadBalancerRecord[];
  healthCheckGracePeriodSeconds?: number;
  propagateTags: 'NONE' | 'SERVICE' | 'TASK_DEFINITION';
  tags: TagRecord[];
  createdAt: number;
  /** PRIMARY first, then ACTIVE, then INACTIVE (kept for history, never shown by DescribeServices). */
  deployments: DeploymentRecord[];
  /** Newest first, at most 100, like DescribeServices. */
  events: ServiceEventRecord[];
  /** The last deployment that reached COMPLETED: the circuit breaker's rollback target. */
  lastCompleted?: { deploymentId: string; taskDefinitionArn: string };
  /** Whether the "reached a steady state" event was emitted for the current state (emitted once per arrival). */
  steady: boolean;
}

export type TaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

export type StopCode = 'TaskFailedToStart' | 'EssentialContainerExited' | 'UserInitiated' | 'ServiceSchedulerInitiated' | 'InfrastructureHealth';

export interface ContainerRecord {
  name: string;
  image: string;
  lastStatus: TaskStatus;
  exitCode?: number;
  reason?: string;
}

export interface TaskRecord {
  id: string;
  arn: string;
  clusterArn: string;
  taskDefinitionArn: string;
  /** Service tasks: "service:<name>"; standalone tasks: "family:<family>" unless RunTask named one. */
  group: string;
  startedBy?: string;
  serviceArn?: string;
  deploymentId?: string;
  launchType: string;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  /** What the load balancer last reported; tasks without a load balancer stay UNKNOWN. */
  healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  /** The load balancer's words for an unhealthy verdict, e.g. "Health checks failed with these codes: [503]". */
  healthReason?: string;
  containers: ContainerRecord[];
  /** RunTask containerOverrides[].environment, merged over the task definition's environment at start. */
  environmentOverrides: Record<string, { name: string; value: string }[]>;
  tags: TagRecord[];
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  connectivityAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: StopCode;
  stoppedReason?: string;
  /** Incremented on every status change, like the task's `version` field in AWS. */
  version: number;
  /** Outbox flags: each start/stop action is handed to the reconciler exactly once. */
  startDispatched: boolean;
  stopDispatched: boolean;
}

export interface EcsSnapshot {
  version: 1;
  clusters: ClusterRecord[];
  taskDefinitions: TaskDefinitionRecord[];
  services: ServiceRecord[];
  tasks: TaskRecord[];
}

export const LIVE_STATUSES: ReadonlySet<TaskStatus> = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING']);
export const PENDING_STATUSES: ReadonlySet<TaskStatus> = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING']);
