import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CheckResult, DrillEvidence, LoadEvidence } from '../../../assertions/evidence.ts';
import { judge, verdictOf } from '../../../assertions/index.ts';
import { EvidenceStore } from '../../../lib/evidence/store.ts';
import { msToMicros } from '../../../lib/evidence/histogram.ts';
import { alarm, drill, experiment, fires, healthEvery, memoryLoad, quiet, slo, steady, type Req } from './drill-builder.ts';

const check = (ok: boolean, strict: boolean): CheckResult => ({ kind: 'slo', name: 'x', ok, strict, observed: '', expected: '', message: '' });

describe('verdictOf', () => {
  it('fails a completed drill on any failed strict check', () => {
    expect(verdictOf('completed', [check(true, true), check(false, true)])).toBe('fail');
  });

  it('passes a completed drill whose only failures are optional (warnings)', () => {
    expect(verdictOf('completed', [check(true, true), check(false, false)])).toBe('pass');
    expect(verdictOf('completed', [])).toBe('pass');
  });

  it('maps aborted and error outcomes to their verdicts whatever the checks say', () => {
    expect(verdictOf('aborted', [check(true, true)])).toBe('aborted');
    expect(verdictOf('aborted', [check(false, true)])).toBe('aborted');
    expect(verdictOf('error', [check(true, true)])).toBe('error');
    expect(verdictOf('error', [check(false, true)])).toBe('error');
  });
});

// The flagship drill, as it should look when everything works: small-pool in effect 40-90 s.
const FLAGSHIP_LOAD: Req[] = [
  ...steady({ fromS: 0, toS: 40, rps: 10, ms: 40 }),
  ...steady({ fromS: 40, toS: 90, rps: 8, ms: 600 }),
  ...steady({ fromS: 40, toS: 90, rps: 2, ms: 5, status: 503 }),
  ...steady({ fromS: 90, toS: 102, rps: 10, ms: 450 }),
  ...steady({ fromS: 102, toS: 180, rps: 10, ms: 40 }),
];

function flagship(load: LoadEvidence, over: Partial<DrillEvidence> = {}): DrillEvidence {
  return drill({
    experiment: experiment({
      alarms: [fires('sandbox-pool-wait', 60, 90), quiet('sandbox-5xx-high')],
      unexpectedAlarms: { prefix: 'sandbox-', severity: 'fail', ignore: [] },
      slo: [
        slo({ category: 'read-simple', phase: 'baseline', p95Ms: 100, p99Ms: 200 }),
        slo({ phase: 'fault', errorRateMax: 0.5 }),
        slo({ category: 'read-simple', phase: 'recovery', p95Ms: 300, withinMs: 60_000 }),
        slo({ category: 'export', phase: 'baseline', p95Ms: 5000, strict: false }),
      ],
      health: [{ phase: 'fault', status: 'degraded', strict: true }],
    }),
    alarms: [alarm('sandbox-pool-wait', [[72, 'ALARM'], [130, 'OK']]), alarm('sandbox-5xx-high')],
    scopedAlarms: [alarm('sandbox-pool-wait', [[72, 'ALARM'], [130, 'OK']]), alarm('sandbox-5xx-high'), alarm('sandbox-cpu')],
    health: [...healthEvery(0, 45, 'healthy'), ...healthEvery(45, 90, 'degraded'), ...healthEvery(90, 180, 'healthy')],
    load,
    ...over,
  });
}

describe('judge', () => {
  it('passes the flagship drill with an optional warning, reporting time to alarm, to recover and recovery time', () => {
    const { checks, verdict } = judge(flagship(memoryLoad(FLAGSHIP_LOAD)));
    expect(verdict).toBe('pass');
    expect(checks.map((c) => c.kind)).toEqual(['fault-restored', 'alarm-fires', 'alarm-recovers', 'alarm-quiet', 'unexpected-alarm', 'slo', 'slo', 'slo', 'slo', 'slo-coverage', 'recovery-time', 'health']);
    expect(checks.filter((c) => !c.ok).map((c) => [c.name, c.strict])).toEqual([['slo export in baseline', false]]);
    const byKind = (k: CheckResult['kind']) => checks.find((c) => c.kind === k)!;
    expect(byKind('alarm-fires').data?.timeToAlarmSeconds).toBe(32);
    expect(byKind('alarm-recovers').data?.timeToRecoverSeconds).toBe(40);
    expect(byKind('recovery-time').data?.recoverySeconds).toBe(12);
  });

  it('fails the flagship drill when its expected alarm never fires, and says the alarm stayed OK', () => {
    const { checks, verdict } = judge(flagship(memoryLoad(FLAGSHIP_LOAD), { alarms: [alarm('sandbox-pool-wait'), alarm('sandbox-5xx-high')] }));
    expect(verdict).toBe('fail');
    const failed = checks.find((c) => c.kind === 'alarm-fires')!;
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/^Alarm sandbox-pool-wait stayed OK for the whole drill/);
  });

  it('is aborted, not failed, when the drill was stopped, although checks fail', () => {
    const { checks, verdict } = judge(flagship(memoryLoad(FLAGSHIP_LOAD), { outcome: 'aborted', abortReason: 'guardrail maxErrorRate' }));
    expect(verdict).toBe('aborted');
    expect(checks.length).toBeGreaterThan(0);
  });

  it('is error when the harness failed', () => {
    expect(judge(flagship(memoryLoad(FLAGSHIP_LOAD), { outcome: 'error' })).verdict).toBe('error');
  });
});

describe('judge on the real evidence store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'firedrill-assertions-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the same checks from an EvidenceStore log as from the in-memory load', () => {
    const store = EvidenceStore.create(join(dir, 'evidence.hlog'));
    for (const r of FLAGSHIP_LOAD) store.record(r.atMs, r.category, r.status, msToMicros(r.ms));
    store.finish();
    const reloaded = EvidenceStore.load(join(dir, 'evidence.hlog'));
    try {
      const fromStore = judge(flagship(reloaded));
      expect(fromStore.verdict).toBe('pass');
      expect(fromStore.checks).toEqual(judge(flagship(memoryLoad(FLAGSHIP_LOAD))).checks);
    } finally {
      reloaded.dispose();
      store.dispose();
    }
  });
});
