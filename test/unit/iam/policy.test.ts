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
