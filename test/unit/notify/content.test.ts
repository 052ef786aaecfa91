import { describe, expect, it } from 'vitest';
import { alarmLine, buildContent, clean, orderChecks, plainText } from '../../../lib/notify/content.ts';
import { forgetSecretsForTests, rememberSecret } from '../../../lib/safety/secret-values.ts';
import { check, firingAlarm, notifyReport } from '../../support/notify-report.ts';

const where = { runDir: '/work/reports/runs/20261121T234157Z-pool-exhaustion' };

describe('notification content', () => {
  it('titles the verdict, experiment and environment', () => {
    expect(buildContent(notifyReport(), where).title).toBe('firedrill PASS: pool-exhaustion on staging');
    expect(buildContent(notifyReport({ verdict: 'fail', exitCode: 1 }), where).title).toBe('firedrill FAIL: pool-exhaustion on staging');
  });

  it('lists failed strict checks first, then warnings, then passes, each group in report order', () => {
    const checks = [check('a ok', true), check('b warn', false, false), check('c FAIL', false), check('d ok', true), check('e FAIL', false)];
    expect(orderChecks(checks).map((c) => c.name)).toEqual(['c FAIL', 'e FAIL', 'b warn', 'a ok', 'd ok']);
    const content = buildContent(notifyReport({ checks, verdict: 'fail' }), where);
    expect(content.checks.map((c) => c.mark)).toEqual(['FAIL', 'FAIL', 'warn', 'ok', 'ok']);
    expect(content.headline).toBe('2 strict checks failed (1 warning).');
  });

  it('puts checks not judged (their fault was skipped on a game day) after warnings, and says so for their alarms', () => {
    const checks = [check('a ok', true), { ...check('b skipped', true), skipped: { reason: 'fault small-pool was skipped' } }, check('c warn', false, false)];
    const faults = [{ id: 'small-pool', action: 'shrink-db-pool', plannedAt: '', plannedHoldSeconds: 60, injectedAt: null, effectiveAt: null, restoredAt: null, heldSeconds: null, restoreVerified: false, params: {}, skipped: { at: '', reason: 'operator' } }];
    const content = buildContent(notifyReport({ checks, faults, alarms: [firingAlarm('pool-wait', { timeToAlarmSeconds: null })] }), where);
    expect(content.checks.map((c) => c.mark)).toEqual(['warn', 'skip', 'ok']);
    expect(content.facts.find((f) => f.label === 'Checks')?.value).toBe('1 ok, 1 warning, 0 failed, 1 skipped');
    expect(content.alarms).toEqual(['pool-wait: not judged (small-pool was skipped)']);
  });

  it('shows at most 15 checks and counts the rest, keeping every failure when there are many passes', () => {
    const checks = [...Array.from({ length: 30 }, (_, i) => check(`pass ${i}`, true)), check('late failure', false)];
    const content = buildContent(notifyReport({ checks, verdict: 'fail' }), where);
    expect(content.checks).toHaveLength(15);
    expect(content.checks[0]).toMatchObject({ mark: 'FAIL', name: 'late failure' });
    expect(content.moreChecks).toBe(16);
    expect(plainText(content)).toContain('  ... and 16 more\n');
  });

  it('scrubs credentials out of every string taken from the report', () => {
    const leaky = check('db check', false, true, { observed: 'connect to postgres://app:hunter2secret@db:5432/core failed', expected: 'password=hunter2secret never shown' });
    const content = buildContent(notifyReport({ checks: [leaky], verdict: 'fail', abortReason: 'postgres://app:hunter2secret@db/core' }), { ...where, reportUrl: 'https://ci:hunter2secret@ci.example.com/artifacts/1' });
    const text = plainText(content);
    expect(text).not.toContain('hunter2secret');
    expect(text).toContain('postgres://app:[redacted]@db:5432/core');
    expect(text).toContain('https://ci:[redacted]@ci.example.com/artifacts/1');
  });

  it('gives time to alarm and time to recover for each alarm expected to fire, against its targets', () => {
    const content = buildContent(notifyReport(), where);
    expect(content.alarms).toEqual(['staging-core-api-pool-wait: ALARM 26s after small-pool (target 1m); OK 22s after the restore (target 1m)']);
    expect(alarmLine(firingAlarm('a', { timeToAlarmSeconds: null, ok: false }))).toBe('a: never reached ALARM (target 1m)');
    expect(alarmLine(firingAlarm('a', { timeToRecoverSeconds: null }))).toBe('a: ALARM 26s after small-pool (target 1m); not back to OK by the end (target 1m)');
  });

  it('says where the report is: the run directory and, when given, a URL', () => {
    const text = plainText(buildContent(notifyReport(), { ...where, reportUrl: 'https://ci.example.com/run/1' }));
    expect(text).toContain(`Report: ${where.runDir}\n        https://ci.example.com/run/1\n`);
  });

  it('carries the facts: verdict with exit code, run id, checks, load', () => {
    const facts = Object.fromEntries(buildContent(notifyReport(), where).facts.map((f) => [f.label, f.value]));
    expect(facts).toMatchObject({
      Verdict: 'PASS (exit 0)', Run: '20261121T234157Z-pool-exhaustion', Checks: '1 ok, 1 warning, 0 failed',
      Started: '2026-11-21 23:41:57Z, ran 3m13s', Load: '3214 requests, 18.2 req/s, errors 0.093 %, p95 45.2 ms',
    });
  });

  it('an aborted drill says why', () => {
    expect(buildContent(notifyReport({ verdict: 'aborted', abortReason: 'guardrail sandbox-5xx fired' }), where).headline).toBe('The drill was aborted: guardrail sandbox-5xx fired; every fault was restored.');
  });

  it('cuts long lines on a code point, flattening whitespace', () => {
    expect(clean('a\n\tb', 10)).toBe('a b');
    expect(clean('😀😀😀😀', 3)).toBe('😀😀…');
  });
});

describe('secret values the process has seen', () => {
  it('never reach the content, wherever they appear in the report', () => {
    rememberSecret('https://hooks.slack.com/services/T1/B1/tokenvalue42');
    try {
      const leaky = check('note', false, false, { observed: 'pasted https://hooks.slack.com/services/T1/B1/tokenvalue42 by mistake' });
      const text = plainText(buildContent(notifyReport({ checks: [leaky] }), where));
      expect(text).not.toContain('tokenvalue42');
      expect(text).toContain('pasted *** by mistake');
    } finally {
      forgetSecretsForTests();
    }
  });
});
