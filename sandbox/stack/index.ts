// The sandbox: every local piece of the platform, started in order and stopped in reverse.
//   embedded Postgres (seeded once) -> AWS endpoint (CloudWatch + evaluator, ECS, Secrets Manager)
//   -> load balancer -> ECS reconciler (core-api tasks as processes) -> resources and alarms through the SDK
//   -> wait until the service is steady and its targets healthy -> state.json
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startDatabase, seedDatabase } from '../db/index.ts';
import { startLoadBalancer, type LoadBalancer } from '../lb/index.ts';
import { startReconciler } from '../ecs/index.ts';
import { createAlarms } from './alarms.ts';
import { startSandboxAws, type SandboxAws } from './aws-endpoint.ts';
import { provision } from './provision.ts';
import { startRdsMetrics } from './rds-metrics.ts';
import { removeStateFile, writeStateFile, type SandboxState } from './state-file.ts';
import * as T from './topology.ts';
import { waitForSteadyService } from './steady.ts';

export type { SandboxState } from './state-file.ts';

export interface SandboxOptions {
  /** Holds pg/ (the database), logs/, state.json. */
  sandboxDir: string;
  taskCount?: number;
  /** How often the API, the load balancer and the tasks publish metrics. 10 s like the alarms' periods. */
  metricsIntervalMs?: number;
  healthCheck?: { intervalMs: number; timeoutMs: number };
  readyTimeoutMs?: number;
  onProgress?: (line: string) => void;
}

export interface Sandbox {
  state: SandboxState;
  stop(): Promise<void>;
}

export async function startSandbox(o: SandboxOptions): Promise<Sandbox> {
  const progress = o.onProgress ?? (() => {});
  const started = Date.now();
  const logsDir = join(o.sandboxDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    removeStateFile(o.sandboxDir);
    for (const stop of stops.reverse()) await stop().catch((err: Error) => progress(`stopping: ${err.message}`));
    stops.length = 0;
  };
  try {
    progress('starting PostgreSQL');
    const db = await startDatabase({ stateDir: join(o.sandboxDir, 'pg'), onProgress: progress });
    stops.push(() => db.stop());
    await seedDatabase(db.adminUrl, { onProgress: progress });

    progress('starting the AWS endpoint (CloudWatch, ECS, Secrets Manager)');
    const aws: SandboxAws = await startSandboxAws(o.sandboxDir, T.REGION);
    stops.push(() => aws.stop());
    const clientConfig = { region: T.REGION, endpoint: aws.server.url, credentials: T.SANDBOX_CREDENTIALS };
    const cloudwatch = new CloudWatchClient(clientConfig);
    const intervalMs = o.metricsIntervalMs ?? 10_000;

    const lb: LoadBalancer = await startLoadBalancer({
      healthCheck: { path: '/health', intervalMs: o.healthCheck?.intervalMs ?? 2000, timeoutMs: o.healthCheck?.timeoutMs ?? 1000, healthyThreshold: 2, unhealthyThreshold: 3 },
      metrics: { cloudwatch: clientConfig, intervalMs, loadBalancerDim: T.LOAD_BALANCER_DIM, targetGroupDim: T.TARGET_GROUP_DIM },
      deregistrationDelayMs: 5000,
    });
    stops.push(() => lb.close());

    const reconciler = await startReconciler({
      scheduler: aws.ecs.scheduler,
      secrets: aws.secrets,
      loadBalancers: new Map([[T.TARGET_GROUP_ARN, lb]]),
      images: { [T.IMAGE]: { command: process.execPath, args: ['--import', 'tsx', join(import.meta.dirname, '..', 'service', 'main.ts')] } },
      logsDir,
      env: { AWS_ENDPOINT_URL: aws.server.url, AWS_REGION: T.REGION, AWS_ACCESS_KEY_ID: 'sandbox', AWS_SECRET_ACCESS_KEY: 'sandbox', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      metrics: { cloudwatch: clientConfig, intervalMs },
    });
    stops.push(() => reconciler.stop());

    const rds = startRdsMetrics(db.adminUrl, cloudwatch, intervalMs, progress);
    stops.push(() => rds.stop());

    progress('creating the secret, cluster, task definition, service and alarms');
    const ecs = new ECSClient(clientConfig);
    await provision(ecs, new SecretsManagerClient(clientConfig), { appDatabaseUrl: db.appUrl, taskCount: o.taskCount ?? T.DEFAULT_TASK_COUNT, metricsIntervalMs: intervalMs });
    await createAlarms(cloudwatch, {
      service: T.SERVICE,
      cluster: T.CLUSTER,
      loadBalancer: T.LOAD_BALANCER_DIM,
      targetGroup: T.TARGET_GROUP_DIM,
      dbInstance: T.DB_INSTANCE,
      rdsConnectionsThreshold: String(Math.floor(0.8 * 60)),
    });

    progress(`waiting for ${o.taskCount ?? T.DEFAULT_TASK_COUNT} healthy core-api tasks`);
    await waitForSteadyService(ecs, o.readyTimeoutMs ?? 120_000, progress);

    const state: SandboxState = {
      version: 1,
      pid: process.pid,
      startedAt: new Date(started).toISOString(),
      readyAt: new Date().toISOString(),
      region: T.REGION,
      awsEndpoint: aws.server.url,
      lbUrl: lb.url,
      dbAdminUrl: db.adminUrl,
      cluster: T.CLUSTER,
      service: T.SERVICE,
      secretId: T.SECRET_ID,
      alarmPrefix: T.ALARM_PREFIX,
      requestLog: aws.requestLogFile,
      logsDir,
    };
    writeStateFile(o.sandboxDir, state);
    progress(`sandbox ready in ${((Date.now() - started) / 1000).toFixed(1)}s`);
    return { state, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
