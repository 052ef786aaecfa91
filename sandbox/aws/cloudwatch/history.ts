// Alarm history as DescribeAlarmHistory serves it. Items are kept two weeks (the retention the harness's design relies
// on; the newest user guide says 30 days) and bounded in count, because a sandbox left running for days must not grow
// without limit.

export type HistoryItemType = 'ConfigurationUpdate' | 'StateUpdate' | 'Action';
export const HISTORY_ITEM_TYPES: readonly HistoryItemType[] = ['ConfigurationUpdate', 'StateUpdate', 'Action'];

export type ScanBy = 'TimestampDescending' | 'TimestampAscending';

export interface AlarmHistoryItem {
  /** Insertion order; breaks ties between items with the same timestamp and anchors pagination. */
  seq: number;
  AlarmName: string;
  AlarmType: 'MetricAlarm';
  /** Epoch ms. */
  Timestamp: number;
  HistoryItemType: HistoryItemType;
  HistorySummary: string;
  /** A JSON string, as AWS returns it. */
  HistoryData: string;
}

export interface HistoryQuery {
  alarmName?: string;
  itemType?: HistoryItemType;
  /** Epoch ms, inclusive. */
  start?: number;
  /** Epoch ms, inclusive. */
  end?: number;
  scanBy: ScanBy;
  /** Continue after this item (from a NextToken). */
  after?: HistoryPosition;
  limit: number;
}

export interface HistoryPage {
  items: AlarmHistoryItem[];
  /** Present when more items match: the last item returned, to continue after. */
  last?: HistoryPosition;
}

export const HISTORY_RETENTION_MS = 14 * 24 * 3600 * 1000;
export const HISTORY_MAX_ITEMS = 50_000;

export interface AlarmHistorySnapshot {
  nextSeq: number;
  items: AlarmHistoryItem[];
}

export class AlarmHistory {
  private items: AlarmHistoryItem[] = [];
  private nextSeq = 1;

  constructor(
    private readonly retentionMs = HISTORY_RETENTION_MS,
    private readonly maxItems = HISTORY_MAX_ITEMS,
  ) {}

  add(item: Omit<AlarmHistoryItem, 'seq' | 'AlarmType'>): AlarmHistoryItem {
    const stored: AlarmHistoryItem = { seq: this.nextSeq++, AlarmType: 'MetricAlarm', ...item };
    this.items.push(stored);
    this.prune(stored.Timestamp);
    return stored;
  }

  /** Drop items past retention (relative to `now`) and the oldest beyond the count bound. */
  prune(now: number): void {
    const cutoff = now - this.retentionMs;
    let drop = 0;
    while (drop < this.items.length && (this.items[drop] as AlarmHistoryItem).Timestamp < cutoff) drop++;
    drop = Math.max(drop, this.items.length - this.maxItems);
    if (drop > 0) this.items.splice(0, drop);
  }

  query(q: HistoryQuery, now: number): HistoryPage {
    this.prune(now);
    const order = q.scanBy === 'TimestampDescending' ? -1 : 1;
    const matching = this.items.filter((item) => matches(item, q));
    matching.sort((a, b) => order * compare(position(a), position(b)));
    const after = q.after;
    const startAt = after ? matching.findIndex((item) => order * compare(position(item), after) > 0) : 0;
    if (startAt < 0) return { items: [] };
    const items = matching.slice(startAt, startAt + q.limit);
    const lastItem = items[items.length - 1];
    const more = startAt + q.limit < matching.length;
    return { items, ...(more && lastItem ? { last: position(lastItem) } : {}) };
  }

  size(): number {
    return this.items.length;
  }

  snapshot(): AlarmHistorySnapshot {
    return { nextSeq: this.nextSeq, items: this.items.map((item) => ({ ...item })) };
  }

  static restore(snapshot: AlarmHistorySnapshot): AlarmHistory {
    const history = new AlarmHistory();
    history.items = snapshot.items.map((item) => ({ ...item }));
    history.nextSeq = snapshot.nextSeq;
    return history;
  }
}

function matches(item: AlarmHistoryItem, q: HistoryQuery): boolean {
  if (q.alarmName !== undefined && item.AlarmName !== q.alarmName) return false;
  if (q.itemType !== undefined && item.HistoryItemType !== q.itemType) return false;
  if (q.start !== undefined && item.Timestamp < q.start) return false;
  if (q.end !== undefined && item.Timestamp > q.end) return false;
  return true;
}

/** Where an item sits in time order: by timestamp, then by insertion order. */
export interface HistoryPosition {
  timestamp: number;
  seq: number;
}

function position(item: AlarmHistoryItem): HistoryPosition {
  return { timestamp: item.Timestamp, seq: item.seq };
}

/** Negative when a is older than b. */
function compare(a: HistoryPosition, b: HistoryPosition): number {
  return a.timestamp !== b.timestamp ? a.timestamp - b.timestamp : a.seq - b.seq;
}
