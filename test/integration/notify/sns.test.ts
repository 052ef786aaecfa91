// SNS notifications through the real @aws-sdk/client-sns against the sandbox's SNS on an in-process AWS endpoint
// (the conformance pattern): what arrives on the topic, and a missing topic as a warning, never a throw.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTopicCommand, DeleteTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Environment } from '../../../lib/experiment/environment.ts';
import { sendNotifications, type NotifyContext } from '../../../lib/notify/index.ts';
import type { SandboxState } from '../../../lib/sandbox-state.ts';
import { createSns, type SnsStore } from '../../../sandbox/aws/sns/index.ts';
import { conformanceEndpoint, type ConformanceEndpoint } from '../../support/aws-endpoint.ts';
import { notifyReport } from '../../support/notify-report.ts';
import { closedPort, startReceiver, type Receiver } from './receiver.ts';

const run = randomUUID().slice(0, 8);
let endpoint: ConformanceEndpoint;
let store: SnsStore;
let sns: SNSClient;
let topicArn: string;

beforeAll(async () => {
  const service = createSns();
  store = service.store;
  endpoint = await conformanceEndpoint([service.service]);
  sns = new SNSClient({ ...endpoint.clientConfig, maxAttempts: 1 });
  topicArn = (await sns.send(new CreateTopicCommand({ Name: `firedrill-notify-${run}` }))).TopicArn!;
});

afterAll(async () => {
  if (topicArn) await sns.send(new DeleteTopicCommand({ TopicArn: topicArn })).catch(() => undefined);
  sns?.destroy();
  await endpoint?.close();
});

const env = (notify?: Environment['notify'], sandbox = false): Environment => ({
  file: 'environments/test.yaml', name: 'staging', description: '', production: false, sandbox, region: 'us-east-1', accountIds: [],
  aws: {}, alarmPrefix: 'staging-', ecs: { cluster: 'c', service: 's' }, database: { secretId: 'db' }, vars: {}, ...(notify ? { notify } : {}),
});

const aws = (): NotifyContext['aws'] => ({
  region: endpoint.clientConfig.region,
  ...(endpoint.clientConfig.endpoint ? { endpoint: endpoint.clientConfig.endpoint } : {}),
  ...(endpoint.clientConfig.credentials ? { credentials: endpoint.clientConfig.credentials } : {}),
});

describe('SNS notification', () => {
  it('publishes the verdict as the subject and the plain-text summary as the message', async () => {
    const lines: string[] = [];
    const results = await sendNotifications(notifyReport(), { runDir: '/runs/r1', env: env({ sns: { topicArn } }), aws: aws(), processEnv: {} }, (l) => lines.push(l));
    expect(results).toEqual([{ channel: 'sns', ok: true, attempts: 1, elapsedMs: expect.any(Number), detail: expect.stringMatching(/^message [0-9a-f-]{36}$/) }]);
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^notified SNS topic ${topicArn}: message [0-9a-f-]{36} \\(1 attempt in`))]);
    if (!endpoint.isSandbox) return;
    const [message] = store.messages(topicArn);
    expect(message).toMatchObject({ subject: 'firedrill PASS: pool-exhaustion on staging', messageId: results[0]!.detail.replace('message ', '') });
    expect(message!.message).toMatch(/^firedrill PASS: pool-exhaustion on staging\nEvery strict check passed \(1 warning\)\.\n/);
    expect(message!.message).toContain('Checks:\n  warn  unexpected alarm staging-core-api-cpu');
    expect(message!.message).toContain('Report: /runs/r1\n');
  });

  it('takes the topic from FIREDRILL_SNS_TOPIC_ARN when the environment file names none', async () => {
    const results = await sendNotifications(notifyReport({ verdict: 'fail', exitCode: 1 }), { runDir: '/runs/r2', env: env(), aws: aws(), processEnv: { FIREDRILL_SNS_TOPIC_ARN: topicArn } }, () => {});
    expect(results[0]).toMatchObject({ channel: 'sns', ok: true });
    if (endpoint.isSandbox) expect(store.messages(topicArn).at(-1)?.subject).toBe('firedrill FAIL: pool-exhaustion on staging');
  });

  it('a topic that does not exist: NotFound through the real SDK becomes one warning, not a throw', async () => {
    const missing = topicArn.replace(/[^:]+$/, `firedrill-missing-${run}`);
    const lines: string[] = [];
    const results = await sendNotifications(notifyReport(), { runDir: '/runs/r3', env: env({ sns: { topicArn: missing } }), aws: aws(), processEnv: {} }, (l) => lines.push(l));
    expect(results).toEqual([{ channel: 'sns', ok: false, attempts: 1, elapsedMs: expect.any(Number), detail: 'NotFoundException (HTTP 404): Topic does not exist' }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: SNS notification not sent: NotFoundException \(HTTP 404\): Topic does not exist after 1 attempt in [\d.]+s; the verdict is unchanged\. Fix: create the topic in us-east-1 or correct notify\.sns\.topicArn$/);
  });

  it('an endpoint that is not listening: retried, then one warning; it resolves', async () => {
    const port = await closedPort();
    const lines: string[] = [];
    const results = await sendNotifications(notifyReport(), {
      runDir: '/runs/r6', env: env({ sns: { topicArn } }), processEnv: {},
      aws: { region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } },
    }, (l) => lines.push(l));
    expect(results[0]).toMatchObject({ channel: 'sns', ok: false, attempts: 3, detail: expect.stringMatching(/^ECONNREFUSED/) });
    expect(lines).toEqual([expect.stringMatching(/^warning: SNS notification not sent: ECONNREFUSED.* after 3 attempts in [\d.]+s; the verdict is unchanged\. Fix: SNS or the network is failing/)]);
  });

  it.runIf(!process.env.FIREDRILL_CONFORMANCE_ENDPOINT)('a sandbox environment reaches SNS through its own target (the sandbox state), with no aws override', async () => {
    const state = { region: 'us-east-1', awsEndpoint: endpoint.server!.url } as SandboxState;
    const before = store.messages(topicArn).length;
    const results = await sendNotifications(notifyReport(), { runDir: '/runs/r4', env: env({ sns: { topicArn } }, true), sandboxState: () => state, processEnv: {} }, () => {});
    expect(results[0]).toMatchObject({ ok: true });
    expect(store.messages(topicArn)).toHaveLength(before + 1);
  });
});

describe.runIf(!process.env.FIREDRILL_CONFORMANCE_ENDPOINT)('both channels', () => {
  let slack: Receiver | undefined;
  afterAll(async () => slack?.close());

  it('are notified in parallel: Slack answers only once the SNS message has arrived', async () => {
    const before = store.messages(topicArn).length;
    // Sequential sending (Slack first) would leave Slack waiting here until its deadline.
    slack = await startReceiver(async () => {
      for (let i = 0; i < 100 && store.messages(topicArn).length === before; i++) await new Promise((r) => setTimeout(r, 20));
      return { status: store.messages(topicArn).length > before ? 200 : 500 };
    });
    const lines: string[] = [];
    const results = await sendNotifications(notifyReport(), {
      runDir: '/runs/r5', env: env({ sns: { topicArn } }), aws: aws(), processEnv: { FIREDRILL_SLACK_WEBHOOK_URL: `${slack.url}/services/T/B/tok${run}` },
    }, (l) => lines.push(l));
    expect(results.map((r) => [r.channel, r.ok, r.attempts])).toEqual([['slack', true, 1], ['sns', true, 1]]);
    expect(lines).toHaveLength(2);
  });
});
