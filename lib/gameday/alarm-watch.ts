// Alarm states for the game-day view: the drill's alarms (expected, quiet, guardrails) and every in-scope alarm,
// polled with DescribeAlarms, with each change reported once as it is seen.
import type { AlarmView } from '../aws/cloudwatch.ts';
import type { Aws } from '../aws/index.ts';
import type { Experiment } from '../experiment/index.ts';

export const ALARM_WATCH_POLL_MS = 3000;

export interface WatchedAlarm {
  name: string;
  state: string;
  /** Epoch ms of the last state change CloudWatch reports. */
  sinceMs: number;
}

export interface AlarmChange {
  name: string;
  from: string | undefined;
  to: string;
  atMs: number;
  reason: string;
}

/** Pure: the changes between two readings (first reading: none, the preflight already showed the start states). */
export function alarmChanges(before: ReadonlyMap<string, WatchedAlarm> | undefined, now: readonly AlarmView[]): AlarmChange[] {
  if (!before) return [];
  return now
    .filter((a) => before.get(a.name)?.state !== a.state)
    .map((a) => ({ name: a.name, from: before.get(a.name)?.state, to: a.state, atMs: a.stateUpdatedAt, reason: a.stateReason }));
}

export function watchedNames(x: Experiment): string[] {
  return [...new Set([...x.expect.alarms.map((a) => a.name), ...x.guardrails.stopOn])];
}

export interface AlarmWatch {
  current(): WatchedAlarm[];
  stop(): void;
}

export function watchAlarms(x: Experiment, aws: Aws, onChange: (c: AlarmChange) => void, onError: (message: string) => void, pollMs = ALARM_WATCH_POLL_MS): AlarmWatch {
  const names = watchedNames(x);
  const prefix = x.expect.unexpectedAlarms?.prefix;
  const outside = prefix ? names.filter((n) => !n.startsWith(prefix)) : names;
  let states: Map<string, WatchedAlarm> | undefined;
  let polling = false;
  let failing = false;
  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const seen = new Map<string, AlarmView>();
      // One call for the prefix, another only for the drill's alarms the prefix does not cover.
      if (prefix) for (const a of await aws.cloudwatch.describeAlarms({ prefix })) seen.set(a.name, a);
      if (outside.length) for (const a of await aws.cloudwatch.describeAlarms({ names: outside })) seen.set(a.name, a);
      const list = [...seen.values()];
      for (const change of alarmChanges(states, list)) onChange(change);
      states = new Map(list.map((a) => [a.name, { name: a.name, state: a.state, sinceMs: a.stateUpdatedAt }]));
      failing = false;
    } catch (err) {
      // One line per outage, not one per poll.
      if (!failing) onError(`alarm states unavailable (${(err as Error).message}); retrying`);
      failing = true;
    } finally {
      polling = false;
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), pollMs);
  return {
    current: () => (states ? [...states.values()].sort((a, b) => order(names, a.name) - order(names, b.name) || a.name.localeCompare(b.name)) : []),
    stop: () => clearInterval(timer),
  };
}

/** The drill's own alarms first, in experiment order; other in-scope alarms after them. */
const order = (names: readonly string[], name: string) => {
  const i = names.indexOf(name);
  return i < 0 ? names.length : i;
};
