import { describe, expect, it } from 'vitest';
import { alarmChanges, type WatchedAlarm } from '../../../lib/gameday/alarm-watch.ts';
import type { AlarmView } from '../../../lib/aws/cloudwatch.ts';

const view = (name: string, state: string, at = 1000): AlarmView => ({ name, arn: `arn:${name}`, state, stateReason: `reason ${state}`, stateUpdatedAt: at });
const known = (...alarms: WatchedAlarm[]) => new Map(alarms.map((a) => [a.name, a]));

describe('alarmChanges', () => {
  it('reports nothing on the first reading (the preflight showed the starting states)', () => {
    expect(alarmChanges(undefined, [view('a', 'ALARM')])).toEqual([]);
  });

  it('reports each state change once, with CloudWatch time and reason, and new alarms', () => {
    const before = known({ name: 'a', state: 'OK', sinceMs: 0 }, { name: 'b', state: 'OK', sinceMs: 0 });
    expect(alarmChanges(before, [view('a', 'ALARM', 5000), view('b', 'OK'), view('c', 'INSUFFICIENT_DATA', 7000)])).toEqual([
      { name: 'a', from: 'OK', to: 'ALARM', atMs: 5000, reason: 'reason ALARM' },
      { name: 'c', from: undefined, to: 'INSUFFICIENT_DATA', atMs: 7000, reason: 'reason INSUFFICIENT_DATA' },
    ]);
  });
});
