// Builds the start-task action the reconciler receives: everything it needs to launch the task's containers,
// taken from the task definition at the moment the task was created (secrets as references, never values).
import type { StartTaskAction } from './scheduler.ts';
import type { ContainerDefinitionRecord, ServiceRecord, TaskDefinitionRecord, TaskRecord } from './model.ts';
import { stopTimeoutMs } from './task-lifecycle.ts';

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

function portMappings(value: unknown): StartTaskAction['containers'][number]['portMappings'] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((m): m is Record<string, unknown> => !!m && typeof m === 'object')
    .map((m) => ({
      ...(typeof m.containerPort === 'number' ? { containerPort: m.containerPort } : {}),
      ...(typeof m.hostPort === 'number' ? { hostPort: m.hostPort } : {}),
      ...(typeof m.protocol === 'string' ? { protocol: m.protocol } : {}),
    }));
}

function containerSpec(container: ContainerDefinitionRecord, task: TaskRecord): StartTaskAction['containers'][number] {
  const environment: Record<string, string> = {};
  for (const { name, value } of container.environment) environment[name] = value;
  for (const { name, value } of task.environmentOverrides[container.name] ?? []) environment[name] = value;
  const command = stringArray(container.extra.command);
  const entryPoint = stringArray(container.extra.entryPoint);
  return {
    name: container.name,
    image: container.image,
    essential: container.essential,
    environment,
    secrets: container.secrets.map((s) => ({ ...s })),
    ...(command ? { command } : {}),
    ...(entryPoint ? { entryPoint } : {}),
    portMappings: portMappings(container.extra.portMappings),
  };
}

export function startAction(task: TaskRecord, td: TaskDefinitionRecord, service: ServiceRecord | undefined): StartTaskAction {
  return {
    type: 'start-task',
    taskArn: task.arn,
    taskId: task.id,
    clusterArn: task.clusterArn,
    ...(service ? { serviceName: service.name } : {}),
    ...(task.deploymentId !== undefined ? { deploymentId: task.deploymentId } : {}),
    group: task.group,
    ...(task.startedBy !== undefined ? { startedBy: task.startedBy } : {}),
    taskDefinitionArn: td.arn,
    family: td.family,
    revision: td.revision,
    containers: td.containerDefinitions.map((c) => containerSpec(c, task)),
    loadBalancers: (service?.loadBalancers ?? []).map((lb) => ({ ...lb })),
    stopTimeoutMs: stopTimeoutMs(td),
  };
}
