// TagResource, UntagResource, ListTagsForResource on clusters, services, tasks and task definitions. The harness
// marks a service with a tag while a drill runs, so other operators can see it.
import type { Handler } from '../../protocol.ts';
import { clusterNotFound, invalidParameter, resourceNotFound } from '../errors.ts';
import { parseEcsArn } from '../ids.ts';
import { mergeTags, optStringList, parseTags, reqString } from '../input.ts';
import type { TagRecord } from '../model.ts';
import type { EcsState } from '../state.ts';

interface Taggable {
  tags: TagRecord[];
}

function resolve(state: EcsState, arn: string): Taggable {
  const parsed = parseEcsArn(arn);
  if (!parsed) throw invalidParameter(`resourceArn must be the ARN of an ECS cluster, service, task or task definition, got "${arn}".`);
  const [first = '', second] = parsed.parts;
  switch (parsed.resourceType) {
    case 'cluster': {
      const cluster = state.clusters.get(first);
      if (!cluster || cluster.status !== 'ACTIVE') throw clusterNotFound();
      return cluster;
    }
    case 'service': {
      const service = second !== undefined ? state.services.get(`${first}/${second}`) : undefined;
      if (!service || service.arn !== arn || service.status === 'INACTIVE') throw resourceNotFound();
      return service;
    }
    case 'task': {
      const task = state.tasks.get(second ?? first);
      if (!task || task.arn !== arn) throw resourceNotFound();
      return task;
    }
    case 'task-definition': {
      const td = state.findTaskDefinition(arn);
      if (!td) throw resourceNotFound();
      return td;
    }
    default:
      throw invalidParameter(`Tagging ${parsed.resourceType} resources is not supported by the sandbox.`);
  }
}

export function tagOperations(state: EcsState): Record<string, Handler> {
  return {
    TagResource(input) {
      const resource = resolve(state, reqString(input, 'resourceArn'));
      const tags = parseTags(input.tags);
      if (tags.length === 0) throw invalidParameter('tags can not be empty.');
      resource.tags = mergeTags(resource.tags, tags);
      state.changed();
      return {};
    },

    UntagResource(input) {
      const resource = resolve(state, reqString(input, 'resourceArn'));
      const keys = optStringList(input, 'tagKeys');
      if (!keys || keys.length === 0) throw invalidParameter('tagKeys can not be empty.');
      resource.tags = resource.tags.filter((t) => !keys.includes(t.key));
      state.changed();
      return {};
    },

    ListTagsForResource(input) {
      return { tags: resolve(state, reqString(input, 'resourceArn')).tags };
    },
  };
}
