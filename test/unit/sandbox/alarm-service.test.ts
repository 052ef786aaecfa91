// createCloudWatch: one ServiceDefinition with both the metric and the alarm operations, the evaluator wired to the
// metric store, and state restored from the stores' snapshots.
import { describe, expect, it } from 'vitest';
import { createCloudWatch } from '../../../sandbox/aws/cloudwatch/index.ts';
import type { RequestContext } from '../../../sandbox/aws/protocol.ts';

const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);
const ctx = (now: number): RequestContext => ({ requestId: 'r', now, region: 'us-east-1', accountId: '000000000000' });

describe('createCloudWatch', () => {
  it('serves CloudWatch on the JSON 1.0 protocol with metric and alarm operations, marking the mutating ones', () => {
    const { service, evaluator } = createCloudWatch({ evaluate: false });
    expect(service).toMatchObject({
      name: 'cloudwatch',
      targetPrefix: 'GraniteServiceVersion20100801',
      contentType: 'application/x-amz-json-1.0',
      awsQueryCompatible: true,
    });
    for (const op of ['PutMetricData', 'GetMetricData', 'PutMetricAlarm', 'DescribeAlarms', 'DeleteAlarms', 'SetAlarmState', 'DescribeAlarmHistory']) {
      expect(service.operations[op], op).toBeTypeOf('function');
    }
    expect([...service.mutating].sort()).toEqual(['DeleteAlarms', 'PutMetricAlarm', 'PutMetricData', 'SetAlarmState']);
    expect(evaluator.running).toBe(false);
  });

  it('starts the evaluator by default, and it stops', () => {
    const { evaluator } = createCloudWatch();
    expect(evaluator.running).toBe(true);
    evaluator.stop();
    expect(evaluator.running).toBe(false);
  });

  it('evaluates alarms against metrics put through the same service', async () => {
    let now = T0;
    const cw = createCloudWatch({ clock: () => now, evaluate: false });
    const ops = cw.service.operations;
    await ops.PutMetricAlarm?.(
      { AlarmName: 'errors', Namespace: 'CoreAPI', MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 3, ComparisonOperator: 'GreaterThanOrEqualToThreshold' },
      ctx(now),
    );
    await ops.PutMetricData?.({ Namespace: 'CoreAPI', MetricData: [{ MetricName: 'Errors', Value: 4, Timestamp: (T0 + 10_000) / 1000 }] }, ctx(T0 + 20_000));
    now = T0 + 60_000;
    expect(cw.evaluator.evaluateAll(now).transitions).toBe(1);
    const out = (await ops.DescribeAlarms?.({ AlarmNames: ['errors'] }, ctx(now))) as { MetricAlarms: { StateValue: string; AlarmArn: string }[] };
    expect(out.MetricAlarms[0]).toMatchObject({ StateValue: 'ALARM', AlarmArn: 'arn:aws:cloudwatch:us-east-1:000000000000:alarm:errors' });
  });

  it('restores both stores from their snapshots', async () => {
    const first = createCloudWatch({ evaluate: false });
    await first.service.operations.PutMetricAlarm?.(
      { AlarmName: 'kept', Namespace: 'CoreAPI', MetricName: 'Errors', Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, Threshold: 3, ComparisonOperator: 'GreaterThanThreshold' },
      ctx(T0),
    );
    await first.service.operations.PutMetricData?.({ Namespace: 'CoreAPI', MetricData: [{ MetricName: 'Errors', Value: 1, Timestamp: T0 / 1000 }] }, ctx(T0));
    const saved = JSON.parse(JSON.stringify({ metrics: first.metrics.snapshot(), alarms: first.alarms.snapshot() }));
    const second = createCloudWatch({ evaluate: false, restore: saved });
    expect(second.alarms.get('kept')).toEqual(first.alarms.get('kept'));
    expect(second.metrics.stats().metrics).toBe(1);
    expect(second.alarms.history.size()).toBe(1);
  });
});
