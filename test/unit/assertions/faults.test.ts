import { describe, expect, it } from 'vitest';
import { faultChecks } from '../../../assertions/faults.ts';
import { drill, smallPool } from './drill-builder.ts';

describe('fault restored', () => {
  it('passes a fault restored and verified, with how long it was in effect', () => {
    const [c] = faultChecks(drill());
    expect(c).toMatchObject({ kind: 'fault-restored', name: 'fault small-pool restored', ok: true, strict: true, observed: 'restored 12:01:30 UTC after 50s in effect, verified' });
    expect(c!.data).toMatchObject({ heldSeconds: 50 });
  });

  it('counts the time in effect until the restore began when the restore took a while', () => {
    const [c] = faultChecks(drill({ faults: [smallPool({ restoreStartedAtMs: Date.UTC(2025, 0, 1, 12, 1, 20), restoredAtMs: Date.UTC(2025, 0, 1, 12, 1, 35) })] }));
    expect(c).toMatchObject({ ok: true, observed: 'restored 12:01:35 UTC after 40s in effect, verified' });
  });

  it('fails strictly, naming the fault and the way out, when it was never restored', () => {
    const [c] = faultChecks(drill({ faults: [smallPool({ restoredAtMs: undefined, restoreVerified: false, error: 'ThrottlingException on UpdateService' })] }));
    expect(c).toMatchObject({ ok: false, strict: true, observed: 'injected 12:00:30 UTC, never restored' });
    expect(c!.message).toContain('Fault small-pool (shrink-db-pool) was injected 12:00:30 UTC and never restored: ThrottlingException on UpdateService');
    expect(c!.message).toContain('firedrill restore --run');
  });

  it('fails strictly when the restore ran but was not verified', () => {
    const [c] = faultChecks(drill({ faults: [smallPool({ restoreVerified: false })] }));
    expect(c).toMatchObject({ ok: false, strict: true, observed: 'restored 12:01:30 UTC after 50s in effect, not verified' });
  });

  it('fails when a completed drill never injected a planned fault, including one with no record at all', () => {
    expect(faultChecks(drill({ faults: [smallPool({ injectedAtMs: undefined, effectiveAtMs: undefined, restoredAtMs: undefined })] }))[0]).toMatchObject({ ok: false, observed: 'never injected' });
    expect(faultChecks(drill({ faults: [] }))[0]).toMatchObject({ ok: false, observed: 'never injected' });
  });

  it('passes a fault the drill never reached because it was aborted first', () => {
    const [c] = faultChecks(drill({ outcome: 'aborted', abortReason: 'guardrail maxErrorRate', faults: [smallPool({ injectedAtMs: undefined, effectiveAtMs: undefined, restoredAtMs: undefined, restoreVerified: false })] }));
    expect(c).toMatchObject({ ok: true, observed: 'never injected' });
    expect(c!.message).toContain('(the drill was aborted: guardrail maxErrorRate)');
  });
});
