// planLaunch: what a start-task action becomes on this machine, decided before any process exists.
import { describe, expect, it } from 'vitest';
import type { StartTaskAction } from '../../../sandbox/aws/ecs/index.ts';
import { createSecretsManager } from '../../../sandbox/aws/secretsmanager/index.ts';
import { INHERITED_ENV, planLaunch, type LaunchContext } from '../../../sandbox/ecs/launch-plan.ts';


function action(overrides: Partial<StartTaskAction['containers'][number]> = {}, extra: Partial<StartTaskAction> = {}): StartTaskAction {
  return {
    type: 'start-task',
    taskArn: 'arn:aws:ecs:us-east-1:000000000000:task/sandbox/0123456789abcdef0123456789abcdef',
    taskId: '0123456789abcdef0123456789abcdef',
    clusterArn: 'arn:aws:ecs:us-east-1:000000000000:cluster/sandbox',
    serviceName: 'core-api',
    group: 'service:core-api',
    taskDefinitionArn: 'arn:aws:ecs:us-east-1:000000000000:task-definition/core-api:3',
    family: 'core-api',
    revision: 3,
    containers: [
      { name: 'api', image: 'firedrill/reference-api', essential: true, environment: {}, secrets: [], portMappings: [{ containerPort: 8080 }], ...overrides },
    ],
    loadBalancers: [],
    stopTimeoutMs: 30_000,
    ...extra,
  };
}

let arn = '';

/** A real SecretStore holding one JSON secret (its ARN in `arn`), resolved in-process as the reconciler does. */
function context(secret: Record<string, string> = { DATABASE_URL: 'postgres://app:hunter2@127.0.0.1/db', DB_POOL_MAX: '10' }): LaunchContext {
  const { store } = createSecretsManager();
  arn = store.createSecret({ name: 'sandbox/core-api/db', secretString: JSON.stringify(secret) }, { now: Date.now(), region: 'us-east-1', accountId: '000000000000' }).ARN;
  return {
    images: { 'firedrill/reference-api': { command: '/usr/bin/node', args: ['--import', 'tsx', 'sandbox/service/main.ts'], cwd: '/repo' } },
    secrets: store,
    baseEnv: { AWS_ENDPOINT_URL: 'http://127.0.0.1:4566', AWS_REGION: 'us-east-1', SERVICE_NAME: 'from-base' },
    hostEnv: { PATH: '/usr/bin', HOME: '/home/op', AWS_PROFILE: 'production', AWS_SECRET_ACCESS_KEY: 'real-key' },
  };
}

describe('planLaunch', () => {
  it('runs the image program with the container command appended, in the image cwd', () => {
    const result = planLaunch(action({ command: ['--verbose'] }), context());
    expect(result).toMatchObject({ ok: true, plan: { command: '/usr/bin/node', args: ['--import', 'tsx', 'sandbox/service/main.ts', '--verbose'], cwd: '/repo', containerName: 'api' } });
  });

  it('builds the environment: a few host variables, then the env option, the container environment, the secrets, TASK_ID', () => {
    const ctx = context();
    const result = planLaunch(
      action({
        environment: { SERVICE_NAME: 'core-api', TASK_ID: 'spoofed', DB_POOL_MAX: 'overridden by the secret' },
        secrets: [
          { name: 'DATABASE_URL', valueFrom: `${arn}:DATABASE_URL::` },
          { name: 'DB_POOL_MAX', valueFrom: `${arn}:DB_POOL_MAX::` },
        ],
      }),
      ctx,
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.plan.env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/op',
      AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      AWS_REGION: 'us-east-1',
      SERVICE_NAME: 'core-api',
      DATABASE_URL: 'postgres://app:hunter2@127.0.0.1/db',
      DB_POOL_MAX: '10',
      TASK_ID: '0123456789abcdef0123456789abcdef',
    });
    // The operator's credentials and profile never reach a task.
    expect(INHERITED_ENV).not.toContain('AWS_PROFILE');
    expect(result.plan.env.PORT).toBeUndefined();
  });

  it('fails with the resolver reason, naming the key and never the value, when a json key is missing', () => {
    const ctx = context({ DATABASE_URL: 'postgres://app:hunter2@127.0.0.1/db' });
    const result = planLaunch(action({ secrets: [{ name: 'DATABASE_URL', valueFrom: `${arn}:DATABASE_URL::` }, { name: 'DB_POOL_MAX', valueFrom: `${arn}:DB_POOL_MAX::` }] }), ctx);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/^ResourceInitializationError: unable to pull secrets or registry auth: .*did not contain json key DB_POOL_MAX$/);
    expect(result.reason).not.toContain('hunter2');
  });

  it('fails when the secret does not exist', () => {
    const result = planLaunch(action({ secrets: [{ name: 'DATABASE_URL', valueFrom: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:sandbox/other-AbCdEf:DATABASE_URL::' }] }), context());
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('ResourceNotFoundException') });
  });

  it('refuses a secret injected as PORT or TASK_ID, which the sandbox sets itself', () => {
    const ctx = context();
    const result = planLaunch(action({ secrets: [{ name: 'PORT', valueFrom: `${arn}:DB_POOL_MAX::` }] }), ctx);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('secret PORT: PORT is set by the sandbox') });
  });

  it('fails an image the sandbox cannot run with CannotPullContainerError, listing the known ones', () => {
    const result = planLaunch(action({ image: 'nginx:latest' }), context());
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/^CannotPullContainerError: image nginx:latest .*known images: firedrill\/reference-api/) });
  });

  it('runs exactly one container per task', () => {
    const two = action();
    two.containers.push({ ...two.containers[0]!, name: 'log-router' });
    expect(planLaunch(two, context())).toMatchObject({ ok: false, reason: expect.stringContaining('has 2 (api, log-router)') });
    expect(planLaunch(action({}, { containers: [] }), context())).toMatchObject({ ok: false, reason: expect.stringContaining('has 0 (none)') });
  });

  it('waits for a port only when the container maps one or sits behind a load balancer', () => {
    const plan = (a: StartTaskAction) => {
      const r = planLaunch(a, context());
      if (!r.ok) throw new Error(r.reason);
      return r.plan;
    };
    expect(plan(action()).listens).toBe(true);
    expect(plan(action({ portMappings: [] })).listens).toBe(false);
    expect(plan(action({ portMappings: [] }, { loadBalancers: [{ targetGroupArn: 'tg', containerName: 'api', containerPort: 8080 }] })).listens).toBe(true);
  });
});
