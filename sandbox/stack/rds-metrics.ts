// AWS/RDS DatabaseConnections for the sandbox's Postgres, read from pg_stat_activity like RDS's own metric.
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import pg from 'pg';
import { DB_INSTANCE } from './topology.ts';

export function startRdsMetrics(adminUrl: string, cloudwatch: CloudWatchClient, intervalMs: number, log: (line: string) => void): { stop(): Promise<void> } {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'sandbox:rds-metrics' });
  let connected: Promise<unknown> | undefined;
  let lastError = 0;
  const tick = async () => {
    try {
      connected ??= client.connect();
      await connected;
      const { rows } = await client.query<{ n: string }>("SELECT count(*) AS n FROM pg_stat_activity WHERE backend_type = 'client backend'");
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: 'AWS/RDS',
          MetricData: [{ MetricName: 'DatabaseConnections', Dimensions: [{ Name: 'DBInstanceIdentifier', Value: DB_INSTANCE }], Value: Number(rows[0]?.n ?? 0), Unit: 'Count', StorageResolution: 1, Timestamp: new Date() }],
        }),
      );
    } catch (err) {
      if (Date.now() - lastError > 60_000) log(`rds metrics: ${(err as Error).message}`);
      lastError = Date.now();
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  void tick();
  return {
    stop: async () => {
      clearInterval(timer);
      await client.end().catch(() => {});
    },
  };
}
