// The ECS calls faults, the in-progress marker and the orchestrator make, as plain data in and out.
import {
  DescribeServicesCommand, DescribeTasksCommand, ListTagsForResourceCommand, ListTasksCommand, StopTaskCommand,
  TagResourceCommand, UntagResourceCommand, UpdateServiceCommand, type Service,
} from '@aws-sdk/client-ecs';
import { HarnessError } from '../errors.ts';
import type { AwsGate } from './call.ts';
import type { Sender } from './clients.ts';
import type { AwsCall } from './errors.ts';

export interface DeploymentView {
  id: string;
  status: string;
  rolloutState: string;
  taskDefinition: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  failedTasks: number;
  createdAt: number;
}

export interface ServiceView {
  arn: string;
  cluster: string;
  name: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** PRIMARY first. */
  deployments: DeploymentView[];
}

export interface TaskView {
  arn: string;
  lastStatus: string;
  desiredStatus: string;
  stoppedReason?: string;
}

export interface EcsServiceRef {
  region: string;
  cluster: string;
  service: string;
}

const pageLimit = 50;

export function toServiceView(s: Service, cluster: string): ServiceView {
  const deployments = (s.deployments ?? []).map((d) => ({
    id: d.id ?? '',
    status: d.status ?? '',
    rolloutState: d.rolloutState ?? '',
    taskDefinition: d.taskDefinition ?? '',
    desiredCount: d.desiredCount ?? 0,
    runningCount: d.runningCount ?? 0,
    pendingCount: d.pendingCount ?? 0,
    failedTasks: d.failedTasks ?? 0,
    createdAt: d.createdAt ? d.createdAt.getTime() : 0,
  }));
  deployments.sort((a, b) => Number(b.status === 'PRIMARY') - Number(a.status === 'PRIMARY'));
  return {
    arn: s.serviceArn ?? '',
    cluster,
    name: s.serviceName ?? '',
    desiredCount: s.desiredCount ?? 0,
    runningCount: s.runningCount ?? 0,
    pendingCount: s.pendingCount ?? 0,
    deployments,
  };
}

function simulateUpdate(before: ServiceView, change: { desiredCount?: number; forceNewDeployment?: boolean }, n: number): ServiceView {
  const desiredCount = change.desiredCount ?? before.desiredCount;
  if (!change.forceNewDeployment) return { ...before, desiredCount };
  const primary: DeploymentView = {
    id: `ecs-svc/dry-run-${n}`, status: 'PRIMARY', rolloutState: 'IN_PROGRESS', taskDefinition: before.deployments[0]?.taskDefinition ?? '',
    desiredCount, runningCount: 0, pendingCount: 0, failedTasks: 0, createdAt: Date.now(),
  };
  return { ...before, desiredCount, deployments: [primary, ...before.deployments.map((d) => ({ ...d, status: 'ACTIVE' }))] };
}

/** One ECS service, seen and changed through the gate (dry runs print mutations instead of making them). */
export class EcsAdapter {
  private knownArn?: string;
  /** Dry run: the service as it would be after the UpdateService calls printed instead of made. */
  private simulated?: ServiceView;
  private simulatedDeployments = 0;

  constructor(
    private readonly sender: Sender,
    private readonly gate: AwsGate,
    readonly ref: EcsServiceRef,
  ) {}

  /** The service ARN once known; a pattern before the first describe (for messages and IAM). */
  get serviceResource(): string {
    return this.knownArn ?? `arn:aws:ecs:${this.ref.region}:*:service/${this.ref.cluster}/${this.ref.service}`;
  }

  private call(operation: string, resource = this.serviceResource): AwsCall {
    return { service: 'ecs', operation, resource };
  }

  async describeService(): Promise<ServiceView> {
    const out = (await this.gate.read(this.call('DescribeServices'), () =>
      this.sender.send(new DescribeServicesCommand({ cluster: this.ref.cluster, services: [this.ref.service] })),
    )) as { services?: Service[]; failures?: Array<{ reason?: string }> };
    const service = out.services?.[0];
    if (!service || service.status === 'INACTIVE') {
      const reason = out.failures?.[0]?.reason ?? (service ? 'INACTIVE' : 'MISSING');
      throw new HarnessError(
        `ECS service "${this.ref.service}" in cluster "${this.ref.cluster}" (${this.ref.region}) was not found: ${reason}`,
        'check ecs.cluster, ecs.service and region in the environment file',
      );
    }
    this.knownArn = service.serviceArn;
    return this.simulated ?? toServiceView(service, this.ref.cluster);
  }

  /** UpdateService with desiredCount and/or forceNewDeployment. Returns the service as ECS reports it afterwards. */
  async updateService(change: { desiredCount?: number; forceNewDeployment?: boolean }): Promise<ServiceView> {
    const input = { cluster: this.ref.cluster, service: this.ref.service, ...change };
    const before = this.gate.dryRun ? await this.describeService() : undefined;
    return this.gate.mutate(
      this.call('UpdateService'),
      { cluster: this.ref.cluster, service: this.ref.service, desiredCount: change.desiredCount, forceNewDeployment: change.forceNewDeployment },
      async () => {
        const out = (await this.sender.send(new UpdateServiceCommand(input))) as { service?: Service };
        if (!out.service) throw new HarnessError(`ecs:UpdateService on ${this.serviceResource} returned no service`);
        return toServiceView(out.service, this.ref.cluster);
      },
      () => (this.simulated = simulateUpdate(before as ServiceView, change, ++this.simulatedDeployments)),
    );
  }

  /** ARNs of the service's tasks whose desired status is RUNNING (every page, bounded). */
  async listRunningTasks(): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < pageLimit; page++) {
      const out = (await this.gate.read(this.call('ListTasks', `arn:aws:ecs:${this.ref.region}:*:container-instance/${this.ref.cluster}/*`), () =>
        this.sender.send(new ListTasksCommand({ cluster: this.ref.cluster, serviceName: this.ref.service, desiredStatus: 'RUNNING', nextToken })),
      )) as { taskArns?: string[]; nextToken?: string };
      arns.push(...(out.taskArns ?? []));
      nextToken = out.nextToken;
      if (!nextToken) return arns;
    }
    throw new HarnessError(`ecs:ListTasks for ${this.ref.service} returned more than ${pageLimit} pages`);
  }

  async describeTasks(arns: readonly string[]): Promise<TaskView[]> {
    const views: TaskView[] = [];
    for (let i = 0; i < arns.length; i += 100) {
      const batch = arns.slice(i, i + 100);
      const out = (await this.gate.read(this.call('DescribeTasks', `arn:aws:ecs:${this.ref.region}:*:task/${this.ref.cluster}/*`), () =>
        this.sender.send(new DescribeTasksCommand({ cluster: this.ref.cluster, tasks: batch })),
      )) as { tasks?: Array<{ taskArn?: string; lastStatus?: string; desiredStatus?: string; stoppedReason?: string }> };
      for (const t of out.tasks ?? []) {
        views.push({ arn: t.taskArn ?? '', lastStatus: t.lastStatus ?? '', desiredStatus: t.desiredStatus ?? '', ...(t.stoppedReason ? { stoppedReason: t.stoppedReason } : {}) });
      }
    }
    return views;
  }

  async stopTask(taskArn: string, reason: string): Promise<void> {
    await this.gate.mutate(
      this.call('StopTask', taskArn),
      { cluster: this.ref.cluster, task: taskArn, reason },
      () => this.sender.send(new StopTaskCommand({ cluster: this.ref.cluster, task: taskArn, reason })),
      () => undefined,
    );
  }

  async listTags(resourceArn: string): Promise<Record<string, string>> {
    const out = (await this.gate.read(this.call('ListTagsForResource', resourceArn), () =>
      this.sender.send(new ListTagsForResourceCommand({ resourceArn })),
    )) as { tags?: Array<{ key?: string; value?: string }> };
    return Object.fromEntries((out.tags ?? []).map((t) => [t.key ?? '', t.value ?? '']));
  }

  async tagResource(resourceArn: string, tags: Record<string, string>): Promise<void> {
    await this.gate.mutate(
      this.call('TagResource', resourceArn),
      Object.fromEntries(Object.entries(tags).map(([k, v]) => [`tag:${k}`, v])),
      () => this.sender.send(new TagResourceCommand({ resourceArn, tags: Object.entries(tags).map(([key, value]) => ({ key, value })) })),
      () => undefined,
    );
  }

  async untagResource(resourceArn: string, keys: string[]): Promise<void> {
    await this.gate.mutate(
      this.call('UntagResource', resourceArn),
      { tagKeys: keys.join(',') },
      () => this.sender.send(new UntagResourceCommand({ resourceArn, tagKeys: keys })),
      () => undefined,
    );
  }
}
