// CreateService, UpdateService, DescribeServices, DeleteService. These only record intent (desired count,
// deployments); the scheduler turns intent into tasks on its next plan().
import type { Handler } from '../../protocol.ts';
import { startDeployment } from '../deployments.ts';
import { invalidParameter, serviceNotActive } from '../errors.ts';
import { serviceArn } from '../ids.ts';
import { checkListSize, checkName, includesTags, optBool, optInt, optString, parseTags, reqString } from '../input.ts';
import type { ServiceRecord } from '../model.ts';
import { renderService } from '../render.ts';
import type { EcsState } from '../state.ts';
import {
  DEFAULT_DEPLOYMENT_CONFIGURATION,
  parseDeploymentConfiguration,
  parseLoadBalancers,
  parsePropagateTags,
  requireTaskDefinitionFound,
} from './service-config.ts';

type Input = Record<string, unknown>;

const MAX_DESIRED = 5000;

function checkSupported(input: Input): void {
  const controller = (input.deploymentController as Input | undefined)?.type;
  if (controller !== undefined && controller !== 'ECS') {
    throw invalidParameter(`deploymentController.type ${String(controller)} is not supported by the sandbox; use ECS (rolling update).`);
  }
  if (input.schedulingStrategy !== undefined && input.schedulingStrategy !== 'REPLICA') {
    throw invalidParameter('schedulingStrategy DAEMON is not supported by the sandbox; use REPLICA.');
  }
}

function gracePeriod(input: Input, hasLoadBalancers: boolean): number | undefined {
  const seconds = optInt(input, 'healthCheckGracePeriodSeconds', 0, 2_147_483_647);
  if (seconds !== undefined && !hasLoadBalancers) {
    throw invalidParameter('Health check grace period is only valid for services configured to use load balancers');
  }
  return seconds;
}

function createService(state: EcsState, input: Input, now: number): ServiceRecord {
  const cluster = state.requireCluster(optString(input, 'cluster'));
  const name = checkName(reqString(input, 'serviceName'), 'serviceName');
  checkSupported(input);
  const existing = state.findService(cluster, name);
  if (existing?.status === 'ACTIVE') throw invalidParameter('Creation of service was not idempotent.');
  if (existing?.status === 'DRAINING') throw invalidParameter('Unable to Start a service that is still Draining.');
  const td = requireTaskDefinitionFound(state.findTaskDefinition(reqString(input, 'taskDefinition')));
  const desiredCount = optInt(input, 'desiredCount', 0, MAX_DESIRED);
  if (desiredCount === undefined) throw invalidParameter('desiredCount is required for a REPLICA service.');
  const loadBalancers = parseLoadBalancers(input.loadBalancers, td);
  const grace = gracePeriod(input, loadBalancers.length > 0);
  const service: ServiceRecord = {
    arn: serviceArn(state.scope, cluster.name, name),
    name,
    clusterArn: cluster.arn,
    status: 'ACTIVE',
    desiredCount,
    taskDefinitionArn: td.arn,
    launchType: optString(input, 'launchType') ?? 'FARGATE',
    deploymentConfiguration: parseDeploymentConfiguration(input.deploymentConfiguration, DEFAULT_DEPLOYMENT_CONFIGURATION),
    loadBalancers,
    ...(grace !== undefined ? { healthCheckGracePeriodSeconds: grace } : {}),
    propagateTags: parsePropagateTags(input.propagateTags) ?? 'NONE',
    tags: parseTags(input.tags),
    createdAt: now,
    deployments: [],
    events: [],
    steady: false,
  };
  startDeployment(state, service, td.arn, now);
  state.services.set(`${cluster.name}/${name}`, service);
  return service;
}

function updateService(state: EcsState, input: Input, now: number): ServiceRecord {
  const cluster = state.requireCluster(optString(input, 'cluster'));
  const service = state.requireService(cluster, reqString(input, 'service'));
  if (service.status !== 'ACTIVE') throw serviceNotActive();
  const desiredCount = optInt(input, 'desiredCount', 0, MAX_DESIRED);
  const tdRef = optString(input, 'taskDefinition');
  const td = tdRef !== undefined ? requireTaskDefinitionFound(state.findTaskDefinition(tdRef)) : state.findTaskDefinition(service.taskDefinitionArn);
  const deploymentConfiguration = parseDeploymentConfiguration(input.deploymentConfiguration, service.deploymentConfiguration);
  const loadBalancers = input.loadBalancers !== undefined && td ? parseLoadBalancers(input.loadBalancers, td) : service.loadBalancers;
  const grace = gracePeriod(input, loadBalancers.length > 0) ?? service.healthCheckGracePeriodSeconds;
  const propagateTags = parsePropagateTags(input.propagateTags);
  const force = optBool(input, 'forceNewDeployment') ?? false;
  // Validation done: apply. desiredCount and deploymentConfiguration alone rescale the current deployment.
  if (desiredCount !== undefined) service.desiredCount = desiredCount;
  service.deploymentConfiguration = deploymentConfiguration;
  service.loadBalancers = loadBalancers;
  if (grace !== undefined) service.healthCheckGracePeriodSeconds = grace;
  if (propagateTags) service.propagateTags = propagateTags;
  if (force || (td && td.arn !== service.taskDefinitionArn)) startDeployment(state, service, td?.arn ?? service.taskDefinitionArn, now);
  return service;
}

export function serviceOperations(state: EcsState): Record<string, Handler> {
  return {
    CreateService(input, ctx) {
      const service = createService(state, input, ctx.now);
      state.changed();
      return { service: renderService(state, service, true) };
    },

    UpdateService(input, ctx) {
      const service = updateService(state, input, ctx.now);
      state.changed();
      return { service: renderService(state, service, false) };
    },

    DescribeServices(input) {
      const cluster = state.requireCluster(optString(input, 'cluster'));
      const refs = input.services;
      if (!Array.isArray(refs) || !refs.every((r) => typeof r === 'string')) throw invalidParameter('services must be a list of service names or ARNs.');
      checkListSize(refs, 'services', 10);
      const withTags = includesTags(input);
      const services: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs as string[]) {
        const service = state.findService(cluster, ref);
        if (service) services.push(renderService(state, service, withTags));
        else failures.push({ arn: ref.startsWith('arn:') ? ref : serviceArn(state.scope, cluster.name, ref), reason: 'MISSING' });
      }
      return { services, failures };
    },

    DeleteService(input) {
      const cluster = state.requireCluster(optString(input, 'cluster'));
      const service = state.requireService(cluster, reqString(input, 'service'));
      if (service.status !== 'ACTIVE') throw serviceNotActive();
      if (service.desiredCount > 0 && optBool(input, 'force') !== true) {
        throw invalidParameter('The service cannot be stopped while it is scaled above 0.');
      }
      service.status = 'DRAINING';
      service.desiredCount = 0;
      state.changed();
      return { service: renderService(state, service, false) };
    },
  };
}
