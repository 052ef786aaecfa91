import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultParams } from '../../../lib/cli/catalogue.ts';
import { loadDrill } from '../../../lib/experiment/index.ts';
import { grantedActions, policyFor } from '../../../lib/iam/policy.ts';
import { projectRoot } from '../../../lib/paths.ts';

const library = readdirSync(join(projectRoot, 'experiments')).filter((f) => f.endsWith('.yaml'));
const staging = join(projectRoot, 'environments', 'staging.example.yaml');

describe('iam-policy', () => {
  it.each(library)('%s: no wildcard action, every resource scoped to the environment', async (file) => {
    const { experiment, environment } = await loadDrill(join(projectRoot, 'experiments', file), staging, faultParams);
    const policy = policyFor(experiment, environment);
    for (const action of grantedActions(policy)) expect(action).toMatch(/^(ecs|cloudwatch|secretsmanager):[A-Z][A-Za-z]+$/);
    for (const s of policy.Statement) {
      for (const r of [s.Resource].flat()) {
        if (r === '*') expect(['ecs:ListTasks', 'cloudwatch:GetMetricData']).toEqual(expect.arrayContaining(s.Action));
        else expect(r).toMatch(/^arn:aws:(ecs|cloudwatch|secretsmanager):eu-west-1:123456789012:/);
      }
    }
  });

  it('grants secret writes only to drills that change the secret, and StopTask only to stop-tasks', async () => {
    const grants = async (file: string) => {
      const { experiment, environment } = await loadDrill(join(projectRoot, 'experiments', file), staging, faultParams);
      return grantedActions(policyFor(experiment, environment));
    };
    expect(await grants('pool-exhaustion.yaml')).toContain('secretsmanager:PutSecretValue');
    expect(await grants('pool-exhaustion.yaml')).not.toContain('ecs:StopTask');
    expect(await grants('scale-in.yaml')).not.toContain('secretsmanager:PutSecretValue');
    expect(await grants('stop-tasks.yaml')).toContain('ecs:StopTask');
    expect(await grants('monthly-regression.yaml')).not.toContain('ecs:UpdateService');
  });
});

describe('iam-policy: SNS notifications', () => {
  const load = () => loadDrill(join(projectRoot, 'experiments', 'pool-exhaustion.yaml'), staging, faultParams);
  const topic = 'arn:aws:sns:eu-west-1:123456789012:drills';

  it('grants nothing for SNS when no topic is configured', async () => {
    const { experiment, environment } = await load();
    expect([...grantedActions(policyFor(experiment, environment, {}))].filter((a) => a.startsWith('sns:'))).toEqual([]);
  });

  it('grants sns:Publish on exactly the topic named in the environment file', async () => {
    const { experiment, environment } = await load();
    const policy = policyFor(experiment, { ...environment, notify: { sns: { topicArn: topic } } }, { FIREDRILL_SNS_TOPIC_ARN: 'arn:aws:sns:eu-west-1:123456789012:other' });
    const sns = policy.Statement.filter((s) => s.Action.some((a) => a.startsWith('sns:')));
    expect(sns).toEqual([{ Sid: 'NotifyTopic', Effect: 'Allow', Action: ['sns:Publish'], Resource: topic }]);
  });

  it('grants sns:Publish on the topic from FIREDRILL_SNS_TOPIC_ARN when the file names none, and nothing for a malformed one', async () => {
    const { experiment, environment } = await load();
    const fromVar = policyFor(experiment, environment, { FIREDRILL_SNS_TOPIC_ARN: topic });
    expect(fromVar.Statement.find((s) => s.Sid === 'NotifyTopic')?.Resource).toBe(topic);
    expect(policyFor(experiment, environment, { FIREDRILL_SNS_TOPIC_ARN: 'drills' }).Statement.find((s) => s.Sid === 'NotifyTopic')).toBeUndefined();
  });
});
