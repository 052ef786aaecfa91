// The evaluator over an in-test MetricSource built from arrays: transitions and their history, the 10 s / 1 min
// schedule, windows, query sharing, SetAlarmState holding until the next evaluation, and the aligned timer.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AlarmStore } from '../../../sandbox/aws/cloudwatch/alarm-store.ts';
import { validatePutMetricAlarm } from '../../../sandbox/aws/cloudwatch/alarm-validation.ts';
import { Evaluator, windowQuery } from '../../../sandbox/aws/cloudwatch/evaluator.ts';
import type { Datapoint, MetricQuery, MetricSource } from '../../../sandbox/aws/cloudwatch/types.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const MIN = 60_000;

/** Per metric name, the datapoints of each period (already the statistic's value); ignores stat and dimensions. */
class ArraySource implements MetricSource {
  readonly points = new Map<string, Datapoint[]>();
  readonly queries: MetricQuery[] = [];

  add(metricName: string, timestamp: number, value: number): void {
    const list = this.points.get(metricName) ?? [];
    list.push({ timestamp, value });
    list.sort((a, b) => a.timestamp - b.timestamp);
    this.points.set(metricName, list);
  }

  datapoints(query: MetricQuery): Datapoint[] {
    this.queries.push(query);
    return (this.points.get(query.metricName) ?? []).filter((p) => p.timestamp >= query.start && p.timestamp < query.end);
  }
}

function putAlarm(store: AlarmStore, overrides: Record<string, unknown> = {}, now = T0): void {
  const config = validatePutMetricAlarm({
    AlarmName: 'pool-wait',
    MetricName: 'PoolWait',
    Namespace: 'CoreAPI',
    Dimensions: [{ Name: 'Service', Value: 'core-api' }],
    Statistic: 'Maximum',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanThreshold',
    ...overrides,
  });
  store.put(config, `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${config.AlarmName}`, now);
}

function setup(overrides: Record<string, unknown> = {}) {
  const store = new AlarmStore();
  const source = new ArraySource();
  putAlarm(store, overrides);
  return { store, source, evaluator: new Evaluator(store, source, () => T0) };
}

function stateUpdates(store: AlarmStore) {
  return store.history.query({ itemType: 'StateUpdate', scanBy: 'TimestampAscending', limit: 100 }, T0 + 60 * MIN).items;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('transitions', () => {
  it('leaves a new alarm without data in INSUFFICIENT_DATA with its creation reason and no StateUpdate', () => {
    const { store, evaluator } = setup();
    expect(evaluator.evaluateAll(T0 + MIN)).toMatchObject({ evaluated: 1, transitions: 0 });
    expect(store.get('pool-wait')).toMatchObject({ StateValue: 'INSUFFICIENT_DATA', StateReason: 'Unchecked: Initial alarm creation' });
    expect(stateUpdates(store)).toHaveLength(0);
  });

  it('goes INSUFFICIENT_DATA -> ALARM -> OK with one StateUpdate per transition whose HistoryData holds both states', () => {
    const { store, source, evaluator } = setup();
    source.add('PoolWait', T0, 9);
    expect(evaluator.evaluateAll(T0 + MIN + 500).transitions).toBe(1);
    const inAlarm = structuredClone(store.get('pool-wait'));
    expect(inAlarm).toMatchObject({ StateValue: 'ALARM', StateUpdatedTimestamp: T0 + MIN + 500, StateTransitionedTimestamp: T0 + MIN + 500 });
    expect(inAlarm?.StateReason).toBe('Threshold Crossed: 1 datapoint [9.0 (01/06/26 12:00:00)] was greater than the threshold (5.0).');
    expect(JSON.parse(inAlarm?.StateReasonData ?? '{}')).toMatchObject({ recentDatapoints: [9], period: 60, statistic: 'Maximum' });

    source.add('PoolWait', T0 + MIN, 12); // still breaching: no new transition, reason unchanged
    expect(evaluator.evaluateAll(T0 + 2 * MIN).transitions).toBe(0);
    expect(store.get('pool-wait')?.StateReason).toBe(inAlarm?.StateReason);

    source.add('PoolWait', T0 + 2 * MIN, 1);
    expect(evaluator.evaluateAll(T0 + 3 * MIN).transitions).toBe(1);
    expect(store.get('pool-wait')?.StateValue).toBe('OK');

    const items = stateUpdates(store);
    expect(items.map((i) => i.HistorySummary)).toEqual(['Alarm updated from INSUFFICIENT_DATA to ALARM', 'Alarm updated from ALARM to OK']);
    const second = JSON.parse(items[1]?.HistoryData ?? '{}');
    expect(second.oldState).toMatchObject({ stateValue: 'ALARM', stateReason: inAlarm?.StateReason });
    expect(second.newState.stateValue).toBe('OK');
    expect(second.newState.stateReasonData.recentDatapoints).toEqual([1]);
  });

  it('evaluates M of N over the window: 2 of 3 breaching minutes, not consecutive', () => {
    const { store, source, evaluator } = setup({ EvaluationPeriods: 3, DatapointsToAlarm: 2 });
    source.add('PoolWait', T0, 9);
    source.add('PoolWait', T0 + MIN, 1);
    evaluator.evaluateAll(T0 + 2 * MIN);
    expect(store.get('pool-wait')?.StateValue).toBe('OK');
    source.add('PoolWait', T0 + 2 * MIN, 9);
    evaluator.evaluateAll(T0 + 3 * MIN);
    expect(store.get('pool-wait')?.StateValue).toBe('ALARM');
  });

  it('treats missing data as configured: breaching alarms once data stops', () => {
    const { store, source, evaluator } = setup({ TreatMissingData: 'breaching', Period: 10 });
    source.add('PoolWait', T0, 1);
    evaluator.evaluateAll(T0 + 10_000);
    expect(store.get('pool-wait')?.StateValue).toBe('OK');
    evaluator.evaluateAll(T0 + 40_000); // range of 3 periods, all missing now
    expect(store.get('pool-wait')).toMatchObject({
      StateValue: 'ALARM',
      StateReason: 'Threshold Crossed: no datapoints were received for 1 period and 1 missing datapoint was treated as [Breaching].',
    });
  });

  it('ignores missing data on AWS/DynamoDB metrics whatever TreatMissingData says', () => {
    const { store, evaluator } = setup({ Namespace: 'AWS/DynamoDB', TreatMissingData: 'breaching' });
    evaluator.evaluateAll(T0 + 5 * MIN);
    expect(store.get('pool-wait')?.StateValue).toBe('INSUFFICIENT_DATA');
  });
});

describe('schedule and windows', () => {
  it('evaluates periods of a minute or more once per minute and 10-30 s periods every 10 s', () => {
    const { store, evaluator } = setup();
    putAlarm(store, { AlarmName: 'fast', Period: 10 });
    expect(evaluator.evaluateAll(T0 + MIN).evaluated).toBe(2);
    expect(evaluator.evaluateAll(T0 + MIN + 5_000).evaluated).toBe(0);
    expect(evaluator.evaluateAll(T0 + MIN + 10_000).evaluated).toBe(1);
    expect(evaluator.evaluateAll(T0 + 2 * MIN).evaluated).toBe(2);
  });

  it('re-evaluates an alarm whose configuration changed within the same tick', () => {
    const { store, evaluator } = setup();
    evaluator.evaluateAll(T0 + MIN);
    putAlarm(store, { Threshold: 1 }, T0 + MIN + 1);
    expect(evaluator.evaluateAll(T0 + MIN + 2).evaluated).toBe(1);
  });

  it('queries a sliding window of the evaluation range ending at the tick', () => {
    const { store } = setup({ Period: 300, EvaluationPeriods: 3 });
    const alarm = store.get('pool-wait');
    if (!alarm) throw new Error('alarm missing');
    // 5-minute periods slide by the minute: at 12:07:30 the range is 5 periods ending 12:07.
    expect(windowQuery(alarm, T0 + 7.5 * MIN)).toMatchObject({ end: T0 + 7 * MIN, start: T0 + 7 * MIN - 5 * 300_000, period: 300, stat: 'Maximum' });
    putAlarm(store, { Period: 20, EvaluationPeriods: 1 });
    const fast = store.get('pool-wait');
    if (!fast) throw new Error('alarm missing');
    // High-resolution periods are aligned to the period: at 12:00:50 the last whole 20 s period ends 12:00:40.
    expect(windowQuery(fast, T0 + 50_000)).toMatchObject({ end: T0 + 40_000, start: T0 + 40_000 - 3 * 20_000 });
  });

  it('shares one query among alarms on the same metric, statistic and window', () => {
    const { store, source, evaluator } = setup();
    putAlarm(store, { AlarmName: 'pool-wait-high', Threshold: 50 });
    putAlarm(store, { AlarmName: 'pool-wait-avg', Statistic: 'Average' });
    expect(evaluator.evaluateAll(T0 + MIN).queries).toBe(2);
    expect(source.queries).toHaveLength(2);
  });
});

describe('SetAlarmState', () => {
  it('holds until the next evaluation, which then sets the state from the data', () => {
    const { store, source, evaluator } = setup({ Period: 10 });
    source.add('PoolWait', T0, 1);
    evaluator.evaluateAll(T0 + 10_000);
    expect(store.get('pool-wait')?.StateValue).toBe('OK');
    store.setState('pool-wait', { value: 'ALARM', reason: 'drill' }, T0 + 12_000);
    evaluator.evaluateAll(T0 + 15_000); // same 10 s tick: not evaluated again
    expect(store.get('pool-wait')).toMatchObject({ StateValue: 'ALARM', StateReason: 'drill' });
    source.add('PoolWait', T0 + 10_000, 2);
    evaluator.evaluateAll(T0 + 20_000);
    expect(store.get('pool-wait')?.StateValue).toBe('OK');
    expect(stateUpdates(store).map((i) => i.HistorySummary)).toEqual([
      'Alarm updated from INSUFFICIENT_DATA to OK',
      'Alarm updated from OK to ALARM',
      'Alarm updated from ALARM to OK',
    ]);
  });
});

describe('timer', () => {
  it('evaluates on 10 s boundaries of the clock and stops cleanly', () => {
    vi.useFakeTimers({ now: T0 + 3_000 });
    const store = new AlarmStore();
    const evaluator = new Evaluator(store, new ArraySource(), () => Date.now());
    const calls: number[] = [];
    const spy = vi.spyOn(evaluator, 'evaluateAll').mockImplementation((now?: number) => {
      calls.push(now ?? -1);
      return { evaluated: 0, transitions: 0, queries: 0 };
    });
    evaluator.start();
    vi.advanceTimersByTime(6_999);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    vi.advanceTimersByTime(20_000);
    expect(calls).toEqual([T0 + 10_000, T0 + 20_000, T0 + 30_000]);
    evaluator.stop();
    expect(evaluator.running).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
    spy.mockRestore();
  });
});
