// Conformance of the sandbox's STS (GetCallerIdentity on the query protocol) with the real @aws-sdk/client-sts, next
// to a JSON-protocol service and SNS (another query service, routed on its own Version=) on the same server; then
// the harness's account allowlist reading it through lib/aws. The shape checks also run against real AWS with
// FIREDRILL_CONFORMANCE_ENDPOINT=aws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListTopicsCommand, SNSClient } from '@aws-sdk/client-sns';
import { openAws } from '../../../lib/aws/index.ts';
import { callerAccountIdentity, checkAccountAllowlist } from '../../../lib/safety/account.ts';
import { createEcs } from '../../../sandbox/aws/ecs/index.ts';
import { createSns } from '../../../sandbox/aws/sns/index.ts';
import { createSts, SANDBOX_USER_ID } from '../../../sandbox/aws/sts/index.ts';
import { startAwsServer, type AwsServer } from '../../../sandbox/aws/server.ts';
import { conformanceEndpoint, type ConformanceEndpoint } from '../../support/aws-endpoint.ts';

let endpoint: ConformanceEndpoint;
let sts: STSClient;

beforeAll(async () => {
  endpoint = await conformanceEndpoint([createEcs().service, createSns({ topics: ['sandbox-drills'] }).service, createSts()]);
  sts = new STSClient({ ...endpoint.clientConfig, maxAttempts: 1 });
});

afterAll(async () => {
  sts?.destroy();
  await endpoint?.close();
});

describe('GetCallerIdentity', () => {
  it('answers the account, a user ARN in it and a user id, as the SDK parses them', async () => {
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out.Account).toMatch(/^\d{12}$/);
    expect(out.Arn).toMatch(new RegExp(`^arn:aws:(iam::${out.Account}:user/|sts::${out.Account}:assumed-role/)`));
    expect(out.UserId).toMatch(/^A[A-Z0-9]{15,}/);
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toBeTruthy();
  });

  it('is the sandbox user in the sandbox account, logged as a read', async () => {
    if (!endpoint.isSandbox) return;
    const out = await sts.send(new GetCallerIdentityCommand({}));
    expect(out).toMatchObject({ Account: '000000000000', Arn: 'arn:aws:iam::000000000000:user/firedrill-sandbox', UserId: SANDBOX_USER_ID });
    const logged = endpoint.server!.requestLog.list().filter((e) => e.service === 'sts');
    expect(logged.at(-1)).toMatchObject({ operation: 'GetCallerIdentity', mutating: false, status: 200 });
  });

  it('shares the server with SNS: each query request reaches the service of its Version=', async () => {
    if (!endpoint.isSandbox) return;
    const sns = new SNSClient({ ...endpoint.clientConfig, maxAttempts: 1 });
    try {
      expect((await sns.send(new ListTopicsCommand({}))).Topics?.map((t) => t.TopicArn)).toEqual(['arn:aws:sns:us-east-1:000000000000:sandbox-drills']);
    } finally {
      sns.destroy();
    }
  });
});

describe('the account allowlist through lib/aws', () => {
  let other: AwsServer;
  beforeAll(async () => {
    other = await startAwsServer({ services: [createSts()], accountId: '123456789012' });
  });
  afterAll(async () => {
    await other?.close();
  });

  const env = (accountIds: string[]) => ({ name: 'staging', file: 'environments/staging.yaml', accountIds, region: 'us-east-1', aws: { endpoint: other.url }, sandbox: false, ecs: { cluster: 'c', service: 's' } });

  async function check(accountIds: string[]): Promise<string | undefined> {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, key: process.env.AWS_SECRET_ACCESS_KEY };
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y' });
    const aws = openAws(env(accountIds));
    try {
      return await checkAccountAllowlist(env(accountIds), [callerAccountIdentity(aws.sts)]);
    } finally {
      aws.close();
      for (const [k, v] of [['AWS_ACCESS_KEY_ID', saved.id], ['AWS_SECRET_ACCESS_KEY', saved.key]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  }

  it('passes the account the endpoint says the credentials belong to', async () => {
    await expect(check(['111111111111', '123456789012'])).resolves.toBe('123456789012');
  });

  it('refuses with exit 2 when the credentials belong to an account not listed', async () => {
    await expect(check(['111111111111'])).rejects.toMatchObject({
      exitCode: 2,
      message: 'environment "staging" allows AWS account(s) 111111111111 but sts:GetCallerIdentity says account 123456789012',
    });
  });
});
