// SNS operations as the query protocol delivers them (all members are strings): CreateTopic, Publish, ListTopics,
// DeleteTopic. Shapes and error codes follow botocore's sns/2010-03-31/service-2.json; error messages follow
// LocalStack's snapshots recorded against AWS (tests/aws/services/sns/test_sns.snapshot.json).
// Standard topics only: FIFO topics, subscriptions and delivery are not modelled (the harness only publishes).
import { randomUUID } from 'node:crypto';
import { AwsError, type Handler, type RequestContext } from '../protocol.ts';
import type { SnsStore } from './store.ts';

type Input = Record<string, unknown>;

export const MUTATING_OPERATIONS: ReadonlySet<string> = new Set(['CreateTopic', 'Publish', 'DeleteTopic']);

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
/** 256 KiB: the Publish limit (UTF-8 bytes). */
const MAX_MESSAGE_BYTES = 262_144;
const SUBJECT_MAX_CHARS = 99; // "less than 100 characters long"
const LIST_PAGE = 100;

const invalid = (detail: string) => new AwsError('InvalidParameter', `Invalid parameter: ${detail}`);
const required = (field: string) => invalid(`${field} Reason: no value for required parameter`);
const topicMissing = () => new AwsError('NotFound', 'Topic does not exist', 404);

function optionalString(input: Input, field: string): string | undefined {
  const value = input[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(field);
  return value;
}

export const topicArnOf = (name: string, ctx: Pick<RequestContext, 'region' | 'accountId'>) => `arn:aws:sns:${ctx.region}:${ctx.accountId}:${name}`;

/** A topic ARN in the sandbox's one region and account; anything else is refused the way AWS refuses it. */
function checkTopicArn(value: string, field: string, ctx: RequestContext): string {
  const parts = value.split(':');
  if (parts.length < 6) throw invalid(`${field} Reason: An ARN must have at least 6 elements, not ${parts.length}`);
  const [prefix, partition, service, region, account, name = ''] = parts;
  if (parts.length !== 6 || prefix !== 'arn' || !partition?.startsWith('aws') || service !== 'sns' || !TOPIC_NAME.test(name)) throw invalid(field);
  if (region !== ctx.region) throw invalid(field);
  if (account !== ctx.accountId) {
    throw new AwsError('AuthorizationError', `The sandbox has one account (${ctx.accountId}); ${field} names account ${account}`, 403);
  }
  return value;
}

function checkSubject(subject: string | undefined): void {
  if (subject === undefined) return;
  if (subject === '' || [...subject].length > SUBJECT_MAX_CHARS || /[\u0000-\u001f\u007f]/.test(subject)) throw invalid('Subject');
}

function checkMessage(message: string | undefined, structure: string | undefined): string {
  if (message === undefined) {
    throw new AwsError('ValidationError', "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null");
  }
  if (message === '') throw invalid('Empty message');
  if (Buffer.byteLength(message, 'utf8') > MAX_MESSAGE_BYTES) throw invalid('Message too long');
  if (structure === undefined) return message;
  if (structure !== 'json') throw invalid('MessageStructure');
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalid('Message Structure - JSON message body failed to parse');
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as Record<string, unknown>).default !== 'string') {
    throw invalid('Message Structure - No default entry in JSON message body');
  }
  return message;
}

function publish(store: SnsStore, input: Input, ctx: RequestContext): { MessageId: string } {
  const arn = optionalString(input, 'TopicArn');
  if (arn === undefined) {
    if (input.TargetArn !== undefined || input.PhoneNumber !== undefined) throw invalid('TargetArn Reason: the sandbox publishes to topics only');
    throw required('TopicArn or TargetArn');
  }
  const topicArn = checkTopicArn(arn, 'TopicArn', ctx);
  const structure = optionalString(input, 'MessageStructure');
  const message = checkMessage(optionalString(input, 'Message'), structure);
  const subject = optionalString(input, 'Subject');
  checkSubject(subject);
  if (!store.hasTopic(topicArn)) throw topicMissing();
  const messageId = randomUUID();
  const attributes = input.MessageAttributes;
  store.publish({
    messageId,
    topicArn,
    message,
    timestamp: new Date(ctx.now).toISOString(),
    ...(subject !== undefined ? { subject } : {}),
    ...(structure !== undefined ? { messageStructure: structure } : {}),
    ...(attributes && typeof attributes === 'object' ? { messageAttributes: attributes as Record<string, unknown> } : {}),
  });
  return { MessageId: messageId };
}

function listTopics(store: SnsStore, input: Input): { Topics: Array<{ TopicArn: string }>; NextToken?: string } {
  const token = optionalString(input, 'NextToken');
  const start = token === undefined ? 0 : Number(token);
  const arns = store.topicArns();
  if (!Number.isInteger(start) || start < 0 || start > arns.length) throw invalid('NextToken');
  const end = start + LIST_PAGE;
  return { Topics: arns.slice(start, end).map((TopicArn) => ({ TopicArn })), ...(end < arns.length ? { NextToken: String(end) } : {}) };
}

export function snsOperations(store: SnsStore): Record<string, Handler> {
  return {
    CreateTopic: (input: Input, ctx: RequestContext) => {
      const name = optionalString(input, 'Name');
      if (name === undefined) throw required('Name');
      if (!TOPIC_NAME.test(name)) throw invalid('Topic Name');
      const attributes = input.Attributes as Record<string, unknown> | undefined;
      if (attributes?.FifoTopic === 'true') throw invalid('Attributes Reason: FifoTopic: FIFO topics are not modelled by the sandbox');
      const arn = topicArnOf(name, ctx);
      if (!store.createTopic(arn)) throw new AwsError('TopicLimitExceeded', 'Topic limit exceeded', 403);
      return { TopicArn: arn };
    },
    Publish: (input: Input, ctx: RequestContext) => publish(store, input, ctx),
    ListTopics: (input: Input) => listTopics(store, input),
    DeleteTopic: (input: Input, ctx: RequestContext) => {
      const arn = optionalString(input, 'TopicArn');
      if (arn === undefined) throw required('TopicArn');
      store.deleteTopic(checkTopicArn(arn, 'TopicArn', ctx));
      return undefined;
    },
  };
}
