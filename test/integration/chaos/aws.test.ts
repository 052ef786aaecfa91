// lib/aws through the real SDK on loopback: the client factory honours AWS_ENDPOINT_URL and an explicit endpoint,
// the CloudWatch adapter reads every page, and errors are classified at the boundary (AccessDenied names the IAM
// action and resource, throttling is retried with backoff, an unreachable endpoint says so).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutMetricAlarmCommand, PutMetricDataCommand, SetAlarmStateCommand, CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsAccessDeniedError, openAws, type RetryPolicy } from '../../../lib/aws/index.ts';
import { AwsUnreachableError } from '../../../lib/aws/errors.ts';
import { createCloudWatch } from '../../../sandbox/aws/cloudwatch/index.ts';
import { createEcs } from '../../../sandbox/aws/ecs/index.ts';
import { createSecretsManager } from '../../../sandbox/aws/secretsmanager/index.ts';
import { startAwsServer, type AwsServer } from '../../../sandbox/aws/server.ts';

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
const ref = { region: 'us-east-1', ecs: { cluster: 'c', service: 's' } };
const fastRetry: RetryPolicy = { attempts: 4, baseMs: 20, maxMs: 100, random: Math.random, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };
let server: AwsServer;

beforeAll(async () => {
  server = await startAwsServer({ services: [createEcs().service, createSecretsManager().service, createCloudWatch({ evaluate: false }).service] });
  await new SecretsManagerClient({ region: 'us-east-1', endpoint: server.url, credentials }).send(new CreateSecretCommand({ Name: 'db', SecretString: '{"DB_POOL_MAX":"10"}' }));
});

afterAll(async () => {
  await server?.close();
});

async function withEnv<T>(vars: Record<string, string>, fn: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** A loopback endpoint that answers every request with `reply(n)` (n counts requests from 1). */
async function fakeEndpoint(reply: (n: number) => { status: number; body: object }): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let n = 0;
  const s: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const r = reply(++n);
      res.writeHead(r.status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `r${n}` });
      res.end(JSON.stringify(r.body));
    });
  });
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, requests: () => n, close: () => new Promise((resolve) => s.close(() => resolve())) };
}

describe('client factory', () => {
  it('follows AWS_ENDPOINT_URL and environment credentials from the SDK chain', async () => {
    const view = await withEnv({ AWS_ENDPOINT_URL: server.url, AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, async () => {
      const aws = openAws({ ...ref, aws: {}, sandbox: false });
      try {
        return await aws.secrets.describe('db');
      } finally {
        aws.close();
      }
    });
    expect(view.name).toBe('db');
    expect(Object.values(view.stages)).toEqual([['AWSCURRENT']]);
  });

  it('uses the endpoint named in the environment file', async () => {
    await withEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, async () => {
      const aws = openAws({ ...ref, aws: { endpoint: server.url }, sandbox: false });
      expect((await aws.secrets.describe('db')).name).toBe('db');
      aws.close();
    });
  });
});

describe('CloudWatch adapter', () => {
  it('reads every page of alarms, state history and metric data', async () => {
    const cw = new CloudWatchClient({ region: 'us-east-1', endpoint: server.url, credentials });
    for (let i = 0; i < 120; i++) {
      await cw.send(new PutMetricAlarmCommand({
        AlarmName: `paged-${String(i).padStart(3, '0')}`, Namespace: 'Test', MetricName: 'M', Statistic: 'Sum', Period: 10, EvaluationPeriods: 1, Threshold: 1, ComparisonOperator: 'GreaterThanThreshold',
      }));
    }
    await cw.send(new SetAlarmStateCommand({ AlarmName: 'paged-007', StateValue: 'ALARM', StateReason: 'test' }));
    const now = Date.now();
    await cw.send(new PutMetricDataCommand({ Namespace: 'Test', MetricData: [1, 2, 3].map((v, i) => ({ MetricName: 'M', Value: v, Timestamp: new Date(now - (3 - i) * 10_000), StorageResolution: 1 })) }));
    await withEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, async () => {
      const aws = openAws({ ...ref, aws: { endpoint: server.url }, sandbox: false });
      const alarms = await aws.cloudwatch.describeAlarms({ prefix: 'paged-' });
      expect(alarms).toHaveLength(120);
      expect(alarms.find((a) => a.name === 'paged-007')?.state).toBe('ALARM');
      const history = await aws.cloudwatch.alarmHistory(new Date(now - 60_000), new Date(now + 60_000), 'paged-007');
      expect(history).toEqual([expect.objectContaining({ alarmName: 'paged-007', oldState: 'INSUFFICIENT_DATA', newState: 'ALARM' })]);
      const [series] = await aws.cloudwatch.metricSeries([{ id: 'm', namespace: 'Test', metricName: 'M', dimensions: {}, stat: 'Sum', periodSeconds: 10 }], new Date(now - 60_000), new Date(now + 10_000));
      expect(series?.points.map((p) => p.value)).toEqual([1, 2, 3]);
      aws.close();
    });
  });
});

describe('errors at the boundary', () => {
  it('AccessDenied names the IAM action, the resource and docs/iam.md', async () => {
    const fake = await fakeEndpoint(() => ({ status: 400, body: { __type: 'AccessDeniedException', message: 'User: arn:aws:sts::123456789012:assumed-role/drill/x is not authorized to perform: ecs:UpdateService' } }));
    try {
      const aws = openAws({ ...ref, aws: { endpoint: fake.url }, sandbox: false }, { retry: fastRetry });
      await withEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, async () => {
        const err = await aws.ecs.updateService({ desiredCount: 1 }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(AwsAccessDeniedError);
        expect((err as Error).message).toContain('firedrill needs ecs:UpdateService on arn:aws:ecs:us-east-1:*:service/c/s');
        expect((err as AwsAccessDeniedError).hint).toContain('docs/iam.md');
      });
      expect(fake.requests()).toBe(1);
    } finally {
      await fake.close();
    }
  });

  it('throttling is retried with backoff beyond the SDK\'s own attempts, then succeeds', async () => {
    const service = { serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/c/s', serviceName: 's', status: 'ACTIVE', desiredCount: 2, runningCount: 2, pendingCount: 0, deployments: [] };
    const fake = await fakeEndpoint((n) => (n <= 4 ? { status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } } : { status: 200, body: { services: [service], failures: [] } }));
    try {
      await withEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, async () => {
        const aws = openAws({ ...ref, aws: { endpoint: fake.url }, sandbox: false }, { retry: fastRetry });
        expect((await aws.ecs.describeService()).desiredCount).toBe(2);
      });
      expect(fake.requests()).toBe(5);
    } finally {
      await fake.close();
    }
  });

  it('an endpoint nobody listens on is reported as unreachable, with the sandbox hint', async () => {
    const fake = await fakeEndpoint(() => ({ status: 200, body: {} }));
    await fake.close();
    await withEnv({ AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' }, async () => {
      const aws = openAws({ ...ref, aws: { endpoint: fake.url }, sandbox: false }, { retry: fastRetry });
      const err = await aws.secrets.describe('db').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AwsUnreachableError);
      expect((err as AwsUnreachableError).hint).toContain('firedrill sandbox up');
    });
  });
});
