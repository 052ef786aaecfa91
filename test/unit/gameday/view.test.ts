import { describe, expect, it } from 'vitest';
import { HELP_LINES, plainLine, renderView, type ViewState } from '../../../lib/gameday/view.ts';

const T0 = 1_700_000_000_000;
const state = (over: Partial<ViewState> = {}): ViewState => ({
  title: 'pool-exhaustion on local',
  nowMs: T0 + 72_000,
  loadStartMs: T0,
  plannedMs: 130_000,
  step: { phase: 'small-pool', sinceMs: T0 + 42_000, next: 'restore small-pool (in 8s)' },
  load: { elapsedMs: 72_000, plannedMs: 130_000, vus: 12, vusMax: 12, requests: 6000, rps: 94.9, errorRatio: 0.0123, p95Ms: 170.4, p95WindowMs: 10_000 },
  classes: [
    { category: 'read-simple', p95Ms: 45.2, count: 300 },
    { category: 'export', p95Ms: null, count: 0 },
  ],
  classWindowMs: 10_000,
  alarms: [
    { name: 'sandbox-pool-wait', state: 'ALARM', sinceMs: T0 + 60_000 },
    { name: 'sandbox-db-connect-errors', state: 'OK', sinceMs: T0 - 600_000 },
  ],
  lastFault: { id: 'small-pool', atMs: T0 + 42_000 },
  health: { atMs: T0 + 71_000, httpStatus: 200, status: 'degraded' },
  help: false,
  ...over,
});

describe('renderView', () => {
  it('shows the clock, phase, load, p95 per class, alarm states with time since the fault, and /health', () => {
    const text = renderView(state(), 200).join('\n');
    expect(text).toContain('pool-exhaustion on local · 1m12s / 2m10s');
    expect(text).toContain('phase   small-pool for 30s · next: restore small-pool (in 8s)');
    expect(text).toContain('94.9 req/s · errors 1.23% · p95 170 ms · VUs 12/12');
    expect(text).toContain('read-simple 45 ms · export -');
    expect(text).toContain('sandbox-pool-wait ALARM +18s after small-pool · sandbox-db-connect-errors OK');
    expect(text).toContain('health  degraded (HTTP 200), 1s ago');
    expect(text).toContain('[n] note · [a] abort · [?] help');
  });

  it('says how long an alarm has been firing when it fired before the latest fault', () => {
    const text = renderView(state({ alarms: [{ name: 'old', state: 'ALARM', sinceMs: T0 }] }), 200).join('\n');
    expect(text).toContain('old ALARM for 1m12s');
  });

  it('shows the help instead of the key line when asked', () => {
    const lines = renderView(state({ help: true }), 200);
    expect(lines.slice(-HELP_LINES.length)).toEqual(HELP_LINES.map((l) => l.slice(0, 199)));
  });

  it('keeps every line within the width and wraps many alarms onto at most four lines', () => {
    const alarms = Array.from({ length: 40 }, (_, i) => ({ name: `sandbox-alarm-${i}`, state: 'OK', sinceMs: T0 }));
    const lines = renderView(state({ alarms }), 60);
    expect(lines.every((l) => l.length <= 60)).toBe(true);
    const alarmLines = lines.filter((l) => l.startsWith('alarms') || (l.startsWith('        ') && /sandbox-alarm|alarms in all/.test(l)));
    expect(alarmLines).toHaveLength(4);
    expect(alarmLines.at(-1)).toContain('40 alarms in all');
  });

  it('copes with the load not started yet', () => {
    const text = renderView(state({ loadStartMs: undefined, step: undefined, load: undefined, classes: [], alarms: [], health: undefined }), 100).join('\n');
    expect(text).toContain('load starting');
    expect(text).toContain('waiting for k6');
    expect(text).toContain('(reading alarm states)');
    expect(text).toContain('no sample yet');
  });
});

describe('plainLine', () => {
  it('gives the gist in one line for logs: phase, load, firing alarms, health', () => {
    expect(plainLine(state())).toBe('game day 1m12s · phase small-pool · 94.9 req/s · errors 1.23% · p95 170 ms · ALARM: sandbox-pool-wait · health degraded');
    expect(plainLine(state({ alarms: [] }))).toContain('no alarm firing');
  });
});
