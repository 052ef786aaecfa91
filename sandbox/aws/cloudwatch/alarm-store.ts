// The sandbox's metric alarms and their history. Every change of configuration or state goes through here, so the
// history is complete: PutMetricAlarm and DeleteAlarms write ConfigurationUpdate items, and every change of StateValue
// (from the evaluator or SetAlarmState) writes one StateUpdate item whose HistoryData carries the old and new state.
import type { AlarmState, MetricAlarmConfig, MetricAlarmRecord } from './alarm-types.ts';
import { AlarmHistory, type AlarmHistorySnapshot } from './history.ts';
import { INITIAL_STATE_REASON } from './state-reason.ts';

export interface StateChange {
  value: AlarmState;
  reason: string;
  /** A JSON string; absent when the change carries none (SetAlarmState without StateReasonData). */
  reasonData?: string;
}

export interface AlarmStoreSnapshot {
  alarms: MetricAlarmRecord[];
  history: AlarmHistorySnapshot;
}

export class AlarmStore {
  private readonly alarms = new Map<string, MetricAlarmRecord>();

  constructor(readonly history = new AlarmHistory()) {}

  /** Create or replace an alarm's configuration. An existing alarm keeps its state, as in AWS. */
  put(config: MetricAlarmConfig, arn: string, now: number): 'created' | 'updated' {
    const existing = this.alarms.get(config.AlarmName);
    const record: MetricAlarmRecord = existing
      ? { ...config, ...stateOf(existing), AlarmArn: existing.AlarmArn, AlarmConfigurationUpdatedTimestamp: now }
      : {
          ...config,
          AlarmArn: arn,
          AlarmConfigurationUpdatedTimestamp: now,
          StateValue: 'INSUFFICIENT_DATA',
          StateReason: INITIAL_STATE_REASON,
          StateUpdatedTimestamp: now,
          StateTransitionedTimestamp: now,
        };
    this.alarms.set(config.AlarmName, record);
    const verb = existing ? 'updated' : 'created';
    const data = existing
      ? { type: 'Update', version: '1.0', originalUpdatedAlarm: historyView(existing), updatedAlarm: historyView(record) }
      : { type: 'Create', version: '1.0', createdAlarm: historyView(record) };
    this.history.add({
      AlarmName: config.AlarmName,
      Timestamp: now,
      HistoryItemType: 'ConfigurationUpdate',
      HistorySummary: `Alarm "${config.AlarmName}" ${verb}`,
      HistoryData: JSON.stringify(data),
    });
    return verb;
  }

  get(name: string): MetricAlarmRecord | undefined {
    return this.alarms.get(name);
  }

  /** Alarms sorted by name, the order DescribeAlarms returns them in. */
  list(): MetricAlarmRecord[] {
    return [...this.alarms.values()].sort((a, b) => (a.AlarmName < b.AlarmName ? -1 : a.AlarmName > b.AlarmName ? 1 : 0));
  }

  /** Iteration without sorting, for the evaluator's hot path. */
  values(): IterableIterator<MetricAlarmRecord> {
    return this.alarms.values();
  }

  get size(): number {
    return this.alarms.size;
  }

  /** Delete the named alarms that exist; returns their names. Unknown names are skipped, as AWS does. */
  delete(names: readonly string[], now: number): string[] {
    const deleted: string[] = [];
    for (const name of names) {
      const existing = this.alarms.get(name);
      if (!existing) continue;
      this.alarms.delete(name);
      deleted.push(name);
      this.history.add({
        AlarmName: name,
        Timestamp: now,
        HistoryItemType: 'ConfigurationUpdate',
        HistorySummary: `Alarm "${name}" deleted`,
        HistoryData: JSON.stringify({ type: 'Delete', version: '1.0', deletedAlarm: historyView(existing) }),
      });
    }
    return deleted;
  }

  /**
   * Set an alarm's state. StateTransitionedTimestamp and the history change only when StateValue changes; the reason
   * and StateUpdatedTimestamp are refreshed either way (SetAlarmState to the current state still records its reason).
   * Returns whether StateValue changed.
   */
  setState(name: string, change: StateChange, now: number): boolean {
    const alarm = this.alarms.get(name);
    if (!alarm) throw new Error(`alarm ${name} does not exist`);
    const old = alarm.StateValue;
    const transition = old !== change.value;
    const oldState = stateView(alarm);
    alarm.StateValue = change.value;
    alarm.StateReason = change.reason;
    if (change.reasonData === undefined) delete alarm.StateReasonData;
    else alarm.StateReasonData = change.reasonData;
    alarm.StateUpdatedTimestamp = now;
    if (!transition) return false;
    alarm.StateTransitionedTimestamp = now;
    this.history.add({
      AlarmName: name,
      Timestamp: now,
      HistoryItemType: 'StateUpdate',
      HistorySummary: `Alarm updated from ${old} to ${change.value}`,
      HistoryData: JSON.stringify({ version: '1.0', oldState, newState: stateView(alarm) }),
    });
    return true;
  }

  snapshot(): AlarmStoreSnapshot {
    return { alarms: this.list().map((a) => structuredClone(a)), history: this.history.snapshot() };
  }

  static restore(snapshot: unknown): AlarmStore {
    const snap = snapshot as Partial<AlarmStoreSnapshot> | null;
    if (!snap || !Array.isArray(snap.alarms) || !snap.history || !Array.isArray(snap.history.items)) {
      throw new Error('AlarmStore.restore: expected a snapshot from AlarmStore.snapshot() ({alarms: [...], history: {items: [...]}})');
    }
    const store = new AlarmStore(AlarmHistory.restore(snap.history));
    for (const alarm of snap.alarms) store.alarms.set(alarm.AlarmName, structuredClone(alarm));
    return store;
  }
}

function stateOf(alarm: MetricAlarmRecord): Pick<
  MetricAlarmRecord,
  'StateValue' | 'StateReason' | 'StateReasonData' | 'StateUpdatedTimestamp' | 'StateTransitionedTimestamp'
> {
  const { StateValue, StateReason, StateReasonData, StateUpdatedTimestamp, StateTransitionedTimestamp } = alarm;
  return { StateValue, StateReason, StateUpdatedTimestamp, StateTransitionedTimestamp, ...(StateReasonData ? { StateReasonData } : {}) };
}

/** {stateValue, stateReason, stateReasonData?} with the reason data parsed into an object, as in AWS HistoryData. */
function stateView(alarm: MetricAlarmRecord): Record<string, unknown> {
  const view: Record<string, unknown> = { stateValue: alarm.StateValue, stateReason: alarm.StateReason };
  if (alarm.StateReasonData !== undefined) view.stateReasonData = parseJson(alarm.StateReasonData);
  return view;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The configuration as ConfigurationUpdate HistoryData shows it: camelCase keys, timestamps as ISO strings. */
function historyView(alarm: MetricAlarmRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(alarm)) {
    if (value === undefined || key.startsWith('State')) continue;
    const camel = key.charAt(0).toLowerCase() + key.slice(1);
    view[camel] = key.endsWith('Timestamp') ? new Date(value as number).toISOString() : value;
  }
  return view;
}
