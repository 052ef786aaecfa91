// All of the sandbox's ECS state and the lookups the API and the scheduler share. Mutations go through the API
// handlers (api/*.ts) and the scheduler (scheduler.ts); this class only stores, finds and snapshots.
import { clusterNotFound, serviceNotFound } from './errors.ts';
import { nameFromArnOrName, newEventId, parseEcsArn, type ArnScope } from './ids.ts';
import type {
  ClusterRecord,
  DeploymentRecord,
  EcsSnapshot,
  ServiceRecord,
  TaskDefinitionRecord,
  TaskRecord,
} from './model.ts';

const MAX_EVENTS = 100;

export class EcsState {
  readonly clusters = new Map<string, ClusterRecord>();
  /** family -> revisions in order (index = revision - 1). */
  readonly taskDefinitions = new Map<string, TaskDefinitionRecord[]>();
  /** "<cluster>/<service>" -> the latest service of that name (a re-created service replaces an INACTIVE one). */
  readonly services = new Map<string, ServiceRecord>();
  /** task id -> task, in creation order. */
  readonly tasks = new Map<string, TaskRecord>();
  private readonly listeners = new Set<() => void>();

  constructor(readonly scope: ArnScope = { region: 'us-east-1', accountId: '000000000000' }) {}

  /** Called by API handlers after a mutation, so a reconciler can plan at once instead of on its next tick. */
  changed(): void {
    for (const listener of this.listeners) listener();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The cluster a request names (name or ARN, default "default"), or ClusterNotFoundException. */
  requireCluster(ref: string | undefined): ClusterRecord {
    const cluster = this.clusters.get(nameFromArnOrName(ref ?? 'default'));
    if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
    return cluster;
  }

  findService(cluster: ClusterRecord, ref: string): ServiceRecord | undefined {
    const parsed = parseEcsArn(ref);
    if (parsed && parsed.resourceType !== 'service') return undefined;
    // Service ARNs carry the cluster (long format); one naming another cluster does not match.
    if (parsed && parsed.parts.length === 2 && parsed.parts[0] !== cluster.name) return undefined;
    return this.services.get(`${cluster.name}/${nameFromArnOrName(ref)}`);
  }

  requireService(cluster: ClusterRecord, ref: string): ServiceRecord {
    const service = this.findService(cluster, ref);
    if (!service) throw serviceNotFound();
    return service;
  }

  /** "family" (latest ACTIVE revision), "family:revision" or a task definition ARN. */
  findTaskDefinition(ref: string): TaskDefinitionRecord | undefined {
    const parsed = parseEcsArn(ref);
    if (parsed && parsed.resourceType !== 'task-definition') return undefined;
    const familyRevision = parsed ? parsed.parts.join('/') : ref;
    const [family = '', revisionText] = familyRevision.split(':');
    const revisions = this.taskDefinitions.get(family);
    if (!revisions) return undefined;
    if (revisionText === undefined) return [...revisions].reverse().find((td) => td.status === 'ACTIVE');
    if (!/^\d+$/.test(revisionText)) return undefined;
    return revisions[Number(revisionText) - 1];
  }

  findTask(cluster: ClusterRecord, ref: string): TaskRecord | undefined {
    const task = this.tasks.get(nameFromArnOrName(ref));
    return task && task.clusterArn === cluster.arn ? task : undefined;
  }

  serviceByArn(arn: string | undefined): ServiceRecord | undefined {
    if (!arn) return undefined;
    const parsed = parseEcsArn(arn);
    const service = parsed ? this.services.get(parsed.parts.join('/')) : undefined;
    return service?.arn === arn ? service : undefined;
  }

  /** The deployment a service task belongs to (undefined for standalone tasks). */
  deploymentOf(task: TaskRecord): DeploymentRecord | undefined {
    return this.serviceByArn(task.serviceArn)?.deployments.find((d) => d.id === task.deploymentId);
  }

  tasksOfService(service: ServiceRecord): TaskRecord[] {
    return [...this.tasks.values()].filter((t) => t.serviceArn === service.arn);
  }

  tasksOfDeployment(deployment: DeploymentRecord): TaskRecord[] {
    return [...this.tasks.values()].filter((t) => t.deploymentId === deployment.id);
  }

  /** Newest first, capped at 100 like DescribeServices. */
  addEvent(service: ServiceRecord, message: string, now: number): void {
    service.events.unshift({ id: newEventId(), createdAt: now, message });
    if (service.events.length > MAX_EVENTS) service.events.length = MAX_EVENTS;
  }

  snapshot(): EcsSnapshot {
    return structuredClone({
      version: 1 as const,
      clusters: [...this.clusters.values()],
      taskDefinitions: [...this.taskDefinitions.values()].flat(),
      services: [...this.services.values()],
      tasks: [...this.tasks.values()],
    });
  }

  /** The exact state a snapshot recorded (see createEcs for what happens to tasks whose processes are gone). */
  static restore(snapshot: unknown, scope?: ArnScope): EcsState {
    const data = snapshot as Partial<EcsSnapshot> | null;
    if (!data || data.version !== 1) throw new Error('ECS snapshot: expected an object with version 1 (from EcsState.snapshot()).');
    const state = new EcsState(scope);
    const copy = structuredClone(data as EcsSnapshot);
    for (const cluster of copy.clusters) state.clusters.set(cluster.name, cluster);
    for (const td of copy.taskDefinitions) {
      const revisions = state.taskDefinitions.get(td.family) ?? [];
      revisions[td.revision - 1] = td;
      state.taskDefinitions.set(td.family, revisions);
    }
    for (const service of copy.services) state.services.set(`${nameFromArnOrName(service.clusterArn)}/${service.name}`, service);
    for (const task of copy.tasks) state.tasks.set(task.id, task);
    return state;
  }
}
