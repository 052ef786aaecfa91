// AWS/ECS CPUUtilization and MemoryUtilization measured from the task processes and sent with the real CloudWatch
// SDK client to the sandbox CloudWatch, read back with GetMetricData the way the harness's evidence collector will:
// a service whose task burns CPU reads high, an idle one low, each under its own ClusterName/ServiceName.
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER, createService, eventually, registerTaskDefinition, startStack, waitForSteady, type Stack } from './fixtures/reconciler-stack.ts';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ metrics: { intervalMs: 1000 } });
  await registerTaskDefinition(stack.ecs, { family: 'busy', environment: { FIXTURE_BURN_CPU: '1' } });
  await registerTaskDefinition(stack.ecs, { family: 'idle' });
  // No load balancer: usage is published for every service task, balanced or not.
  await createService(stack.ecs, { serviceName: 'busy', taskDefinition: 'busy', desiredCount: 1, loadBalancers: [] });
  await createService(stack.ecs, { serviceName: 'idle', taskDefinition: 'idle', desiredCount: 1, loadBalancers: [] });
  await waitForSteady(stack.ecs, 'busy', 1);
  await waitForSteady(stack.ecs, 'idle', 1);
});

afterAll(async () => {
  await stack?.close();
});

/** The newest 1-second datapoint of a metric for a service, or undefined if none yet. */
async function latest(metric: 'CPUUtilization' | 'MemoryUtilization', service: string): Promise<number | undefined> {
  const now = Date.now();
  const out = await stack.cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(now - 60_000),
      EndTime: new Date(now + 1000),
      ScanBy: 'TimestampDescending',
      MetricDataQueries: [
        {
          Id: 'm',
          MetricStat: {
            Metric: { Namespace: 'AWS/ECS', MetricName: metric, Dimensions: [{ Name: 'ClusterName', Value: CLUSTER }, { Name: 'ServiceName', Value: service }] },
            Period: 1,
            Stat: 'Maximum',
          },
        },
      ],
    }),
  );
  return out.MetricDataResults?.[0]?.Values?.[0];
}

describe('reconciler usage metrics', () => {
  it('publishes CPUUtilization that tells a busy task from an idle one', async () => {
    // The first value of a task covers its start-up (tsx compiling), so wait for a steady reading.
    await eventually(async () => {
      const busy = await latest('CPUUtilization', 'busy');
      const idle = await latest('CPUUtilization', 'idle');
      // The fixture spins 60 ms of every 100 ms of wall time: up to 60 % of 1 vCPU, much less when the machine is
      // busy (the spin is descheduled), so the bounds are loose and the comparison is relative.
      expect(busy).toBeGreaterThan(15);
      expect(busy).toBeLessThan(110);
      expect(idle).toBeLessThan(10);
      expect(busy! - idle!).toBeGreaterThan(10);
    }, 30_000, 500);
  });

  it('publishes MemoryUtilization as a share of the notional 512 MiB task', async () => {
    const memory = await eventually(async () => {
      const value = await latest('MemoryUtilization', 'idle');
      if (value === undefined) throw new Error('no MemoryUtilization yet');
      return value;
    }, 10_000, 500);
    // A Node process with tsx holds at least ~25 MiB (5 %) and far less than 512 MiB.
    expect(memory).toBeGreaterThan(5);
    expect(memory).toBeLessThan(80);
  });
});
