// The one place AWS SDK clients are made (style.md #2). Everything else receives them from here.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECSClient } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { STSClient } from '@aws-sdk/client-sts';
import type { Environment } from '../experiment/environment.ts';
import { readSandboxState, type SandboxState } from '../sandbox-state.ts';

/** Where and as whom the harness talks to AWS. */
export interface AwsTarget {
  region: string;
  /** A profile name from the environment file; otherwise the SDK chain (AWS_PROFILE, env credentials, SSO, roles). */
  profile?: string;
  /**
   * An explicit endpoint: the sandbox's, or aws.endpoint in the environment file. Without one the SDK applies
   * its own configured-endpoint chain (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, config files).
   */
  endpoint?: string;
  /** The local sandbox: fixed stand-in credentials, so real ones are never sent to a local endpoint. */
  sandbox: boolean;
}

/** The SDK's sender shape: what adapters need, and what unit tests replace. */
export interface Sender {
  send(command: unknown): Promise<unknown>;
}

export interface AwsClients {
  ecs: ECSClient;
  secrets: SecretsManagerClient;
  cloudwatch: CloudWatchClient;
  sts: STSClient;
  destroy(): void;
}

const SANDBOX_CREDENTIALS = { accessKeyId: 'firedrill-sandbox', secretAccessKey: 'firedrill-sandbox' };

/** The AWS target of an environment; sandbox environments read the running sandbox's state file. */
export function awsTargetFor(env: Pick<Environment, 'region' | 'aws' | 'sandbox'>, sandboxState?: () => SandboxState): AwsTarget {
  if (env.sandbox) {
    const state = (sandboxState ?? (() => readSandboxState()))();
    return { region: state.region, endpoint: state.awsEndpoint, sandbox: true };
  }
  return {
    region: env.region,
    sandbox: false,
    ...(env.aws.profile ? { profile: env.aws.profile } : {}),
    ...(env.aws.endpoint ? { endpoint: env.aws.endpoint } : {}),
  };
}

/** SDK client config for a target. Calls are bounded: a dead endpoint fails in seconds, not minutes. */
export function clientConfig(target: AwsTarget) {
  return {
    region: target.region,
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    ...(target.profile ? { profile: target.profile } : {}),
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    ...(target.sandbox ? { credentials: SANDBOX_CREDENTIALS } : {}),
  };
}

export function createAwsClients(target: AwsTarget): AwsClients {
  const config = clientConfig(target);
  const ecs = new ECSClient(config);
  const secrets = new SecretsManagerClient(config);
  const cloudwatch = new CloudWatchClient(config);
  const sts = new STSClient(config);
  return {
    ecs,
    secrets,
    cloudwatch,
    sts,
    destroy() {
      ecs.destroy();
      secrets.destroy();
      cloudwatch.destroy();
      sts.destroy();
    },
  };
}
