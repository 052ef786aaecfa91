// Create the sandbox's AWS resources through the real SDK clients, exactly as Terraform would against AWS:
// the database secret, the cluster, the task definition with secrets injected from it, the service behind the
// load balancer's target group.
import { CreateClusterCommand, CreateServiceCommand, ECSClient, RegisterTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { CLUSTER, CONTAINER, CONTAINER_PORT, DEFAULT_POOL_MAX, IMAGE, SECRET_ID, SERVICE, TARGET_GROUP_ARN, TASK_FAMILY } from './topology.ts';

export interface ProvisionOptions {
  appDatabaseUrl: string;
  taskCount: number;
  metricsIntervalMs: number;
}

export async function provision(ecs: ECSClient, secrets: SecretsManagerClient, o: ProvisionOptions): Promise<{ secretArn: string }> {
  const secret = await secrets.send(
    new CreateSecretCommand({
      Name: SECRET_ID,
      Description: 'core-api database settings (sandbox)',
      SecretString: JSON.stringify({ DATABASE_URL: o.appDatabaseUrl, DB_POOL_MAX: String(DEFAULT_POOL_MAX) }),
    }),
  );
  const secretArn = secret.ARN!;
  await ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  await ecs.send(
    new RegisterTaskDefinitionCommand({
      family: TASK_FAMILY,
      containerDefinitions: [
        {
          name: CONTAINER,
          image: IMAGE,
          essential: true,
          portMappings: [{ containerPort: CONTAINER_PORT }],
          environment: [
            { name: 'SERVICE_NAME', value: SERVICE },
            { name: 'METRICS_INTERVAL_MS', value: String(o.metricsIntervalMs) },
          ],
          // The ECS json-key syntax: <secret arn>:<json key>:<version stage>:<version id>, empty fields keep colons.
          secrets: [
            { name: 'DATABASE_URL', valueFrom: `${secretArn}:DATABASE_URL::` },
            { name: 'DB_POOL_MAX', valueFrom: `${secretArn}:DB_POOL_MAX::` },
          ],
          stopTimeout: 10,
        },
      ],
    }),
  );
  await ecs.send(
    new CreateServiceCommand({
      cluster: CLUSTER,
      serviceName: SERVICE,
      taskDefinition: TASK_FAMILY,
      desiredCount: o.taskCount,
      loadBalancers: [{ targetGroupArn: TARGET_GROUP_ARN, containerName: CONTAINER, containerPort: CONTAINER_PORT }],
      deploymentConfiguration: {
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: true },
      },
    }),
  );
  return { secretArn };
}
