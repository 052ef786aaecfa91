// Adapters over a recording fake sender: what they send, how they map answers, and that a dry run sends no mutation.
import { DescribeSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { DescribeServicesCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from 'vitest';
import { openAws, type Sender } from '../../../lib/aws/index.ts';
import { containsSecret, forgetSecretsForTests } from '../../../lib/safety/secret-values.ts';

type Reply = (command: { constructor: { name: string }; input: Record<string, unknown> }) => unknown;

function fake(reply: Reply): Sender & { sent: string[] } {
  const sent: string[] = [];
  return {
    sent,
    async send(command: unknown) {
      const c = command as { constructor: { name: string }; input: Record<string, unknown> };
      sent.push(c.constructor.name.replace(/Command$/, ''));
      return reply(c);
    },
  };
}

const env = { region: 'eu-west-1', aws: { endpoint: 'http://127.0.0.1:9' }, sandbox: false, ecs: { cluster: 'staging', service: 'core-api' } };
const service = (deployments: Array<{ id: string; status: string }>) => ({
  serviceArn: 'arn:aws:ecs:eu-west-1:123456789012:service/staging/core-api',
  serviceName: 'core-api',
  status: 'ACTIVE',
  desiredCount: 2,
  runningCount: 2,
  pendingCount: 0,
  deployments: deployments.map((d) => ({ ...d, rolloutState: 'COMPLETED', desiredCount: 2, runningCount: 2, createdAt: new Date(1000) })),
});

function ecsReplies(c: Parameters<Reply>[0]): unknown {
  if (c instanceof DescribeServicesCommand) return { services: [service([{ id: 'ecs-svc/1', status: 'ACTIVE' }, { id: 'ecs-svc/2', status: 'PRIMARY' }])] };
  if (c instanceof ListTasksCommand) return c.input.nextToken ? { taskArns: ['t3'] } : { taskArns: ['t1', 't2'], nextToken: 'p2' };
  throw new Error(`unexpected ${c.constructor.name}`);
}

const secretString = JSON.stringify({ DATABASE_URL: 'postgres://app:s3cr3t-sentinel-pw@db:5432/app', DB_POOL_MAX: '10' });
function secretReplies(c: Parameters<Reply>[0]): unknown {
  if (c instanceof DescribeSecretCommand) return { ARN: 'arn:aws:secretsmanager:eu-west-1:1:secret:db-AbCdEf', Name: 'db', VersionIdsToStages: { v1: ['AWSPREVIOUS'], v2: ['AWSCURRENT'] } };
  if (c instanceof GetSecretValueCommand) return { SecretString: secretString, VersionId: 'v2' };
  throw new Error(`unexpected ${c.constructor.name}`);
}

afterEach(() => forgetSecretsForTests());

describe('EcsAdapter', () => {
  it('puts the PRIMARY deployment first and reads every page of ListTasks', async () => {
    const ecs = fake(ecsReplies);
    const aws = openAws(env, { senders: { ecs, secrets: fake(secretReplies), cloudwatch: fake(() => ({})), sts: fake(() => ({})) } });
    const view = await aws.ecs.describeService();
    expect(view.deployments.map((d) => d.id)).toEqual(['ecs-svc/2', 'ecs-svc/1']);
    expect(aws.ecs.serviceResource).toBe('arn:aws:ecs:eu-west-1:123456789012:service/staging/core-api');
    expect(await aws.ecs.listRunningTasks()).toEqual(['t1', 't2', 't3']);
  });

  it('names the cluster, service and region when the service is missing', async () => {
    const aws = openAws(env, { senders: { ecs: fake(() => ({ services: [], failures: [{ reason: 'MISSING' }] })), secrets: fake(secretReplies), cloudwatch: fake(() => ({})), sts: fake(() => ({})) } });
    await expect(aws.ecs.describeService()).rejects.toThrow('ECS service "core-api" in cluster "staging" (eu-west-1) was not found: MISSING');
  });

  it('in a dry run sends no UpdateService, prints it, and shows the simulated service afterwards', async () => {
    const ecs = fake(ecsReplies);
    const printed: string[] = [];
    const aws = openAws(env, { dryRun: true, print: (l) => printed.push(l), senders: { ecs, secrets: fake(secretReplies), cloudwatch: fake(() => ({})), sts: fake(() => ({})) } });
    const after = await aws.ecs.updateService({ desiredCount: 1, forceNewDeployment: true });
    expect(ecs.sent).toEqual(['DescribeServices']);
    expect(printed).toEqual(['dry-run: would call ecs:UpdateService cluster=staging service=core-api desiredCount=1 forceNewDeployment=true']);
    expect(after.desiredCount).toBe(1);
    expect(after.deployments[0]).toMatchObject({ id: 'ecs-svc/dry-run-1', status: 'PRIMARY', rolloutState: 'IN_PROGRESS' });
    expect((await aws.ecs.describeService()).desiredCount).toBe(1);
  });
});

describe('SecretsAdapter', () => {
  it('remembers every value it reads as a secret', async () => {
    const aws = openAws(env, { senders: { ecs: fake(ecsReplies), secrets: fake(secretReplies), cloudwatch: fake(() => ({})), sts: fake(() => ({})) } });
    expect(containsSecret('password s3cr3t-sentinel-pw')).toBe(false);
    await aws.secrets.getString('db', 'v2');
    expect(containsSecret('password s3cr3t-sentinel-pw')).toBe(true);
  });

  it('in a dry run shows PutSecretValue without the value and simulates the labels that would follow', async () => {
    const secrets = fake(secretReplies);
    const printed: string[] = [];
    const aws = openAws(env, { dryRun: true, print: (l) => printed.push(l), senders: { ecs: fake(ecsReplies), secrets, cloudwatch: fake(() => ({})), sts: fake(() => ({})) } });
    const value = JSON.stringify({ DATABASE_URL: 'postgres://app:other-sentinel-pw@db/app', DB_POOL_MAX: '2' });
    await aws.secrets.putString('db', value, 'drill-v');
    expect(printed.join('\n')).toContain('secretsmanager:PutSecretValue SecretId=db ClientRequestToken=drill-v SecretString="(');
    expect(printed.join('\n')).not.toContain('other-sentinel-pw');
    expect((await aws.secrets.describe('db')).stages).toEqual({ v2: ['AWSPREVIOUS'], 'drill-v': ['AWSCURRENT'] });
    await aws.secrets.moveStage('db', { stage: 'AWSCURRENT', moveToVersionId: 'v2', removeFromVersionId: 'drill-v' });
    expect((await aws.secrets.describe('db')).stages).toEqual({ v2: ['AWSCURRENT'], 'drill-v': ['AWSPREVIOUS'] });
    expect(secrets.sent.filter((s) => s !== 'DescribeSecret')).toEqual([]);
  });
});
