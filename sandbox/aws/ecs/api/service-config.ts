// The service settings CreateService and UpdateService share: deployment configuration and load balancers.
import { clientError, invalidParameter } from '../errors.ts';
import { optBool, optInt } from '../input.ts';
import type { DeploymentConfigRecord, LoadBalancerRecord, TaskDefinitionRecord } from '../model.ts';

type Input = Record<string, unknown>;

export const DEFAULT_DEPLOYMENT_CONFIGURATION: DeploymentConfigRecord = {
  minimumHealthyPercent: 100,
  maximumPercent: 200,
  circuitBreaker: { enable: false, rollback: false },
};

/** Applies the fields present in `raw` over `base` (UpdateService changes only what it names). */
export function parseDeploymentConfiguration(raw: unknown, base: DeploymentConfigRecord): DeploymentConfigRecord {
  if (raw === undefined || raw === null) return structuredClone(base);
  if (typeof raw !== 'object' || Array.isArray(raw)) throw invalidParameter('deploymentConfiguration must be an object.');
  const input = raw as Input;
  const minimumHealthyPercent = optInt(input, 'minimumHealthyPercent', 0, 100) ?? base.minimumHealthyPercent;
  // Below 100 % the service could never run its desired count; ECS rejects that for rolling updates too.
  const maximumPercent = optInt(input, 'maximumPercent', 100, 2000) ?? base.maximumPercent;
  let circuitBreaker = base.circuitBreaker;
  const breaker = input.deploymentCircuitBreaker;
  if (breaker !== undefined && breaker !== null) {
    if (typeof breaker !== 'object' || Array.isArray(breaker)) throw invalidParameter('deploymentConfiguration.deploymentCircuitBreaker must be an object.');
    const enable = optBool(breaker as Input, 'enable');
    const rollback = optBool(breaker as Input, 'rollback');
    if (enable === undefined || rollback === undefined) {
      throw invalidParameter('deploymentConfiguration.deploymentCircuitBreaker needs both enable and rollback (booleans).');
    }
    circuitBreaker = { enable, rollback };
  }
  return { minimumHealthyPercent, maximumPercent, circuitBreaker };
}

/** Each load balancer must name a container and port of the task definition, as ECS checks. */
export function parseLoadBalancers(raw: unknown, td: TaskDefinitionRecord): LoadBalancerRecord[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw invalidParameter('loadBalancers must be a list.');
  return raw.map((item, i) => {
    const lb = (item ?? {}) as Input;
    const targetGroupArn = typeof lb.targetGroupArn === 'string' ? lb.targetGroupArn : undefined;
    const loadBalancerName = typeof lb.loadBalancerName === 'string' ? lb.loadBalancerName : undefined;
    if (!targetGroupArn && !loadBalancerName) throw invalidParameter(`loadBalancers[${i}] needs a targetGroupArn.`);
    const containerName = typeof lb.containerName === 'string' ? lb.containerName : undefined;
    if (!containerName || !td.containerDefinitions.some((c) => c.name === containerName)) {
      throw invalidParameter(`The container ${containerName ?? '(none)'} does not exist in the task definition.`);
    }
    const containerPort = optInt(lb, 'containerPort', 0, 65535);
    if (containerPort === undefined) throw invalidParameter(`loadBalancers[${i}].containerPort is required.`);
    return {
      ...(targetGroupArn ? { targetGroupArn } : {}),
      ...(loadBalancerName ? { loadBalancerName } : {}),
      containerName,
      containerPort,
    };
  });
}

export function parsePropagateTags(value: unknown): 'NONE' | 'SERVICE' | 'TASK_DEFINITION' | undefined {
  if (value === undefined || value === null) return undefined;
  if (value === 'NONE' || value === 'SERVICE' || value === 'TASK_DEFINITION') return value;
  throw invalidParameter(`propagateTags must be NONE, SERVICE or TASK_DEFINITION, got ${JSON.stringify(value)}.`);
}

export function requireTaskDefinitionFound(td: TaskDefinitionRecord | undefined): TaskDefinitionRecord {
  if (!td) throw clientError('TaskDefinition not found.');
  return td;
}
