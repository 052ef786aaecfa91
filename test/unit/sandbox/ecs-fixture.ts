// A fake clock, the ECS API called in-process, and a scripted stand-in for the reconciler, for scheduler unit
// tests. Nothing here starts a process or opens a socket.
import { createEcs, type Ecs, type SchedulerAction, type StartTaskAction, type StopTaskAction } from '../../../sandbox/aws/ecs/index.ts';
import type { ServiceRecord, TaskRecord } from '../../../sandbox/aws/ecs/model.ts';

export const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:sandbox/core-api/db-AbCdEf';
export const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/core-api/0000000000000000';

export interface ServiceOptions {
  desiredCount?: number;
  minimumHealthyPercent?: number;
  maximumPercent?: number;
  circuitBreaker?: { enable: boolean; rollback: boolean };
  loadBalancer?: boolean;
  healthCheckGracePeriodSeconds?: number;
}

export class EcsFixture {
  now = Date.UTC(2026, 5, 1, 12, 0, 0);
  readonly ecs: Ecs;

  constructor() {
    this.ecs = createEcs({ clock: () => this.now });
    this.call('CreateCluster', { clusterName: 'sandbox' });
    this.registerRevision('key');
  }

  call(operation: string, input: Record<string, unknown>): Record<string, unknown> {
    const handler = this.ecs.service.operations[operation];
    if (!handler) throw new Error(`no handler for ${operation}`);
    return handler(input, { requestId: 'unit', now: this.now, region: 'us-east-1', accountId: '000000000000' }) as Record<string, unknown>;
  }

  /** Registers a new core-api revision whose DATABASE_URL secret reads `jsonKey`; returns its ARN. */
  registerRevision(jsonKey: string): string {
    const out = this.call('RegisterTaskDefinition', {
      family: 'core-api',
      containerDefinitions: [
        {
          name: 'api',
          image: 'sandbox/core-api',
          environment: [{ name: 'SERVICE_NAME', value: 'core-api' }],
          secrets: [{ name: 'DATABASE_URL', valueFrom: `${SECRET_ARN}:${jsonKey}::` }],
          portMappings: [{ containerPort: 8080 }],
        },
      ],
    });
    return (out.taskDefinition as { taskDefinitionArn: string }).taskDefinitionArn;
  }

  createService(options: ServiceOptions = {}): void {
    this.call('CreateService', {
      cluster: 'sandbox',
      serviceName: 'core-api',
      taskDefinition: 'core-api:1',
      desiredCount: options.desiredCount ?? 2,
      deploymentConfiguration: {
        minimumHealthyPercent: options.minimumHealthyPercent ?? 100,
        maximumPercent: options.maximumPercent ?? 200,
        ...(options.circuitBreaker ? { deploymentCircuitBreaker: options.circuitBreaker } : {}),
      },
      ...(options.loadBalancer ? { loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: 'api', containerPort: 8080 }] } : {}),
      ...(options.healthCheckGracePeriodSeconds !== undefined ? { healthCheckGracePeriodSeconds: options.healthCheckGracePeriodSeconds } : {}),
    });
  }

  update(input: Record<string, unknown>): void {
    this.call('UpdateService', { cluster: 'sandbox', service: 'core-api', ...input });
  }

  plan(): SchedulerAction[] {
    const actions = this.ecs.scheduler.plan(this.now);
    const alive = [...this.ecs.state.tasks.values()].filter((t) => t.lastStatus !== 'STOPPED').length;
    this.maxAliveSeen = Math.max(this.maxAliveSeen, alive);
    return actions;
  }

  maxAliveSeen = 0;

  /** Plays the reconciler for start actions: the process comes up and the load balancer finds it healthy. */
  startHealthy(actions: SchedulerAction[]): string[] {
    const started = starts(actions).map((a) => a.taskArn);
    for (const arn of started) {
      this.ecs.scheduler.taskProvisioned(arn);
      this.ecs.scheduler.taskRunning(arn);
      this.ecs.scheduler.taskHealthy(arn);
    }
    return started;
  }

  /** Plays the reconciler for stop actions: each process ends within its stop timeout. */
  finishStops(actions: SchedulerAction[]): string[] {
    const stopped = stops(actions).map((a) => a.taskArn);
    for (const arn of stopped) this.ecs.scheduler.taskStopped(arn);
    return stopped;
  }

  /** Plan and carry out everything until nothing is left to do (bounded). */
  settle(maxRounds = 20): void {
    for (let round = 0; round < maxRounds; round += 1) {
      const actions = this.plan();
      if (actions.length === 0) return;
      this.startHealthy(actions);
      this.finishStops(actions);
    }
    throw new Error(`scheduler did not settle within ${maxRounds} rounds`);
  }

  service(): ServiceRecord {
    const service = this.ecs.state.services.get('sandbox/core-api');
    if (!service) throw new Error('service core-api missing');
    return service;
  }

  /** The DescribeServices view (PRIMARY and ACTIVE deployments only). */
  describe(): Record<string, unknown> & { deployments: Record<string, unknown>[]; events: { message: string }[] } {
    const out = this.call('DescribeServices', { cluster: 'sandbox', services: ['core-api'] });
    return (out.services as never[])[0] as never;
  }

  task(arn: string): TaskRecord {
    const task = [...this.ecs.state.tasks.values()].find((t) => t.arn === arn);
    if (!task) throw new Error(`task ${arn} missing`);
    return task;
  }

  liveTasks(): TaskRecord[] {
    return [...this.ecs.state.tasks.values()].filter((t) => t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED');
  }
}

export const starts = (actions: SchedulerAction[]) => actions.filter((a): a is StartTaskAction => a.type === 'start-task');
export const stops = (actions: SchedulerAction[]) => actions.filter((a): a is StopTaskAction => a.type === 'stop-task');
