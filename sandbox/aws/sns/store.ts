// The sandbox's SNS state: standard topics by ARN and the messages published to them. Nothing is delivered
// anywhere; published messages are kept in a bounded list so tests (and people) can see what a client sent.

export const SNAPSHOT_FORMAT = 'firedrill.sandbox.sns/1';
/** Bounded like every sandbox store: memory stays flat however long the sandbox runs. */
export const DEFAULT_MESSAGE_CAPACITY = 1000;
export const MAX_TOPICS = 1000;

export interface PublishedMessage {
  messageId: string;
  topicArn: string;
  subject?: string;
  message: string;
  messageStructure?: string;
  messageAttributes?: Record<string, unknown>;
  /** ISO 8601, from the server's clock. */
  timestamp: string;
}

export interface SnsSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  topics: string[];
  messages: PublishedMessage[];
}

export class SnsStore {
  /** Topic ARNs in creation order (ListTopics pages through them in that order). */
  private readonly topics = new Set<string>();
  private readonly published: PublishedMessage[] = [];

  constructor(private readonly messageCapacity = DEFAULT_MESSAGE_CAPACITY) {}

  /** Idempotent, as in AWS: creating an existing topic returns its ARN. False when the topic limit is reached. */
  createTopic(arn: string): boolean {
    if (this.topics.has(arn)) return true;
    if (this.topics.size >= MAX_TOPICS) return false;
    this.topics.add(arn);
    return true;
  }

  /** Idempotent, as in AWS: deleting a topic that does not exist succeeds. */
  deleteTopic(arn: string): void {
    this.topics.delete(arn);
  }

  hasTopic(arn: string): boolean {
    return this.topics.has(arn);
  }

  topicArns(): string[] {
    return [...this.topics];
  }

  publish(message: PublishedMessage): void {
    this.published.push(structuredClone(message));
    if (this.published.length > this.messageCapacity) this.published.splice(0, this.published.length - this.messageCapacity);
  }

  /** Oldest first; only one topic's when `topicArn` is given. Copies, so callers cannot change the store. */
  messages(topicArn?: string): PublishedMessage[] {
    return structuredClone(topicArn ? this.published.filter((m) => m.topicArn === topicArn) : this.published);
  }

  snapshot(): SnsSnapshot {
    return { format: SNAPSHOT_FORMAT, topics: this.topicArns(), messages: this.messages() };
  }

  /** Replace the state with a previous snapshot(); checks its shape so a damaged state file fails by name. */
  load(snapshot: unknown): void {
    const root = (snapshot ?? {}) as Partial<SnsSnapshot>;
    if (root.format !== SNAPSHOT_FORMAT) {
      throw new Error(`snapshot.format: expected "${SNAPSHOT_FORMAT}", got ${JSON.stringify(root.format)}; start the sandbox without --keep-state to discard it`);
    }
    if (!Array.isArray(root.topics) || !root.topics.every((t) => typeof t === 'string')) throw new Error('snapshot.topics: expected a list of topic ARNs');
    if (!Array.isArray(root.messages)) throw new Error('snapshot.messages: expected a list');
    root.messages.forEach((m, i) => {
      if (typeof m?.messageId !== 'string' || typeof m.topicArn !== 'string' || typeof m.message !== 'string' || typeof m.timestamp !== 'string') {
        throw new Error(`snapshot.messages[${i}]: expected messageId, topicArn, message and timestamp strings`);
      }
    });
    this.topics.clear();
    this.published.length = 0;
    for (const arn of root.topics) this.topics.add(arn);
    for (const m of root.messages) this.publish(m);
  }
}
