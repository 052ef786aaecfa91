// Conformance of the sandbox's ECS with the real @aws-sdk/client-ecs over a loopback socket: every operation's
// happy path and typed errors, DescribeServices MISSING failures, ListTasks pagination, and a forced deployment
// going IN_PROGRESS -> COMPLETED as DescribeServices shows it. In the sandbox the scheduler is driven in-process
// (playing the reconciler); against another endpoint (FIREDRILL_CONFORMANCE_ENDPOINT) the same checks need a
// cluster that can place tasks, and the deployment is awaited with the SDK's services-stable waiter instead.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientException, ClusterContainsServicesException, ClusterNotFoundException, CreateClusterCommand, CreateServiceCommand,
  DeleteClusterCommand, DeleteServiceCommand, DescribeClustersCommand, DescribeServicesCommand, DescribeTaskDefinitionCommand,
  DescribeTasksCommand, ECSClient, InvalidParameterException, ListTagsForResourceCommand, ListTasksCommand,
  RegisterTaskDefinitionCommand, ResourceNotFoundException, RunTaskCommand, ServiceNotActiveException, ServiceNotFoundException,
  StopTaskCommand, TagResourceCommand, UntagResourceCommand, UpdateServiceCommand, waitUntilServicesStable,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { createEcs } from '../../../sandbox/aws/ecs/index.ts';
import { conformanceEndpoint, type ConformanceEndpoint } from '../../support/aws-endpoint.ts';

const run = randomUUID().slice(0, 8);
const CLUSTER = `firedrill-conformance-${run}`;
const FAMILY = `firedrill-conformance-${run}`;
const SECRET = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:sandbox/core-api/db-AbCdEf';
const TARGET_GROUP = 'arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/core-api/0000000000000000';
const sandboxEcs = createEcs();
let endpoint: ConformanceEndpoint;
let ecs: ECSClient;
let tdArn: string;

beforeAll(async () => {
  endpoint = await conformanceEndpoint([sandboxEcs.service]);
  ecs = new ECSClient({ ...endpoint.clientConfig, maxAttempts: 1 });
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER, tags: [{ key: 'owner', value: 'firedrill' }] }));
  tdArn = await register('DATABASE_URL');
});

afterAll(async () => {
  for (const service of ['core-api', 'scaled', 'tagged', 'doomed']) {
    await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service, force: true })).catch(() => undefined);
  }
  ecs?.destroy();
  await endpoint?.close();
});

async function register(secretKey: string): Promise<string> {
  const out = await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: FAMILY,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: '256',
      memory: '512',
      containerDefinitions: [
        {
          name: 'api',
          image: 'sandbox/core-api',
          essential: true,
          portMappings: [{ containerPort: 8080 }],
          environment: [{ name: 'SERVICE_NAME', value: 'core-api' }],
          secrets: [{ name: 'DATABASE_URL', valueFrom: `${SECRET}:${secretKey}::` }],
        },
      ],
      tags: [{ key: 'app', value: 'core-api' }],
    }),
  );
  return out.taskDefinition!.taskDefinitionArn!;
}

const serviceInput = (serviceName: string, extra: Partial<CreateServiceCommandInput> = {}): CreateServiceCommandInput => ({
  cluster: CLUSTER,
  serviceName,
  taskDefinition: FAMILY,
  desiredCount: 2,
  launchType: 'FARGATE',
  deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } },
  loadBalancers: [{ targetGroupArn: TARGET_GROUP, containerName: 'api', containerPort: 8080 }],
  ...extra,
});

/** Runs `call`, which must fail with the SDK's typed exception `type`; returns the error. */
async function failure<T extends Error>(call: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  const err = await call.then(() => undefined, (e: unknown) => e);
  expect(err, 'expected the call to fail').toBeInstanceOf(type);
  return err as T;
}

async function describeService(service: string) {
  const out = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [service] }));
  return out.services![0]!;
}

describe('ECS conformance: clusters and task definitions', () => {
  it('CreateCluster is idempotent; DescribeClusters returns tags on request and MISSING for unknown clusters', async () => {
    const again = await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    expect(again.cluster).toMatchObject({ clusterName: CLUSTER, status: 'ACTIVE', clusterArn: `arn:aws:ecs:us-east-1:000000000000:cluster/${CLUSTER}` });
    const out = await ecs.send(new DescribeClustersCommand({ clusters: [CLUSTER, `${CLUSTER}-nope`], include: ['TAGS'] }));
    expect(out.clusters).toHaveLength(1);
    expect(out.clusters![0]!.tags).toEqual([{ key: 'owner', value: 'firedrill' }]);
    expect(out.failures).toEqual([{ arn: `arn:aws:ecs:us-east-1:000000000000:cluster/${CLUSTER}-nope`, reason: 'MISSING' }]);
  });

  it('RegisterTaskDefinition adds revisions; DescribeTaskDefinition resolves family, family:revision and ARN', async () => {
    const second = await register('DATABASE_URL');
    expect(second).toBe(tdArn.replace(/:1$/, ':2'));
    const latest = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: FAMILY, include: ['TAGS'] }));
    expect(latest.taskDefinition).toMatchObject({ family: FAMILY, revision: 2, status: 'ACTIVE', cpu: '256', networkMode: 'awsvpc' });
    expect(latest.taskDefinition!.registeredAt).toBeInstanceOf(Date);
    expect(Math.abs(latest.taskDefinition!.registeredAt!.getTime() - Date.now())).toBeLessThan(60_000);
    expect(latest.taskDefinition!.containerDefinitions![0]).toMatchObject({
      name: 'api',
      environment: [{ name: 'SERVICE_NAME', value: 'core-api' }],
      secrets: [{ name: 'DATABASE_URL', valueFrom: `${SECRET}:DATABASE_URL::` }],
    });
    expect(latest.tags).toEqual([{ key: 'app', value: 'core-api' }]);
    const first = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${FAMILY}:1` }));
    expect(first.taskDefinition!.taskDefinitionArn).toBe(tdArn);
    expect((await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: tdArn }))).taskDefinition!.revision).toBe(1);
  });

  it('task definition errors are ClientException', async () => {
    const err = await failure(ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: `${FAMILY}:99` })), ClientException);
    expect(err.message).toBe('Unable to describe task definition.');
    await failure(ecs.send(new RegisterTaskDefinitionCommand({ family: FAMILY, containerDefinitions: [] })), ClientException);
    await failure(ecs.send(new RegisterTaskDefinitionCommand({ family: FAMILY, containerDefinitions: [{ name: 'x' }] })), ClientException);
  });
});

describe('ECS conformance: services', () => {
  it('CreateService returns the service with one PRIMARY deployment in progress', async () => {
    const out = await ecs.send(new CreateServiceCommand(serviceInput('scaled', { tags: [{ key: 'team', value: 'core' }], propagateTags: 'SERVICE' })));
    const s = out.service!;
    expect(s).toMatchObject({
      serviceName: 'scaled',
      serviceArn: `arn:aws:ecs:us-east-1:000000000000:service/${CLUSTER}/scaled`,
      status: 'ACTIVE',
      desiredCount: 2,
      runningCount: 0,
      launchType: 'FARGATE',
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } },
      propagateTags: 'SERVICE',
    });
    expect(s.createdAt).toBeInstanceOf(Date);
    expect(s.deployments).toHaveLength(1);
    expect(s.deployments![0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'IN_PROGRESS', desiredCount: 2, failedTasks: 0 });
    expect(s.deployments![0]!.id).toMatch(/^ecs-svc\/\d{19}$/);
  });

  it('CreateService errors: duplicate, unknown cluster, unknown task definition, bad load balancer', async () => {
    const dup = await failure(ecs.send(new CreateServiceCommand(serviceInput('scaled'))), InvalidParameterException);
    expect(dup.message).toBe('Creation of service was not idempotent.');
    await failure(ecs.send(new CreateServiceCommand(serviceInput('x', { cluster: `${CLUSTER}-nope` }))), ClusterNotFoundException);
    await failure(ecs.send(new CreateServiceCommand(serviceInput('x', { taskDefinition: `${FAMILY}:99` }))), ClientException);
    const lb = [{ targetGroupArn: TARGET_GROUP, containerName: 'web', containerPort: 80 }];
    await failure(ecs.send(new CreateServiceCommand(serviceInput('x', { loadBalancers: lb }))), InvalidParameterException);
  });

  it('DescribeServices reports unknown services as MISSING failures and tags only when asked', async () => {
    const out = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: ['scaled', 'ghost'], include: ['TAGS'] }));
    expect(out.services!.map((s) => s.serviceName)).toEqual(['scaled']);
    expect(out.services![0]!.tags).toEqual([{ key: 'team', value: 'core' }]);
    expect(out.failures).toEqual([{ arn: `arn:aws:ecs:us-east-1:000000000000:service/${CLUSTER}/ghost`, reason: 'MISSING' }]);
    expect((await describeService('scaled')).tags).toBeUndefined();
    await failure(ecs.send(new DescribeServicesCommand({ cluster: `${CLUSTER}-nope`, services: ['scaled'] })), ClusterNotFoundException);
  });

  it('UpdateService and DeleteService errors; a deleted service is DRAINING and no longer ACTIVE', async () => {
    await failure(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'ghost', desiredCount: 1 })), ServiceNotFoundException);
    await failure(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'scaled', desiredCount: -1 })), InvalidParameterException);
    const updated = await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'scaled', desiredCount: 3 }));
    expect(updated.service).toMatchObject({ desiredCount: 3 });
    expect(updated.service!.deployments).toHaveLength(1); // scaling is not a new deployment
    await ecs.send(new CreateServiceCommand(serviceInput('doomed')));
    await failure(ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'doomed' })), InvalidParameterException);
    const deleted = await ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'doomed', force: true }));
    expect(deleted.service).toMatchObject({ status: 'DRAINING', desiredCount: 0 });
    await failure(ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'doomed', desiredCount: 1 })), ServiceNotActiveException);
    await failure(ecs.send(new DeleteServiceCommand({ cluster: CLUSTER, service: 'ghost' })), ServiceNotFoundException);
    await failure(ecs.send(new DeleteClusterCommand({ cluster: CLUSTER })), ClusterContainsServicesException);
  });

  it('TagResource, UntagResource and ListTagsForResource on services and clusters', async () => {
    const { service } = await ecs.send(new CreateServiceCommand(serviceInput('tagged', { desiredCount: 0 })));
    const arn = service!.serviceArn!;
    await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'firedrill:run', value: run }, { key: 'a', value: '1' }] }));
    await ecs.send(new TagResourceCommand({ resourceArn: arn, tags: [{ key: 'a', value: '2' }] }));
    await ecs.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['firedrill:run'] }));
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([{ key: 'a', value: '2' }]);
    const clusterArn = `arn:aws:ecs:us-east-1:000000000000:cluster/${CLUSTER}`;
    expect((await ecs.send(new ListTagsForResourceCommand({ resourceArn: clusterArn }))).tags).toEqual([{ key: 'owner', value: 'firedrill' }]);
    await failure(ecs.send(new ListTagsForResourceCommand({ resourceArn: `${arn}-ghost` })), ResourceNotFoundException);
    await failure(ecs.send(new TagResourceCommand({ resourceArn: `${clusterArn}-ghost`, tags: [{ key: 'k', value: 'v' }] })), ClusterNotFoundException);
  });
});

describe('ECS conformance: tasks', () => {
  const standalone: string[] = [];

  it('RunTask starts standalone tasks; DescribeTasks shows them and MISSING for unknown ids', async () => {
    for (let i = 0; i < 3; i += 1) {
      const out = await ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: FAMILY, count: 8, startedBy: `conformance-${run}` }));
      expect(out.failures).toEqual([]);
      standalone.push(...out.tasks!.map((t) => t.taskArn!));
    }
    const ghost = 'ffffffffffffffffffffffffffffffff';
    const out = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: [standalone[0]!, ghost] }));
    expect(out.tasks![0]).toMatchObject({ desiredStatus: 'RUNNING', group: `family:${FAMILY}`, startedBy: `conformance-${run}`, taskDefinitionArn: expect.stringContaining(FAMILY) });
    expect(['PROVISIONING', 'PENDING', 'RUNNING']).toContain(out.tasks![0]!.lastStatus);
    expect(out.tasks![0]!.containers![0]).toMatchObject({ name: 'api' });
    expect(out.tasks![0]!.createdAt).toBeInstanceOf(Date);
    expect(out.failures).toEqual([{ arn: `arn:aws:ecs:us-east-1:000000000000:task/${CLUSTER}/${ghost}`, reason: 'MISSING' }]);
    await failure(ecs.send(new RunTaskCommand({ cluster: CLUSTER, taskDefinition: `${FAMILY}:99` })), ClientException);
  });

  it('ListTasks pages with maxResults and nextToken, without losing or repeating tasks', async () => {
    const seen: string[] = [];
    const pageSizes: number[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 10; page += 1) {
      const out = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, startedBy: `conformance-${run}`, maxResults: 5, nextToken }));
      pageSizes.push(out.taskArns!.length);
      seen.push(...out.taskArns!);
      nextToken = out.nextToken;
      if (!nextToken) break;
    }
    expect(pageSizes).toEqual([5, 5, 5, 5, 4]);
    expect([...seen].sort()).toEqual([...standalone].sort());
    await failure(ecs.send(new ListTasksCommand({ cluster: CLUSTER, maxResults: 101 })), InvalidParameterException);
    await failure(ecs.send(new ListTasksCommand({ cluster: CLUSTER, nextToken: 'not-a-token' })), InvalidParameterException);
    await failure(ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'ghost' })), ServiceNotFoundException);
    await failure(ecs.send(new ListTasksCommand({ cluster: `${CLUSTER}-nope` })), ClusterNotFoundException);
  });

  it('StopTask records UserInitiated with the reason; ListTasks separates RUNNING from STOPPED', async () => {
    const victim = standalone[0]!;
    const out = await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: victim, reason: 'conformance stop' }));
    expect(out.task).toMatchObject({ taskArn: victim, desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'conformance stop' });
    const stopped = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, desiredStatus: 'STOPPED' }));
    expect(stopped.taskArns).toContain(victim);
    const running = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, startedBy: `conformance-${run}` }));
    expect(running.taskArns).not.toContain(victim);
    expect(running.taskArns).toHaveLength(standalone.length - 1);
    const err = await failure(ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: 'ffffffffffffffffffffffffffffffff' })), InvalidParameterException);
    expect(err.message).toBe('The referenced task was not found.');
    for (const arn of standalone.slice(1)) await ecs.send(new StopTaskCommand({ cluster: CLUSTER, task: arn }));
  });
});

describe('ECS conformance: a forced deployment as DescribeServices shows it', () => {
  /** Sandbox: plays the reconciler until the scheduler has nothing left to do (bounded). */
  function reconcile(): void {
    const s = sandboxEcs.scheduler;
    for (let round = 0; round < 20; round += 1) {
      const actions = s.plan();
      if (actions.length === 0) return;
      for (const a of actions) {
        if (a.type === 'stop-task') s.taskStopped(a.taskArn);
        else [s.taskProvisioned, s.taskRunning, s.taskHealthy].forEach((report) => report.call(s, a.taskArn));
      }
    }
    throw new Error('the scheduler did not settle within 20 rounds');
  }

  async function awaitStable(): Promise<void> {
    if (endpoint.isSandbox) reconcile();
    await waitUntilServicesStable({ client: ecs, maxWaitTime: endpoint.isSandbox ? 5 : 900, minDelay: 1 }, { cluster: CLUSTER, services: ['core-api'] });
  }

  it('UpdateService forceNewDeployment goes IN_PROGRESS -> COMPLETED and the old deployment drains', async () => {
    await ecs.send(new CreateServiceCommand(serviceInput('core-api')));
    await awaitStable();
    const before = await describeService('core-api');
    expect(before).toMatchObject({ runningCount: 2, pendingCount: 0 });
    expect(before.deployments![0]).toMatchObject({ rolloutState: 'COMPLETED', runningCount: 2 });
    const oldTasks = (await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'core-api' }))).taskArns!;
    expect(oldTasks).toHaveLength(2);

    await ecs.send(new UpdateServiceCommand({ cluster: CLUSTER, service: 'core-api', forceNewDeployment: true }));
    const during = await describeService('core-api');
    expect(during.deployments!.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    expect(during.deployments![0]!.rolloutStateReason).toBe(`ECS deployment ${during.deployments![0]!.id!} in progress.`);

    await awaitStable();
    const after = await describeService('core-api');
    const primary = after.deployments![0]!;
    expect(after.deployments).toHaveLength(1);
    expect(primary).toMatchObject({ id: during.deployments![0]!.id, rolloutState: 'COMPLETED', runningCount: 2, desiredCount: 2 });
    expect(after.events!.slice(0, 2).map((e) => e.message)).toEqual([
      '(service core-api) has reached a steady state.',
      `(service core-api) (deployment ${primary.id!}) deployment completed.`,
    ]);
    expect(after.events!.every((e, i, all) => i === 0 || all[i - 1]!.createdAt!.getTime() >= e.createdAt!.getTime())).toBe(true);
    const old = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: oldTasks }));
    for (const task of old.tasks!) {
      expect(task).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', group: 'service:core-api' });
      expect(task.stoppedReason).toBe(`Scaling activity initiated by (deployment ${during.deployments![1]!.id!})`);
    }
    const current = await ecs.send(new ListTasksCommand({ cluster: CLUSTER, serviceName: 'core-api' }));
    const fresh = await ecs.send(new DescribeTasksCommand({ cluster: CLUSTER, tasks: current.taskArns!, include: ['TAGS'] }));
    expect(fresh.tasks!.map((t) => [t.lastStatus, t.healthStatus, t.startedBy])).toEqual([
      ['RUNNING', 'HEALTHY', primary.id],
      ['RUNNING', 'HEALTHY', primary.id],
    ]);
  });
});
