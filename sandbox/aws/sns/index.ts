// The sandbox's SNS: a query-protocol service for the AWS endpoint server (CreateTopic, Publish, ListTopics,
// DeleteTopic) plus the store behind it. Published messages are readable, for tests, through the store or through
// the sandbox-only GET /_sandbox/sns/messages[?topicArn=...] on the same server.
import type { QueryServiceDefinition } from '../query-protocol.ts';
import { MUTATING_OPERATIONS, snsOperations, topicArnOf } from './handlers.ts';
import { SnsStore } from './store.ts';

export { SnsStore, SNAPSHOT_FORMAT, DEFAULT_MESSAGE_CAPACITY, type PublishedMessage, type SnsSnapshot } from './store.ts';

export const SNS_API_VERSION = '2010-03-31';
export const SNS_XML_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

export interface SnsOptions {
  /** Topics that exist from the start (names), e.g. the sandbox's `sandbox-drills`. Created in-process, not via API. */
  topics?: string[];
  /** Must match the server's region and account, which the API calls' ARNs are checked against. */
  region?: string;
  accountId?: string;
  /** How many published messages are kept (oldest dropped first). */
  messageCapacity?: number;
  /** A previous `store.snapshot()`, for `sandbox up --keep-state`. */
  state?: unknown;
}

export function createSns(options: SnsOptions = {}): { service: QueryServiceDefinition; store: SnsStore } {
  const store = new SnsStore(options.messageCapacity);
  if (options.state !== undefined) store.load(options.state);
  const where = { region: options.region ?? 'us-east-1', accountId: options.accountId ?? '000000000000' };
  for (const name of options.topics ?? []) store.createTopic(topicArnOf(name, where));
  const service: QueryServiceDefinition = {
    protocol: 'query',
    name: 'sns',
    version: SNS_API_VERSION,
    xmlNamespace: SNS_XML_NAMESPACE,
    operations: snsOperations(store),
    mutating: MUTATING_OPERATIONS,
    sandboxRoutes: { messages: (query) => ({ messages: store.messages(query.get('topicArn') ?? undefined) }) },
  };
  return { service, store };
}
