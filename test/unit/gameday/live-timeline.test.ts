import { describe, expect, it } from 'vitest';
import type { FaultRecord } from '../../../assertions/evidence.ts';
import { liveStep } from '../../../lib/gameday/live-timeline.ts';

const T0 = 1_000_000;
const fault = (id: string, atS: number, more: Partial<FaultRecord> = {}): FaultRecord => ({ id, action: 'shrink-db-pool', plannedAtMs: atS * 1000, plannedHoldMs: 50_000, restoreVerified: false, params: {}, ...more });

describe('liveStep', () => {
  it('is baseline before the first fault, with the next injection and the time to it', () => {
    expect(liveStep([fault('a', 30)], T0, 130_000, T0 + 12_000)).toEqual({ phase: 'baseline', sinceMs: T0, next: 'inject a at +30s (in 18s)' });
  });

  it('follows a fault through injecting, in effect and restoring', () => {
    const injecting = fault('a', 30, { injectedAtMs: T0 + 30_000 });
    expect(liveStep([injecting], T0, 130_000, T0 + 31_000)).toMatchObject({ phase: 'injecting a', sinceMs: T0 + 30_000 });
    const inEffect = { ...injecting, effectiveAtMs: T0 + 40_000 };
    expect(liveStep([inEffect], T0, 130_000, T0 + 60_000)).toEqual({ phase: 'a', sinceMs: T0 + 40_000, next: 'restore a (in 30s)' });
    const restoring = { ...inEffect, restoreStartedAtMs: T0 + 90_000 };
    expect(liveStep([restoring], T0, 130_000, T0 + 91_000)).toMatchObject({ phase: 'restoring a' });
  });

  it('names recovery after the last restore and recovery-<id> when another fault follows', () => {
    const done = fault('a', 30, { injectedAtMs: T0 + 30_000, effectiveAtMs: T0 + 31_000, restoreStartedAtMs: T0 + 60_000, restoredAtMs: T0 + 62_000 });
    expect(liveStep([done], T0, 130_000, T0 + 70_000)).toEqual({ phase: 'recovery', sinceMs: T0 + 62_000, next: 'load ends at +2m10s (in 1m)' });
    expect(liveStep([done, fault('b', 90)], T0, 130_000, T0 + 70_000)).toMatchObject({ phase: 'recovery-a', next: 'inject b at +1m30s (in 20s)' });
  });

  it('passes over skipped faults when it says what comes next', () => {
    const skipped = fault('a', 30, { skipped: { atMs: T0 + 30_000, reason: 'skipped by the operator' } });
    expect(liveStep([skipped, fault('b', 90)], T0, 130_000, T0 + 40_000).next).toBe('inject b at +1m30s (in 50s)');
  });
});
