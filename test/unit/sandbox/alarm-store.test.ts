// The alarm store and its history: creation and update keep AWS's state rules, every change is in the history, the
// history is queryable like DescribeAlarmHistory, bounded, and the whole store survives snapshot/restore as JSON.
import { describe, expect, it } from 'vitest';
import { AlarmStore } from '../../../sandbox/aws/cloudwatch/alarm-store.ts';
import { validatePutMetricAlarm } from '../../../sandbox/aws/cloudwatch/alarm-validation.ts';
import { AlarmHistory, HISTORY_RETENTION_MS } from '../../../sandbox/aws/cloudwatch/history.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

function put(store: AlarmStore, name: string, now: number, threshold = 5): void {
  const config = validatePutMetricAlarm({
    AlarmName: name,
    MetricName: 'PoolWait',
    Namespace: 'CoreAPI',
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: threshold,
    ComparisonOperator: 'GreaterThanThreshold',
  });
  store.put(config, `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${name}`, now);
}

describe('AlarmStore', () => {
  it('creates alarms in INSUFFICIENT_DATA and records the creation', () => {
    const store = new AlarmStore();
    put(store, 'a', T0);
    expect(store.get('a')).toMatchObject({
      StateValue: 'INSUFFICIENT_DATA',
      StateReason: 'Unchecked: Initial alarm creation',
      StateUpdatedTimestamp: T0,
      StateTransitionedTimestamp: T0,
      AlarmConfigurationUpdatedTimestamp: T0,
    });
    const [item] = store.history.query({ scanBy: 'TimestampDescending', limit: 10 }, T0).items;
    expect(item).toMatchObject({ AlarmName: 'a', AlarmType: 'MetricAlarm', HistoryItemType: 'ConfigurationUpdate', HistorySummary: 'Alarm "a" created' });
    expect(JSON.parse(item?.HistoryData ?? '{}')).toMatchObject({ type: 'Create', version: '1.0', createdAlarm: { alarmName: 'a', threshold: 5 } });
  });

  it('keeps state on re-put, replaces the configuration and records the update', () => {
    const store = new AlarmStore();
    put(store, 'a', T0);
    store.setState('a', { value: 'ALARM', reason: 'drill' }, T0 + 1000);
    put(store, 'a', T0 + 2000, 9);
    expect(store.get('a')).toMatchObject({ Threshold: 9, StateValue: 'ALARM', StateReason: 'drill', StateTransitionedTimestamp: T0 + 1000, AlarmConfigurationUpdatedTimestamp: T0 + 2000 });
    const update = store.history.query({ itemType: 'ConfigurationUpdate', scanBy: 'TimestampDescending', limit: 1 }, T0 + 2000).items[0];
    expect(update?.HistorySummary).toBe('Alarm "a" updated');
    expect(JSON.parse(update?.HistoryData ?? '{}')).toMatchObject({ type: 'Update', originalUpdatedAlarm: { threshold: 5 }, updatedAlarm: { threshold: 9 } });
  });

  it('moves StateTransitionedTimestamp and writes history only when StateValue changes', () => {
    const store = new AlarmStore();
    put(store, 'a', T0);
    expect(store.setState('a', { value: 'OK', reason: 'first' }, T0 + 1000)).toBe(true);
    expect(store.setState('a', { value: 'OK', reason: 'again', reasonData: '{"n":1}' }, T0 + 2000)).toBe(false);
    expect(store.get('a')).toMatchObject({ StateReason: 'again', StateReasonData: '{"n":1}', StateUpdatedTimestamp: T0 + 2000, StateTransitionedTimestamp: T0 + 1000 });
    const updates = store.history.query({ itemType: 'StateUpdate', scanBy: 'TimestampAscending', limit: 10 }, T0 + 2000).items;
    expect(updates).toHaveLength(1);
    expect(JSON.parse(updates[0]?.HistoryData ?? '{}')).toEqual({
      version: '1.0',
      oldState: { stateValue: 'INSUFFICIENT_DATA', stateReason: 'Unchecked: Initial alarm creation' },
      newState: { stateValue: 'OK', stateReason: 'first' },
    });
  });

  it('deletes known alarms, skips unknown names and records the deletion', () => {
    const store = new AlarmStore();
    put(store, 'a', T0);
    expect(store.delete(['a', 'nope'], T0 + 1)).toEqual(['a']);
    expect(store.get('a')).toBeUndefined();
    expect(store.history.query({ alarmName: 'a', scanBy: 'TimestampDescending', limit: 1 }, T0 + 1).items[0]?.HistorySummary).toBe('Alarm "a" deleted');
  });

  it('lists alarms by name and survives a JSON snapshot round trip', () => {
    const store = new AlarmStore();
    put(store, 'b', T0);
    put(store, 'a', T0 + 1);
    store.setState('b', { value: 'ALARM', reason: 'x', reasonData: '{}' }, T0 + 2);
    const restored = AlarmStore.restore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(restored.list().map((a) => a.AlarmName)).toEqual(['a', 'b']);
    expect(restored.get('b')).toEqual(store.get('b'));
    expect(restored.history.size()).toBe(store.history.size());
    put(restored, 'c', T0 + 3);
    const seqs = restored.history.snapshot().items.map((i) => i.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(() => AlarmStore.restore({ alarms: 'x' })).toThrow(/expected a snapshot from AlarmStore.snapshot/);
  });
});

describe('AlarmHistory', () => {
  function filled(count: number, start = T0): AlarmHistory {
    const history = new AlarmHistory();
    for (let i = 0; i < count; i++) {
      history.add({ AlarmName: i % 2 ? 'odd' : 'even', Timestamp: start + i * 1000, HistoryItemType: i % 3 ? 'StateUpdate' : 'ConfigurationUpdate', HistorySummary: `#${i}`, HistoryData: '{}' });
    }
    return history;
  }

  it('pages through items in either order without gaps or repeats', () => {
    const history = filled(25);
    for (const scanBy of ['TimestampDescending', 'TimestampAscending'] as const) {
      const seen: string[] = [];
      let after;
      for (let page = 0; page < 10; page++) {
        const result = history.query({ scanBy, limit: 7, ...(after ? { after } : {}) }, T0 + 25_000);
        seen.push(...result.items.map((i) => i.HistorySummary));
        after = result.last;
        if (!after) break;
      }
      const expected = Array.from({ length: 25 }, (_, i) => `#${i}`);
      expect(seen).toEqual(scanBy === 'TimestampAscending' ? expected : expected.reverse());
    }
  });

  it('filters by alarm, item type and an inclusive date range', () => {
    const history = filled(12);
    const items = history.query({ alarmName: 'odd', itemType: 'StateUpdate', start: T0 + 3000, end: T0 + 7000, scanBy: 'TimestampAscending', limit: 100 }, T0);
    expect(items.items.map((i) => i.HistorySummary)).toEqual(['#5', '#7']);
  });

  it('drops items older than two weeks and keeps at most its bound', () => {
    const history = filled(3);
    history.prune(T0 + HISTORY_RETENTION_MS + 1500);
    expect(history.query({ scanBy: 'TimestampAscending', limit: 10 }, T0 + HISTORY_RETENTION_MS + 1500).items.map((i) => i.HistorySummary)).toEqual(['#2']);
    const bounded = new AlarmHistory(HISTORY_RETENTION_MS, 5);
    for (let i = 0; i < 8; i++) bounded.add({ AlarmName: 'a', Timestamp: T0 + i, HistoryItemType: 'StateUpdate', HistorySummary: `#${i}`, HistoryData: '{}' });
    expect(bounded.size()).toBe(5);
    expect(bounded.query({ scanBy: 'TimestampAscending', limit: 1 }, T0).items[0]?.HistorySummary).toBe('#3');
  });
});
