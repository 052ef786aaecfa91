// The sandbox's AWS endpoint: CloudWatch (with the alarm evaluator), ECS, Secrets Manager, SNS and STS on one
// loopback port.
import { join } from 'node:path';
import { createCloudWatch } from '../aws/cloudwatch/index.ts';
import { createEcs, type Ecs } from '../aws/ecs/index.ts';
import { createSecretsManager } from '../aws/secretsmanager/index.ts';
import { createSns } from '../aws/sns/index.ts';
import { createSts } from '../aws/sts/index.ts';
import type { SecretStore } from '../aws/secretsmanager/index.ts';
import { RequestLog } from '../aws/request-log.ts';
import { startAwsServer, type AwsServer } from '../aws/server.ts';

export interface SandboxAws {
  server: AwsServer;
  ecs: Ecs;
  secrets: SecretStore;
  requestLogFile: string;
  stop(): Promise<void>;
}

export async function startSandboxAws(dir: string, region: string): Promise<SandboxAws> {
  const cloudwatch = createCloudWatch({ evaluate: true });
  const ecs = createEcs({ region });
  const secrets = createSecretsManager();
  const requestLogFile = join(dir, 'aws-requests.ndjson');
  const server = await startAwsServer({
    services: [cloudwatch.service, ecs.service, secrets.service, createSns({ region, topics: ['sandbox-drills'] }).service, createSts()],
    region,
    requestLog: new RequestLog(requestLogFile),
  });
  return {
    server,
    ecs,
    secrets: secrets.store,
    requestLogFile,
    stop: async () => {
      cloudwatch.evaluator.stop();
      await server.close();
    },
  };
}
