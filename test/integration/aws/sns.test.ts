// Conformance of the sandbox's SNS (query protocol: form POST in, XML out) with the real @aws-sdk/client-sns over a
// loopback socket, next to a JSON-protocol service on the same server. The API checks also run against real AWS with
// FIREDRILL_CONFORMANCE_ENDPOINT=aws (topics are named firedrill-conformance-<run>-..., deleted afterwards);
// reading what was published and the request log are sandbox-only.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTopicCommand, DeleteTopicCommand, ListTopicsCommand, PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createSecretsManager } from '../../../sandbox/aws/secretsmanager/index.ts';
import { createSns, type PublishedMessage, type SnsStore } from '../../../sandbox/aws/sns/index.ts';
import { conformanceEndpoint, type ConformanceEndpoint } from '../../support/aws-endpoint.ts';

const run = randomUUID().slice(0, 8);
const created: string[] = [];
let endpoint: ConformanceEndpoint;
let sns: SNSClient;
let store: SnsStore;

beforeAll(async () => {
  const service = createSns({ topics: ['sandbox-drills'] });
  store = service.store;
  endpoint = await conformanceEndpoint([createSecretsManager().service, service.service]);
  sns = new SNSClient({ ...endpoint.clientConfig, maxAttempts: 1 });
});

afterAll(async () => {
  for (const TopicArn of created) await sns.send(new DeleteTopicCommand({ TopicArn })).catch(() => undefined);
  sns?.destroy();
  await endpoint?.close();
});

async function createTopic(suffix: string): Promise<string> {
  const out = await sns.send(new CreateTopicCommand({ Name: `firedrill-conformance-${run}-${suffix}` }));
  created.push(out.TopicArn!);
  return out.TopicArn!;
}

async function failure(call: () => Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  const err = await call().then(() => undefined, (e: unknown) => e);
  expect(err, 'expected the call to fail').toBeInstanceOf(Error);
  return err as never;
}

async function allTopics(): Promise<string[]> {
  const arns: string[] = [];
  let NextToken: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const out = await sns.send(new ListTopicsCommand(NextToken ? { NextToken } : {}));
    arns.push(...(out.Topics ?? []).map((t) => t.TopicArn!));
    NextToken = out.NextToken;
    if (!NextToken) break;
  }
  return arns;
}

describe('SNS topics', () => {
  it('CreateTopic returns the ARN and is idempotent; ListTopics lists it; DeleteTopic removes it and is idempotent', async () => {
    const arn = await createTopic('crud');
    expect(arn).toMatch(new RegExp(`^arn:aws:sns:[a-z0-9-]+:\\d{12}:firedrill-conformance-${run}-crud$`));
    const again = await sns.send(new CreateTopicCommand({ Name: `firedrill-conformance-${run}-crud` }));
    expect(again.TopicArn).toBe(arn);
    expect(await allTopics()).toContain(arn);
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    await sns.send(new DeleteTopicCommand({ TopicArn: arn }));
    expect(await allTopics()).not.toContain(arn);
  });

  it('refuses a topic name with characters AWS does not allow', async () => {
    const err = await failure(() => sns.send(new CreateTopicCommand({ Name: `bad name ${run}` })));
    expect(err.name).toBe('InvalidParameterException');
    expect(err.message).toBe('Invalid parameter: Topic Name');
  });

  it.runIf(!process.env.FIREDRILL_CONFORMANCE_ENDPOINT)('pages ListTopics 100 at a time (sandbox: 150 topics)', async () => {
    const arns = await Promise.all(Array.from({ length: 149 }, (_, i) => createTopic(`page-${i}`)));
    const first = await sns.send(new ListTopicsCommand({}));
    expect(first.Topics).toHaveLength(100);
    expect(first.NextToken).toBeTruthy();
    const listed = await allTopics();
    expect(listed).toHaveLength(new Set(listed).size);
    expect(listed).toEqual(expect.arrayContaining([...arns, 'arn:aws:sns:us-east-1:000000000000:sandbox-drills']));
  });
});

describe('SNS Publish', () => {
  it('accepts a message with subject and attributes and returns a MessageId (the sandbox keeps what arrived)', async () => {
    const arn = await createTopic('publish');
    const out = await sns.send(new PublishCommand({
      TopicArn: arn, Subject: 'firedrill PASS: x on y', Message: 'line 1\nline 2 & <b>',
      MessageAttributes: { verdict: { DataType: 'String', StringValue: 'pass' } },
    }));
    expect(out.MessageId).toMatch(/^[0-9a-f-]{36}$/);
    if (!endpoint.isSandbox) return;
    const stored = store.messages(arn);
    expect(stored).toEqual([expect.objectContaining({
      messageId: out.MessageId, topicArn: arn, subject: 'firedrill PASS: x on y', message: 'line 1\nline 2 & <b>',
      messageAttributes: { verdict: { DataType: 'String', StringValue: 'pass' } },
    })]);
    const viaHttp = (await (await fetch(`${endpoint.server!.url}/_sandbox/sns/messages?topicArn=${encodeURIComponent(arn)}`)).json()) as { messages: PublishedMessage[] };
    expect(viaHttp.messages.map((m) => m.messageId)).toEqual([out.MessageId]);
  });

  it('a topic that does not exist is NotFound (404)', async () => {
    const missing = (await createTopic('gone'));
    await sns.send(new DeleteTopicCommand({ TopicArn: missing }));
    const err = await failure(() => sns.send(new PublishCommand({ TopicArn: missing, Message: 'x' })));
    expect(err.name).toBe('NotFoundException');
    expect(err.message).toBe('Topic does not exist');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });

  it('refuses a malformed ARN, an empty message and a subject with a line break (InvalidParameter)', async () => {
    const arn = await createTopic('invalid');
    const cases: Array<[Record<string, string>, string]> = [
      [{ TopicArn: 'not-an-arn', Message: 'x' }, 'Invalid parameter: TopicArn Reason: An ARN must have at least 6 elements, not 1'],
      [{ TopicArn: arn, Message: '' }, 'Invalid parameter: Empty message'],
      [{ TopicArn: arn, Message: 'x', Subject: 'two\nlines' }, 'Invalid parameter: Subject'],
      [{ TopicArn: arn, Message: 'x'.repeat(262_145) }, 'Invalid parameter: Message too long'],
    ];
    for (const [input, message] of cases) {
      const err = await failure(() => sns.send(new PublishCommand(input as never)));
      expect(err.name).toBe('InvalidParameterException');
      expect(err.message).toBe(message);
      expect(err.$metadata.httpStatusCode).toBe(400);
    }
  });

  it.runIf(!process.env.FIREDRILL_CONFORMANCE_ENDPOINT)('keeps a bounded list of published messages (oldest dropped first)', async () => {
    const small = createSns({ topics: ['bounded'], messageCapacity: 3 });
    const ctx = { requestId: 'r', now: Date.now(), region: 'us-east-1', accountId: '000000000000' };
    for (let i = 0; i < 5; i++) await small.service.operations.Publish!({ TopicArn: 'arn:aws:sns:us-east-1:000000000000:bounded', Message: `m${i}` }, ctx);
    expect(small.store.messages().map((m) => m.message)).toEqual(['m2', 'm3', 'm4']);
  });
});

describe.runIf(!process.env.FIREDRILL_CONFORMANCE_ENDPOINT)('one endpoint, two protocols (sandbox)', () => {
  it('routes JSON services on X-Amz-Target and SNS on the form body, and logs both without bodies', async () => {
    const sm = new SecretsManagerClient({ ...endpoint.clientConfig, maxAttempts: 1 });
    try {
      await sm.send(new ListSecretsCommand({}));
    } finally {
      sm.destroy();
    }
    await sns.send(new ListTopicsCommand({}));
    const log = endpoint.server!.requestLog.list().slice(-2);
    expect(log).toEqual([
      expect.objectContaining({ service: 'secretsmanager', operation: 'ListSecrets', mutating: false, status: 200 }),
      expect.objectContaining({ service: 'sns', operation: 'ListTopics', mutating: false, status: 200 }),
    ]);
    expect(endpoint.server!.requestLog.list().filter((e) => e.service === 'sns' && e.operation === 'Publish').every((e) => e.mutating)).toBe(true);
  });

  it('answers an unknown action or API version with an XML InvalidAction error, and unknown sandbox routes with 404', async () => {
    const post = (body: string) => fetch(endpoint.server!.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body });
    const unknownAction = await post('Action=Subscribe&Version=2010-03-31');
    expect(unknownAction.status).toBe(400);
    expect(await unknownAction.text()).toMatch(/<ErrorResponse xmlns="http:\/\/sns\.amazonaws\.com\/doc\/2010-03-31\/"><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/);
    const unknownVersion = await post('Action=ListQueues&Version=2012-11-05');
    expect(unknownVersion.status).toBe(400);
    expect(await unknownVersion.text()).toContain('<Code>InvalidAction</Code>');
    expect((await fetch(`${endpoint.server!.url}/_sandbox/sns/nothing`)).status).toBe(404);
  });
});
