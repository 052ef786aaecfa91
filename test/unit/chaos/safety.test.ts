import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { arnAccountIdentity, callerAccountIdentity, checkAccountAllowlist } from '../../../lib/safety/account.ts';
import { checkConnectionBudget, SafetyRefusal, scaleTarget, tasksToStop } from '../../../lib/safety/blast-radius.ts';
import { isStale, markerTags, ownerTag, readMarker, refuseBusy, STALE_AFTER_MS } from '../../../lib/safety/marker.ts';
import { guardProduction } from '../../../lib/safety/production.ts';

const deadPid = () => Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString());

describe('blast radius', () => {
  it('scale-service never goes below one task unless allowZero', () => {
    expect(scaleTarget(4, { desiredCount: 1 })).toBe(1);
    expect(scaleTarget(4, { reducePercent: 50 })).toBe(2);
    expect(scaleTarget(3, { reducePercent: 50 })).toBe(1);
    expect(() => scaleTarget(2, { reducePercent: 100 })).toThrow(/would stop every task.*reducePercent: 100 of 2 task\(s\) leaves 0/);
    expect(() => scaleTarget(2, { desiredCount: 0 })).toThrow(SafetyRefusal);
    expect(scaleTarget(2, { desiredCount: 0, allowZero: true })).toBe(0);
  });

  it('stop-tasks keeps one task running unless allowAll', () => {
    expect(tasksToStop(4, { count: 1 })).toBe(1);
    expect(tasksToStop(4, { percent: 50 })).toBe(2);
    expect(tasksToStop(3, { percent: 10 })).toBe(1);
    expect(() => tasksToStop(2, { count: 2 })).toThrow(/would stop all 2 running task\(s\) \(asked for count: 2\)/);
    expect(() => tasksToStop(2, { percent: 100 })).toThrow(SafetyRefusal);
    expect(tasksToStop(2, { count: 5, allowAll: true })).toBe(2);
    expect(() => tasksToStop(0, { count: 1 })).toThrow(/no running task/);
  });

  it('pg-sleep leaves connections free for everyone else', () => {
    expect(() => checkConnectionBudget(10, 60, 20, 8)).not.toThrow();
    expect(() => checkConnectionBudget(33, 60, 20, 8)).toThrow(/hold 33 connection\(s\) but the database has 40 free of 60 and 8 must stay free/);
  });

  it('refusals exit 2: nothing was touched', () => {
    expect(new SafetyRefusal('x').exitCode).toBe(2);
  });
});

describe('in-progress marker', () => {
  const marker = { runId: '20260101T000000Z-abc123', operator: 'ana (on-call)', plannedEndAt: '2026-01-01T00:10:00.000Z', owner: ownerTag() };

  it('is four tags whose values follow the ECS tag character rules, and reads back', () => {
    const tags = markerTags(marker);
    expect(Object.keys(tags)).toEqual(['firedrill:drill', 'firedrill:operator', 'firedrill:planned-end', 'firedrill:owner']);
    for (const v of Object.values(tags)) expect(v).toMatch(/^[\p{L}\p{N} _.:/=+\-@]*$/u);
    expect(tags['firedrill:operator']).toBe('ana _on-call_');
    expect(readMarker(tags)).toEqual({ ...marker, operator: 'ana _on-call_' });
    expect(readMarker({ other: 'x' })).toBeUndefined();
  });

  it('is stale when its owner on this host is dead, or long past its planned end', () => {
    const now = Date.parse(marker.plannedEndAt);
    expect(isStale(marker, now)).toBe(false);
    expect(isStale({ ...marker, owner: `${hostname()}/${deadPid()}` }, now)).toBe(true);
    expect(isStale({ ...marker, owner: 'another-host/1' }, now + STALE_AFTER_MS - 1000)).toBe(false);
    expect(isStale({ ...marker, owner: 'another-host/1' }, now + STALE_AFTER_MS + 1000)).toBe(true);
  });

  it('the refusal names the running drill, and suggests restore only when it is stale', () => {
    const busy = refuseBusy('core-api', marker, Date.parse(marker.plannedEndAt));
    expect(busy.exitCode).toBe(4);
    expect(busy.message).toContain('core-api already carries a drill marker: run 20260101T000000Z-abc123 by ana (on-call), planned to end 2026-01-01T00:10:00.000Z');
    expect(busy.hint).toContain('wait for that drill');
    expect(refuseBusy('core-api', { ...marker, owner: `${hostname()}/${deadPid()}` }).hint).toContain('firedrill restore');
  });
});

describe('production guard', () => {
  const prod = { name: 'prod', file: 'environments/prod.yaml', production: true };

  it('lets non-production environments through without asking', async () => {
    await expect(guardProduction({ env: { ...prod, production: false }, allowProduction: false, ci: true, interactive: false, ask: async () => { throw new Error('asked'); } })).resolves.toBeUndefined();
  });

  it('refuses production without --allow-production, in CI, or without a terminal', async () => {
    await expect(guardProduction({ env: prod, allowProduction: false, ci: false, interactive: true })).rejects.toThrow(/marked production: true/);
    await expect(guardProduction({ env: prod, allowProduction: true, ci: true, interactive: true })).rejects.toThrow(/typed confirmation/);
    await expect(guardProduction({ env: prod, allowProduction: true, ci: false, interactive: false })).rejects.toThrow(/typed confirmation/);
  });

  it('needs the environment name typed exactly', async () => {
    await expect(guardProduction({ env: prod, allowProduction: true, ci: false, interactive: true, ask: async () => 'yes' })).rejects.toThrow(/did not match "prod"/);
    await expect(guardProduction({ env: prod, allowProduction: true, ci: false, interactive: true, ask: async () => ' prod\n' })).resolves.toBeUndefined();
  });
});

describe('account allowlist', () => {
  const env = { name: 'staging', file: 'environments/staging.yaml', accountIds: ['123456789012'] };
  const from = (arn: string) => arnAccountIdentity('the ECS service ARN', async () => arn);
  const caller = (account: string) => callerAccountIdentity({ callerIdentity: async () => ({ account }) });
  const service = (account: string) => from(`arn:aws:ecs:eu-west-1:${account}:service/staging/core-api`);

  it('passes when the caller and the service are both in a listed account, and returns the caller\'s', async () => {
    await expect(checkAccountAllowlist(env, [caller('123456789012'), service('123456789012')])).resolves.toBe('123456789012');
  });

  it('refuses credentials of another account, naming both accounts and sts:GetCallerIdentity', async () => {
    const refusal = checkAccountAllowlist(env, [caller('999999999999'), service('123456789012')]);
    await expect(refusal).rejects.toThrow('environment "staging" allows AWS account(s) 123456789012 but sts:GetCallerIdentity says account 999999999999');
    await expect(refusal).rejects.toMatchObject({ exitCode: 2 });
  });

  it('refuses a service in another account even when the credentials are listed (a cluster ARN of another account)', async () => {
    await expect(checkAccountAllowlist(env, [caller('123456789012'), service('999999999999')])).rejects.toThrow('but the ECS service ARN says account 999999999999');
  });

  it('does not go on to the next identity once one is refused', async () => {
    let asked = false;
    const later = { source: 'later', accountId: async () => ((asked = true), '123456789012') };
    await expect(checkAccountAllowlist(env, [caller('999999999999'), later])).rejects.toThrow('999999999999');
    expect(asked).toBe(false);
  });

  it('refuses an ARN it cannot read an account from', async () => {
    await expect(checkAccountAllowlist(env, [from('not-an-arn')])).rejects.toThrow('could not read an account id from the ECS service ARN');
  });

  it('does not ask for an identity when no allowlist is set', async () => {
    let asked = false;
    await checkAccountAllowlist({ ...env, accountIds: [] }, [{ source: 's', accountId: async () => ((asked = true), '1') }]);
    expect(asked).toBe(false);
  });
});
