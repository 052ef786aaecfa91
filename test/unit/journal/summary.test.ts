import { describe, expect, it } from 'vitest';
import type { JournalRecord } from '../../../lib/journal/records.ts';
import { faultsToRestore, priorOf, resultOf, stepStatus, summarize } from '../../../lib/journal/summary.ts';

const base = { at: '2026-01-01T00:00:00.000Z', pid: 1, by: 'harness' as const };
const start = (faultId: string, action: string): JournalRecord => ({ ...base, kind: 'fault-start', faultId, action, params: {}, plannedRestoreAt: '2026-01-01T00:01:00.000Z' });

const records: JournalRecord[] = [
  { ...base, kind: 'run-start', runId: 'r1', host: 'h', operator: 'o', env: { name: 'local', file: '/e.yaml' }, plannedEndAt: '2026-01-01T00:05:00.000Z', graceMs: 1000 },
  start('_marker', 'drill-marker'),
  { ...base, kind: 'fault-injected', faultId: '_marker' },
  start('small-pool', 'shrink-db-pool'),
  { ...base, kind: 'intent', faultId: 'small-pool', step: 'put-secret-version', call: 'x', prior: { current: 'v1' } },
  { ...base, kind: 'outcome', faultId: 'small-pool', step: 'put-secret-version', ok: true, result: { versionId: 'v2' } },
  { ...base, kind: 'intent', faultId: 'small-pool', step: 'force-new-deployment', call: 'y', prior: { primaryDeploymentId: 'd1' } },
  start('scale', 'scale-service'),
  { ...base, kind: 'intent', faultId: 'scale', step: 'set-desired-count', call: 'z', prior: { desiredCount: 2 } },
  { ...base, kind: 'outcome', faultId: 'scale', step: 'set-desired-count', ok: false, error: 'denied' },
  { ...base, kind: 'fault-restored', faultId: 'scale', actions: [], checks: [] },
];

describe('summarize', () => {
  it('tracks each fault with its steps and their outcomes', () => {
    const s = summarize(records);
    expect(s.start?.runId).toBe('r1');
    expect(s.faults.map((f) => f.faultId)).toEqual(['_marker', 'small-pool', 'scale']);
    const pool = s.faults[1]!;
    expect(stepStatus(pool, 'put-secret-version')).toBe('done');
    expect(stepStatus(pool, 'force-new-deployment')).toBe('unknown');
    expect(stepStatus(pool, 'restore:redeploy')).toBe('absent');
    expect(stepStatus(s.faults[2]!, 'set-desired-count')).toBe('failed');
    expect(priorOf<{ current: string }>(pool, 'put-secret-version')?.current).toBe('v1');
    expect(resultOf<{ versionId: string }>(pool, 'put-secret-version')?.versionId).toBe('v2');
    expect(pool.plannedRestoreAt).toBe(Date.parse('2026-01-01T00:01:00.000Z'));
  });

  it('lists faults to restore newest first, without restored ones', () => {
    expect(faultsToRestore(summarize(records)).map((f) => f.faultId)).toEqual(['small-pool', '_marker']);
  });

  it('a later intent for the same step replaces the earlier one (a retried restore step)', () => {
    const retried = [...records, { ...base, kind: 'intent' as const, faultId: 'small-pool', step: 'put-secret-version', call: 'x', prior: { current: 'v9' } }];
    const pool = summarize(retried).faults[1]!;
    expect(stepStatus(pool, 'put-secret-version')).toBe('unknown');
    expect(priorOf<{ current: string }>(pool, 'put-secret-version')?.current).toBe('v9');
  });

  it('knows a run has ended', () => {
    expect(summarize(records).end).toBeUndefined();
    expect(summarize([...records, { ...base, kind: 'run-end', status: 'restored' }]).end?.status).toBe('restored');
  });
});
