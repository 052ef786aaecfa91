// State records -> the response shapes of the ECS API (botocore ecs service-2.json: Cluster, Service, Deployment,
// Task, TaskDefinition). Timestamps become Dates; protocol.ts puts them on the wire as epoch seconds.
import { deploymentCounts } from './deployments.ts';
import type { ClusterRecord, DeploymentRecord, ServiceRecord, TaskDefinitionRecord, TaskRecord } from './model.ts';
import type { EcsState } from './state.ts';

const date = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms));
const PLATFORM_VERSION = '1.4.0';

export function renderCluster(state: EcsState, cluster: ClusterRecord, withTags: boolean): Record<string, unknown> {
  const tasks = [...state.tasks.values()].filter((t) => t.clusterArn === cluster.arn);
  const services = [...state.services.values()].filter((s) => s.clusterArn === cluster.arn && s.status === 'ACTIVE');
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: cluster.status,
    registeredContainerInstancesCount: 0,
    runningTasksCount: tasks.filter((t) => t.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => ['PROVISIONING', 'PENDING', 'ACTIVATING'].includes(t.lastStatus)).length,
    activeServicesCount: services.length,
    statistics: [],
    ...(withTags ? { tags: cluster.tags } : {}),
    settings: cluster.settings,
    capacityProviders: [],
    defaultCapacityProviderStrategy: [],
  };
}

export function renderTaskDefinition(td: TaskDefinitionRecord): Record<string, unknown> {
  return {
    ...td.extra,
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    status: td.status,
    containerDefinitions: td.containerDefinitions.map((c) => ({
      ...c.extra,
      name: c.name,
      image: c.image,
      essential: c.essential,
      environment: c.environment,
      ...(c.secrets.length > 0 ? { secrets: c.secrets } : {}),
      ...(c.stopTimeout !== undefined ? { stopTimeout: c.stopTimeout } : {}),
    })),
    volumes: td.extra.volumes ?? [],
    placementConstraints: td.extra.placementConstraints ?? [],
    compatibilities: ['EC2', 'FARGATE'],
    registeredAt: date(td.registeredAt),
  };
}

function renderDeployment(state: EcsState, service: ServiceRecord, d: DeploymentRecord): Record<string, unknown> {
  const counts = deploymentCounts(state, d);
  return {
    id: d.id,
    status: d.status,
    taskDefinition: d.taskDefinitionArn,
    desiredCount: d.desiredCount,
    pendingCount: counts.pending,
    runningCount: counts.running,
    failedTasks: d.failedTasks,
    createdAt: date(d.createdAt),
    updatedAt: date(d.updatedAt),
    launchType: service.launchType,
    platformVersion: PLATFORM_VERSION,
    platformFamily: 'Linux',
    rolloutState: d.rolloutState,
    rolloutStateReason: d.rolloutStateReason,
  };
}

export function renderService(state: EcsState, service: ServiceRecord, withTags: boolean): Record<string, unknown> {
  // INACTIVE deployments are history: AWS drops them from the list, and the services-stable waiter counts on that.
  const shown = service.status === 'INACTIVE' ? [] : service.deployments.filter((d) => d.status !== 'INACTIVE');
  const deployments = shown.map((d) => renderDeployment(state, service, d));
  const config = service.deploymentConfiguration;
  return {
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.clusterArn,
    loadBalancers: service.loadBalancers,
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    runningCount: deployments.reduce((sum, d) => sum + (d.runningCount as number), 0),
    pendingCount: deployments.reduce((sum, d) => sum + (d.pendingCount as number), 0),
    launchType: service.launchType,
    platformVersion: 'LATEST',
    platformFamily: 'Linux',
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: {
      deploymentCircuitBreaker: { enable: config.circuitBreaker.enable, rollback: config.circuitBreaker.rollback },
      maximumPercent: config.maximumPercent,
      minimumHealthyPercent: config.minimumHealthyPercent,
    },
    deployments,
    events: service.events.map((e) => ({ id: e.id, createdAt: date(e.createdAt), message: e.message })),
    createdAt: date(service.createdAt),
    placementConstraints: [],
    placementStrategy: [],
    ...(service.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds } : {}),
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    ...(withTags ? { tags: service.tags } : {}),
    createdBy: `arn:aws:iam::${state.scope.accountId}:root`,
    enableECSManagedTags: false,
    propagateTags: service.propagateTags,
    enableExecuteCommand: false,
  };
}

export function renderTask(state: EcsState, task: TaskRecord, withTags: boolean): Record<string, unknown> {
  const td = state.findTaskDefinition(task.taskDefinitionArn);
  return {
    attachments: [],
    attributes: [],
    availabilityZone: `${state.scope.region}a`,
    clusterArn: task.clusterArn,
    connectivity: task.connectivityAt !== undefined ? 'CONNECTED' : undefined,
    connectivityAt: date(task.connectivityAt),
    containers: task.containers.map((c) => ({
      containerArn: `${task.arn.replace(':task/', ':container/')}/${c.name}`,
      taskArn: task.arn,
      name: c.name,
      image: c.image,
      lastStatus: c.lastStatus,
      exitCode: c.exitCode,
      reason: c.reason,
      networkBindings: [],
      networkInterfaces: [],
      healthStatus: task.healthStatus,
    })),
    cpu: td?.extra.cpu,
    memory: td?.extra.memory,
    createdAt: date(task.createdAt),
    desiredStatus: task.desiredStatus,
    enableExecuteCommand: false,
    executionStoppedAt: date(task.executionStoppedAt),
    group: task.group,
    healthStatus: task.healthStatus,
    lastStatus: task.lastStatus,
    launchType: task.launchType,
    overrides: { containerOverrides: Object.entries(task.environmentOverrides).map(([name, environment]) => ({ name, environment })) },
    platformVersion: PLATFORM_VERSION,
    platformFamily: 'Linux',
    pullStartedAt: date(task.pullStartedAt),
    pullStoppedAt: date(task.pullStoppedAt),
    startedAt: date(task.startedAt),
    startedBy: task.startedBy,
    stopCode: task.stopCode,
    stoppedAt: date(task.stoppedAt),
    stoppedReason: task.stoppedReason,
    stoppingAt: date(task.stoppingAt),
    ...(withTags ? { tags: task.tags } : {}),
    taskArn: task.arn,
    taskDefinitionArn: task.taskDefinitionArn,
    version: task.version,
  };
}
