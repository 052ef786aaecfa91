// lib/aws: the harness's way to AWS (or the sandbox's endpoint). One client factory, one gate, per-service adapters.
import type { Environment } from '../experiment/environment.ts';
import type { SandboxState } from '../sandbox-state.ts';
import { AwsGate, type RetryPolicy } from './call.ts';
import { awsTargetFor, createAwsClients, type AwsTarget, type Sender } from './clients.ts';
import { CloudWatchAdapter } from './cloudwatch.ts';
import { EcsAdapter } from './ecs.ts';
import { SecretsAdapter } from './secrets.ts';
import { StsAdapter } from './sts.ts';

export { AwsGate, callAws, defaultRetry, describeCall, type RetryPolicy } from './call.ts';
export { awsTargetFor, clientConfig, createAwsClients, type AwsTarget, type Sender } from './clients.ts';
export { classifyAwsError, iamAction, isThrottling, AwsAccessDeniedError, type AwsCall } from './errors.ts';
export { CloudWatchAdapter } from './cloudwatch.ts';
export { EcsAdapter, type ServiceView, type DeploymentView, type TaskView } from './ecs.ts';
export { StsAdapter, type CallerIdentity } from './sts.ts';
export { SecretsAdapter, AWSCURRENT, AWSPREVIOUS, labelHolder, type SecretView } from './secrets.ts';
export { isSteady, waitForSteadyState, waitForStartedTasks, describeProgress } from './ecs-waits.ts';
export { pollUntil, sleep, WaitAbortedError } from './poll.ts';

export interface Aws {
  target: AwsTarget;
  gate: AwsGate;
  ecs: EcsAdapter;
  secrets: SecretsAdapter;
  cloudwatch: CloudWatchAdapter;
  sts: StsAdapter;
  close(): void;
}

export interface OpenAwsOptions {
  dryRun?: boolean;
  /** Where dry-run lines go. */
  print?: (line: string) => void;
  sandboxState?: () => SandboxState;
  /** Tests: replace the SDK clients (style.md #2: one way in, swapped here). */
  senders?: { ecs: Sender; secrets: Sender; cloudwatch: Sender; sts: Sender };
  retry?: RetryPolicy;
}

/** Adapters for one environment: its region, ECS service and endpoint. */
export function openAws(env: Pick<Environment, 'region' | 'aws' | 'sandbox' | 'ecs'>, o: OpenAwsOptions = {}): Aws {
  const target = awsTargetFor(env, o.sandboxState);
  const clients = o.senders ? undefined : createAwsClients(target);
  const senders = o.senders ?? (clients as NonNullable<typeof clients>);
  const gate = new AwsGate(o.dryRun ?? false, o.print, o.retry);
  return {
    target,
    gate,
    ecs: new EcsAdapter(senders.ecs, gate, { region: target.region, cluster: env.ecs.cluster, service: env.ecs.service }),
    secrets: new SecretsAdapter(senders.secrets, gate, target.region),
    cloudwatch: new CloudWatchAdapter(senders.cloudwatch, gate, target.region),
    sts: new StsAdapter(senders.sts, gate),
    close: () => clients?.destroy(),
  };
}
