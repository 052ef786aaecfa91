import { describe, expect, it } from 'vitest';
import { alarmChecks } from '../../../assertions/alarms.ts';
import type { CheckResult } from '../../../assertions/evidence.ts';
import { alarm, drill, experiment, fires, quiet, smallPool } from './drill-builder.ts';

const POOL = 'sandbox-pool-wait';

function only(checks: CheckResult[], kind: CheckResult['kind']): CheckResult {
  const found = checks.filter((c) => c.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const firesCheck = (changes: Array<[number, string]>, over: Parameters<typeof drill>[0] = {}, initial = 'OK') =>
  only(alarmChecks(drill({ experiment: experiment({ alarms: [fires(POOL, 60)] }), alarms: [alarm(POOL, changes, initial)], ...over })), 'alarm-fires');

describe('alarm fires', () => {
  it('passes and reports time to alarm from when the fault took effect, not from the injection', () => {
    const c = firesCheck([[78, 'ALARM']]);
    expect(c).toMatchObject({ ok: true, strict: true, name: `alarm ${POOL} fires within 1m of small-pool`, observed: 'ALARM 38s after small-pool', expected: 'ALARM within 1m of small-pool' });
    expect(c.data).toMatchObject({ timeToAlarmSeconds: 38, sinceInjectionSeconds: 48 });
  });

  it('accepts the last instant of the allowance and fails one second past it', () => {
    expect(firesCheck([[100, 'ALARM']]).ok).toBe(true);
    const late = firesCheck([[101, 'ALARM']]);
    expect(late.ok).toBe(false);
    expect(late.observed).toBe('ALARM 1m1s after small-pool');
    expect(late.message).toContain('fired too late: 1m1s after small-pool');
    expect(late.data?.timeToAlarmSeconds).toBe(61);
  });

  it('times from the injection when the fault has no separate effect time', () => {
    // 55 s after the effect time the default fault has, but 65 s after its injection: too late without one.
    expect(firesCheck([[95, 'ALARM']]).ok).toBe(true);
    const c = firesCheck([[95, 'ALARM']], { faults: [smallPool({ effectiveAtMs: undefined })] });
    expect(c.ok).toBe(false);
    expect(c.observed).toBe('ALARM 1m5s after small-pool');
  });

  it('counts an ALARM during the rollout, before the fault was confirmed in effect', () => {
    const c = firesCheck([[35, 'ALARM']]);
    expect(c.ok).toBe(true);
    expect(c.observed).toBe('ALARM 5s before small-pool was fully in effect (5s after injection)');
    expect(c.data?.timeToAlarmSeconds).toBe(-5);
  });

  it('fails with a message naming the alarm and saying it stayed OK when it never fired', () => {
    const c = firesCheck([]);
    expect(c.ok).toBe(false);
    expect(c.observed).toBe('stayed OK');
    expect(c.message).toBe(
      `Alarm ${POOL} stayed OK for the whole drill: it never fired within 1m of small-pool (injected 12:00:30 UTC, in effect 12:00:40 UTC). Check the alarm's threshold/periods or the fault's effect.`,
    );
  });

  it('says which states it held when it never fired', () => {
    expect(firesCheck([[50, 'INSUFFICIENT_DATA']]).observed).toBe('stayed OK then INSUFFICIENT_DATA');
  });

  it('fails when the alarm was already in ALARM at the injection, even if it flaps later', () => {
    const c = firesCheck([[60, 'OK'], [70, 'ALARM']], {}, 'ALARM');
    expect(c.ok).toBe(false);
    expect(c.message).toContain('already in ALARM');
    expect(c.message).toContain('cannot tell cause from coincidence');
  });

  it('fails when an ALARM before the injection was still on at the injection', () => {
    const c = firesCheck([[10, 'ALARM']]);
    expect(c.ok).toBe(false);
    expect(c.message).toContain('(since 12:00:10 UTC)');
  });

  it('fails clearly when the alarm does not exist or no evidence was collected', () => {
    const missing = { ...alarm(POOL), exists: false };
    const c = only(alarmChecks(drill({ experiment: experiment({ alarms: [fires(POOL, 60)] }), alarms: [missing] })), 'alarm-fires');
    expect(c).toMatchObject({ ok: false, observed: 'alarm does not exist' });
    expect(c.message).toContain(`Alarm ${POOL} does not exist`);
    const none = only(alarmChecks(drill({ experiment: experiment({ alarms: [fires(POOL, 60)] }), alarms: [] })), 'alarm-fires');
    expect(none).toMatchObject({ ok: false, observed: 'no alarm history collected' });
  });

  it('fails when the fault it is timed against was never injected, quoting why', () => {
    const c = firesCheck([[50, 'ALARM']], { faults: [smallPool({ injectedAtMs: undefined, effectiveAtMs: undefined, restoredAtMs: undefined, error: 'AccessDenied on secretsmanager:PutSecretValue' })] });
    expect(c.ok).toBe(false);
    expect(c.message).toContain('never injected: AccessDenied on secretsmanager:PutSecretValue');
  });

  it('carries the expectation strictness', () => {
    const c = only(alarmChecks(drill({ experiment: experiment({ alarms: [fires(POOL, 60, undefined, false)] }), alarms: [alarm(POOL)] })), 'alarm-fires');
    expect(c).toMatchObject({ ok: false, strict: false });
  });
});

const recovers = (changes: Array<[number, string]>, over: Parameters<typeof drill>[0] = {}) =>
  only(alarmChecks(drill({ experiment: experiment({ alarms: [fires(POOL, 60, 90)] }), alarms: [alarm(POOL, changes)], ...over })), 'alarm-recovers');

describe('alarm recovers', () => {
  it('passes and reports time to recover from the restore', () => {
    const c = recovers([[60, 'ALARM'], [125, 'OK']]);
    expect(c).toMatchObject({ ok: true, observed: 'OK 35s after the restore', expected: 'OK within 1m30s of the restore of small-pool' });
    expect(c.data?.timeToRecoverSeconds).toBe(35);
  });

  it('accepts an OK at the last instant of the allowance', () => {
    expect(recovers([[60, 'ALARM'], [180, 'OK']])).toMatchObject({ ok: true, observed: 'OK 1m30s after the restore' });
    expect(recovers([[60, 'ALARM'], [181, 'OK']])).toMatchObject({ ok: false, observed: 'OK 1m31s after the restore' });
  });

  it('takes the last return to OK when the alarm flaps after the restore', () => {
    const c = recovers([[60, 'ALARM'], [100, 'OK'], [110, 'ALARM'], [140, 'OK']]);
    expect(c.ok).toBe(true);
    expect(c.data?.timeToRecoverSeconds).toBe(50);
  });

  it('reports zero when the alarm was back to OK before the restore', () => {
    const c = recovers([[60, 'ALARM'], [80, 'OK']]);
    expect(c).toMatchObject({ ok: true, observed: 'already OK when small-pool was restored' });
    expect(c.data?.timeToRecoverSeconds).toBe(0);
  });

  it('fails too late with the measured time when OK came after the allowance', () => {
    const c = recovers([[60, 'ALARM'], [190, 'OK']]);
    expect(c).toMatchObject({ ok: false, observed: 'OK 1m40s after the restore' });
    expect(c.message).toContain('recovered too late');
    expect(c.data?.timeToRecoverSeconds).toBe(100);
  });

  it('fails when the alarm never returned to OK', () => {
    const c = recovers([[60, 'ALARM']]);
    expect(c).toMatchObject({ ok: false, observed: 'still ALARM 1m30s after the restore' });
    expect(c.message).toContain('still ALARM 1m30s after small-pool was restored (12:01:30 UTC)');
  });

  it('fails when the evidence ended before the allowance ran out and the alarm was still in ALARM', () => {
    const c = recovers([[60, 'ALARM']], { endMs: Date.UTC(2025, 0, 1, 12, 2, 0) });
    expect(c.ok).toBe(false);
    expect(c.observed).toBe('still ALARM when the evidence ended, 30s after the restore');
  });

  it('fails when the alarm never fired: there was nothing to recover from', () => {
    const c = recovers([]);
    expect(c).toMatchObject({ ok: false, observed: 'never in ALARM, nothing to recover from' });
  });

  it('fails when the fault was never restored', () => {
    const c = recovers([[60, 'ALARM'], [100, 'OK']], { faults: [smallPool({ restoredAtMs: undefined, restoreVerified: false })] });
    expect(c).toMatchObject({ ok: false, observed: 'small-pool was never restored' });
  });
});

describe('quiet alarm', () => {
  const quietCheck = (a: ReturnType<typeof alarm>) => only(alarmChecks(drill({ experiment: experiment({ alarms: [quiet(a.name)] }), alarms: [a] })), 'alarm-quiet');

  it('passes when it never reached ALARM from load start to the end of the evidence', () => {
    const c = quietCheck(alarm('sandbox-5xx', [[50, 'INSUFFICIENT_DATA'], [60, 'OK']]));
    expect(c).toMatchObject({ ok: true, observed: 'stayed OK then INSUFFICIENT_DATA' });
  });

  it('fails naming the alarm, the time, the phase and the reason when it fired', () => {
    const c = quietCheck(alarm('sandbox-5xx', [[65, 'ALARM'], [80, 'OK']]));
    expect(c.ok).toBe(false);
    expect(c.observed).toBe('ALARM at 12:01:05 UTC, 1m5s into the load');
    expect(c.message).toContain('Alarm sandbox-5xx fired at 12:01:05 UTC, 1m5s into the load (phase small-pool)');
    expect(c.message).toContain('Threshold Crossed');
  });

  it('fails when it fires during settle, after the load', () => {
    const c = quietCheck(alarm('sandbox-5xx', [[200, 'ALARM']]));
    expect(c.ok).toBe(false);
    expect(c.message).toContain('after the load (settle)');
  });

  it('fails when it was already in ALARM at load start', () => {
    const c = quietCheck(alarm('sandbox-5xx', [], 'ALARM'));
    expect(c).toMatchObject({ ok: false, observed: 'already ALARM when the load started' });
  });

  it('fails when the alarm does not exist: quiet because absent proves nothing', () => {
    const c = quietCheck({ ...alarm('sandbox-typo'), exists: false });
    expect(c.ok).toBe(false);
  });
});
