import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../lib/journal/records.ts';
import { summarize } from '../../../lib/journal/summary.ts';
import { decide } from '../../../lib/watchdog/decide.ts';

const base = { at: '2026-01-01T00:00:00.000Z', pid: 1, by: 'harness' as const };
const T = Date.parse('2026-01-01T00:01:00.000Z');
const run = (...rest: JournalRecord[]) =>
  summarize([
    { ...base, kind: 'run-start', runId: 'r', host: 'h', operator: 'o', env: { name: 'local', file: 'f' }, plannedEndAt: '2026-01-01T00:05:00.000Z', graceMs: 10_000 },
    { ...base, kind: 'fault-start', faultId: '_marker', action: 'drill-marker', params: {}, plannedRestoreAt: '2026-01-01T00:05:00.000Z' },
    ...rest,
  ]);
const fault: JournalRecord = { ...base, kind: 'fault-start', faultId: 'small-pool', action: 'shrink-db-pool', params: {}, plannedRestoreAt: new Date(T).toISOString() };

describe('watchdog decisions', () => {
  it('waits while the harness lives, whatever the time', () => {
    expect(decide(run(fault), { harnessAlive: true, now: T + 3_600_000, graceMs: 10_000 }).kind).toBe('wait');
  });

  it('after the harness dies, restores only once the planned restore plus grace has passed', () => {
    expect(decide(run(fault), { harnessAlive: false, now: T + 9_999, graceMs: 10_000 }).kind).toBe('wait');
    const act = decide(run(fault), { harnessAlive: false, now: T + 10_000, graceMs: 10_000 });
    expect(act.kind).toBe('restore');
    expect(act.why).toContain('small-pool outlived the planned restore plus 10 s of grace');
  });

  it('closes a dead run at once when only the marker is left', () => {
    const restored: JournalRecord = { ...base, kind: 'fault-restored', faultId: 'small-pool', actions: [], checks: [] };
    expect(decide(run(fault, restored), { harnessAlive: false, now: T, graceMs: 10_000 }).kind).toBe('restore');
  });

  it('exits once the run has ended', () => {
    expect(decide(run(fault, { ...base, kind: 'run-end', status: 'finished' }), { harnessAlive: false, now: T, graceMs: 0 }).kind).toBe('exit');
  });
});
