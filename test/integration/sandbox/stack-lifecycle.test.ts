import { execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { UpdateServiceCommand, ListTasksCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firedrill } from '../../support/cli.ts';
import { send, waitFor } from '../../support/load.ts';
import { describeService, sandboxDown, sandboxEnv, sandboxUp, waitSteady, TEST_STATE_DIR, type TestSandbox } from '../../support/sandbox.ts';

/** Processes whose command line contains `pattern`; with `parent`, only that process's children. */
function processesMatching(pattern: string, parent?: number): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter(([pid, ppid, ...args]) => pid && args.join(' ').includes(pattern) && (parent === undefined || Number(ppid) === parent))
    .map(([pid]) => Number(pid));
}

function portRefuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('sandbox lifecycle', () => {
  let sb: TestSandbox;
  // The core-api task processes of THIS sandbox: children of its supervisor (another sandbox may be running).
  const tasks = () => processesMatching('sandbox/service/main.ts', sb.state.pid);
  const seen = { tasks: new Set<number>(), postgres: new Set<number>() };

  beforeAll(async () => {
    sb = await sandboxUp();
  });

  afterAll(async () => {
    await sandboxDown();
  });

  it('starts, prints its endpoints and serves the API through the load balancer', async () => {
    expect(sb.upOutput).toContain(`load balancer (target)  ${sb.state.lbUrl}`);
    expect(sb.upOutput).toContain(`AWS endpoint            ${sb.state.awsEndpoint}`);
    expect(sb.upOutput).not.toContain(sb.state.dbAdminUrl);
    console.log(`sandbox up took ${(sb.upMs / 1000).toFixed(1)}s`);
    const health = await send(sb.state.lbUrl, { path: '/health' });
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body).status).toBe('healthy');
    const patient = await send(sb.state.lbUrl, { path: '/v1/patients/11', headers: { 'x-org-id': '1' } });
    expect(patient.status).toBe(200);
    const svc = await waitSteady(sb);
    expect(svc.runningCount).toBe(2);
    for (const pid of tasks()) seen.tasks.add(pid);
    for (const pid of processesMatching(`${TEST_STATE_DIR}/sandbox/pg`)) seen.postgres.add(pid);
    expect(seen.tasks.size).toBe(2);
    expect(seen.postgres.size).toBeGreaterThan(0);
  });

  it('reports tasks, deployments and alarms in status', async () => {
    const status = await firedrill(['sandbox', 'status'], { env: sandboxEnv });
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/service core-api: 2 running \/ 2 desired/);
    expect(status.stdout).toMatch(/PRIMARY\s+ecs-svc\/\d+ core-api:1 COMPLETED/);
    expect(status.stdout).toMatch(/sandbox-pool-wait/);
    expect(status.stdout).toMatch(/sandbox-healthy-hosts-low/);
  });

  it('runs desiredCount tasks as processes: 3 -> 1 leaves one task process and HealthyHostCount 1', async () => {
    await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', desiredCount: 3 }));
    await waitSteady(sb);
    expect(tasks()).toHaveLength(3);
    for (const pid of tasks()) seen.tasks.add(pid);
    await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', desiredCount: 1 }));
    await waitSteady(sb);
    await waitFor('two task processes to exit', async () => (tasks().length === 1 ? true : undefined), 60_000);
    const running = await sb.ecs.send(new ListTasksCommand({ cluster: 'sandbox', serviceName: 'core-api' }));
    expect(running.taskArns).toHaveLength(1);
    expect((await describeService(sb)).runningCount).toBe(1);
    const healthy = await waitFor(
      'HealthyHostCount 1',
      async () => {
        const now = Date.now();
        const out = await sb.cloudwatch.send(
          new GetMetricDataCommand({
            StartTime: new Date(now - 30_000),
            EndTime: new Date(now),
            MetricDataQueries: [
              {
                Id: 'healthy',
                MetricStat: {
                  Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HealthyHostCount', Dimensions: [{ Name: 'LoadBalancer', Value: 'app/sandbox-alb/0000000000000000' }, { Name: 'TargetGroup', Value: 'targetgroup/core-api/0000000000000000' }] },
                  Period: 10,
                  Stat: 'Maximum',
                },
              },
            ],
          }),
        );
        const newest = out.MetricDataResults?.[0]?.Values?.[0];
        return newest === 1 ? newest : undefined;
      },
      45_000,
      1000,
    );
    expect(healthy).toBe(1);
    await sb.ecs.send(new UpdateServiceCommand({ cluster: 'sandbox', service: 'core-api', desiredCount: 2 }));
    await waitSteady(sb);
  });

  it('stops every process it started and frees every port on down', async () => {
    const urls = [sb.state.lbUrl, sb.state.awsEndpoint, `tcp://${new URL(sb.state.dbAdminUrl).host}`];
    for (const pid of tasks()) seen.tasks.add(pid);
    await sandboxDown();
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(sb.state.pid)).toBe(false);
    expect([...seen.tasks].filter(alive)).toEqual([]);
    expect([...seen.postgres].filter(alive)).toEqual([]);
    for (const url of urls) expect(await portRefuses(url), url).toBe(true);
    // afterAll's down is then a no-op, which must also succeed.
    const again = await firedrill(['sandbox', 'down'], { env: sandboxEnv });
    expect(again.stdout).toContain('no sandbox is running');
  });
});
