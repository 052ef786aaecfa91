// The catalogue's promises: one file per fault, the same contract, schemas the validator accepts, and the plan
// each fault prints before anything is touched.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { breakUrl } from '../../../chaos/break-db-secret.ts';
import { faultCatalogue, findFault } from '../../../chaos/catalogue.ts';
import { faultFor, faults } from '../../../chaos/faults.ts';
import { sessionBounds } from '../../../chaos/pg-sleep.ts';
import { stopTasksRecovery } from '../../../chaos/stop-tasks.ts';
import type { ServiceView, TaskView } from '../../../lib/aws/index.ts';
import { checkSchema } from '../../../lib/experiment/schema-check.ts';
import type { Environment } from '../../../lib/experiment/environment.ts';
import { projectRoot } from '../../../lib/paths.ts';

const env = { ecs: { cluster: 'sandbox', service: 'core-api' }, database: { secretId: 'sandbox/core-api/db' } } as Environment;

const valid: Record<string, Record<string, unknown>> = {
  'shrink-db-pool': { poolMax: 2 },
  'break-db-secret': { mode: 'wrong-password' },
  'pg-sleep': { mode: 'lock', tables: ['appointments'] },
  'scale-service': { desiredCount: 1 },
  'stop-tasks': { count: 1 },
};

describe('fault catalogue', () => {
  it('has one file per fault, named for its action, and lists the same actions for the validator', () => {
    expect(faults.map((f) => f.action)).toEqual(['shrink-db-pool', 'break-db-secret', 'pg-sleep', 'scale-service', 'stop-tasks']);
    expect(faultCatalogue.map((f) => f.action)).toEqual(faults.map((f) => f.action));
    for (const f of faults) {
      expect(existsSync(join(projectRoot, 'chaos', `${f.action}.ts`))).toBe(true);
      expect(findFault(f.action)?.paramsSchema).toBe(f.paramsSchema);
      expect(faultFor(f.action)).toBe(f);
    }
    expect(findFault('unplug-datacenter')).toBeUndefined();
  });

  it('every fault accepts its example parameters and describes inject and restore in plain words', () => {
    for (const f of faults) {
      const params = valid[f.action] as Record<string, unknown>;
      expect(checkSchema(f.paramsSchema, params), f.action).toEqual([]);
      const plan = f.describe(params, env);
      expect(plan.length).toBeGreaterThanOrEqual(2);
      expect(plan.some((line) => line.startsWith('restore:')), `${f.action} plan says how it is restored`).toBe(true);
    }
  });

  it('rejects parameters that would be unsafe or ambiguous, naming the field', () => {
    expect(checkSchema(faultFor('pg-sleep')!.paramsSchema, { mode: 'lock', tables: ['appointments; DROP TABLE x'] })[0]?.path).toBe('tables[0]');
    expect(checkSchema(faultFor('pg-sleep')!.paramsSchema, { mode: 'connections' })[0]?.message).toContain('connections');
    expect(checkSchema(faultFor('scale-service')!.paramsSchema, { desiredCount: 1, reducePercent: 50 })).not.toEqual([]);
    expect(checkSchema(faultFor('shrink-db-pool')!.paramsSchema, { poolMax: 0 })[0]?.path).toBe('poolMax');
  });
});

describe('break-db-secret values', () => {
  const url = 'postgres://core_api:S3cret-sentinel@db.internal:5432/clinic?sslmode=require';

  it('unreachable-host points at a closed loopback port and keeps everything else', () => {
    const broken = new URL(breakUrl(url, 'unreachable-host', 'DATABASE_URL'));
    expect(broken.hostname).toBe('127.0.0.1');
    expect(broken.port).toBe('9');
    expect(broken.pathname).toBe('/clinic');
    expect(broken.searchParams.get('sslmode')).toBe('require');
  });

  it('wrong-password replaces the password with a random one', () => {
    const a = breakUrl(url, 'wrong-password', 'DATABASE_URL');
    expect(a).not.toContain('S3cret-sentinel');
    expect(new URL(a).password).toMatch(/^firedrill-wrong-[0-9a-f]{16}$/);
    expect(breakUrl(url, 'wrong-password', 'DATABASE_URL')).not.toBe(a);
    expect(new URL(a).hostname).toBe('db.internal');
  });

  it('a value that is not a URL is refused without quoting it', () => {
    expect(() => breakUrl('host=db password=S3cret-sentinel', 'wrong-password', 'DATABASE_URL')).toThrow(/key DATABASE_URL of the database secret is not a connection URL/);
    try {
      breakUrl('host=db password=S3cret-sentinel', 'wrong-password', 'DATABASE_URL');
    } catch (err) {
      expect((err as Error).message).not.toContain('S3cret');
    }
  });
});

describe('pg-sleep session bounds', () => {
  it('statement_timeout ends sessions at hold + grace even if firedrill vanishes; lock waits are short', () => {
    expect(sessionBounds(60_000, 30_000)).toEqual({ statementTimeoutMs: 90_000, lockTimeoutMs: 10_000, idleInTransactionMs: 2000 });
    expect(sessionBounds(2000, 500)).toEqual({ statementTimeoutMs: 2500, lockTimeoutMs: 2500, idleInTransactionMs: 2000 });
  });
});

describe('stop-tasks recovery', () => {
  const service = (o: Partial<ServiceView> = {}): ServiceView => ({
    arn: 'arn:aws:ecs:us-east-1:000000000000:service/sandbox/core-api', cluster: 'sandbox', name: 'core-api', desiredCount: 2, runningCount: 2, pendingCount: 0,
    deployments: [{ id: 'ecs-svc/1', status: 'PRIMARY', rolloutState: 'COMPLETED', desiredCount: 2, runningCount: 2, pendingCount: 0, failedTasks: 0, taskDefinition: 'core-api:1', createdAt: 0 }],
    ...o,
  });
  const task = (arn: string, desiredStatus = 'RUNNING', lastStatus = 'RUNNING'): TaskView => ({ arn, lastStatus, desiredStatus });

  it('is not done while a stopped task is still draining and its replacement is not running', () => {
    const r = stopTasksRecovery(service({ runningCount: 1 }), [task('t1'), task('t2', 'STOPPED')], ['t2']);
    expect(r).toEqual({ done: false, summary: 'core-api: 1/2 task(s) running' });
  });

  it('is done once the replacement runs and the service is steady', () => {
    expect(stopTasksRecovery(service(), [task('t1'), task('t3')], ['t2']).done).toBe(true);
    expect(stopTasksRecovery(service({ pendingCount: 1 }), [task('t1'), task('t3')], ['t2']).done).toBe(false);
  });

  it('does not wait for a chosen task that was never stopped (the harness died before StopTask), and says so', () => {
    const r = stopTasksRecovery(service(), [task('t1'), task('t2')], ['t2']);
    expect(r).toEqual({ done: true, summary: 'core-api: 2/2 task(s) running; 1 chosen task(s) were never stopped (the drill ended before StopTask)' });
  });
});
