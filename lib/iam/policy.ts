// The least-privilege IAM policy for one drill: exactly the actions its faults, marker and evidence need, on the
// environment's resources. docs/iam.md explains each statement.
import type { Environment, Experiment } from '../experiment/index.ts';
import { isTopicArn, snsTopicArn } from '../notify/config.ts';

export interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

const SECRET_ACTIONS = new Set(['shrink-db-pool', 'break-db-secret']);

/**
 * `processEnv` is read for FIREDRILL_SNS_TOPIC_ARN: a drill notifies the topic named there when the environment
 * file names none, so the policy must allow publishing to it.
 */
export function policyFor(x: Experiment, env: Environment, processEnv: NodeJS.ProcessEnv = process.env): PolicyDocument {
  const account = env.accountIds.length === 1 ? env.accountIds[0]! : '*';
  const region = env.region;
  const service = `arn:aws:ecs:${region}:${account}:service/${env.ecs.cluster}/${env.ecs.service}`;
  const secretArn = (name: string) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}-??????`;
  const actions = new Set(x.faults.map((f) => f.action));
  const statements: Statement[] = [
    { Sid: 'ServiceAndMarker', Effect: 'Allow', Action: ['ecs:DescribeServices', 'ecs:ListTagsForResource', 'ecs:TagResource', 'ecs:UntagResource'], Resource: service },
    { Sid: 'Alarms', Effect: 'Allow', Action: ['cloudwatch:DescribeAlarms', 'cloudwatch:DescribeAlarmHistory'], Resource: alarmResources(x, env, account) },
  ];
  if (x.metrics.length > 0) statements.push({ Sid: 'MetricEvidence', Effect: 'Allow', Action: ['cloudwatch:GetMetricData'], Resource: '*' });
  if ([...actions].some((a) => SECRET_ACTIONS.has(a))) {
    statements.push({
      Sid: 'SecretVersions',
      Effect: 'Allow',
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage', 'secretsmanager:ListSecretVersionIds'],
      Resource: secretArn(env.database.secretId),
    });
  }
  if ([...actions].some((a) => SECRET_ACTIONS.has(a) || a === 'scale-service')) {
    statements.push({ Sid: 'UpdateService', Effect: 'Allow', Action: ['ecs:UpdateService'], Resource: service });
  }
  if ([...actions].some((a) => SECRET_ACTIONS.has(a) || a === 'scale-service' || a === 'stop-tasks')) {
    // Waiting for a deployment or a task count reads the service's tasks.
    statements.push({
      Sid: 'ListServiceTasks',
      Effect: 'Allow',
      Action: ['ecs:ListTasks'],
      Resource: '*',
      Condition: { ArnEquals: { 'ecs:cluster': `arn:aws:ecs:${region}:${account}:cluster/${env.ecs.cluster}` } },
    });
    statements.push({ Sid: 'ServiceTasks', Effect: 'Allow', Action: ['ecs:DescribeTasks', ...(actions.has('stop-tasks') ? ['ecs:StopTask'] : [])], Resource: `arn:aws:ecs:${region}:${account}:task/${env.ecs.cluster}/*` });
  }
  if (actions.has('pg-sleep') && env.database.adminUrlFrom?.secretId) {
    statements.push({ Sid: 'AdminConnectionString', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue'], Resource: secretArn(env.database.adminUrlFrom.secretId) });
  }
  const topicArn = snsTopicArn(env, processEnv);
  // A malformed ARN fails checkNotifyConfig at preflight; it is no resource to grant anything on.
  if (topicArn && isTopicArn(topicArn)) statements.push({ Sid: 'NotifyTopic', Effect: 'Allow', Action: ['sns:Publish'], Resource: topicArn });
  return { Version: '2012-10-17', Statement: statements };
}

/** Alarm ARNs: the environment's prefix covers the named alarms when they all carry it; otherwise each by name. */
function alarmResources(x: Experiment, env: Environment, account: string): string[] {
  const arn = (name: string) => `arn:aws:cloudwatch:${env.region}:${account}:alarm:${name}`;
  const named = [...new Set([...x.expect.alarms.map((a) => a.name), ...x.guardrails.stopOn])];
  const prefix = x.expect.unexpectedAlarms?.prefix ?? env.alarmPrefix;
  const outside = named.filter((n) => !n.startsWith(prefix));
  return [arn(`${prefix}*`), ...outside.map(arn)];
}

/** Every IAM action the policy grants (for tests and the docs). */
export function grantedActions(policy: PolicyDocument): Set<string> {
  return new Set(policy.Statement.flatMap((s) => s.Action));
}
