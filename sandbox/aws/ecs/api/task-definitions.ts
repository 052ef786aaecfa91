// RegisterTaskDefinition, DescribeTaskDefinition. ECS reports task definition problems as ClientException.
import type { Handler } from '../../protocol.ts';
import { clientError } from '../errors.ts';
import { taskDefinitionArn } from '../ids.ts';
import { includesTags, parseTags } from '../input.ts';
import type { ContainerDefinitionRecord, SecretRef, TaskDefinitionRecord } from '../model.ts';
import { renderTaskDefinition } from '../render.ts';
import type { EcsState } from '../state.ts';

type Input = Record<string, unknown>;

const FAMILY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

function without(obj: Input, keys: string[]): Input {
  return Object.fromEntries(Object.entries(obj).filter(([k, v]) => !keys.includes(k) && v !== undefined && v !== null));
}

function pairs(value: unknown, where: string, valueField: 'value' | 'valueFrom'): { name: string; value: string }[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw clientError(`${where} must be a list.`);
  return value.map((raw, i) => {
    const item = (raw ?? {}) as Input;
    if (typeof item.name !== 'string' || item.name === '') throw clientError(`${where}[${i}].name should not be null or empty.`);
    if (typeof item[valueField] !== 'string') throw clientError(`${where}[${i}].${valueField} should not be null.`);
    return { name: item.name, value: item[valueField] as string };
  });
}

function parseContainer(raw: unknown, i: number): ContainerDefinitionRecord {
  const c = (raw ?? {}) as Input;
  const where = `containerDefinitions[${i}]`;
  if (typeof c.name !== 'string' || c.name === '') throw clientError('Container.name should not be null or empty.');
  if (typeof c.image !== 'string' || c.image === '') throw clientError('Container.image should not be null or empty.');
  const stopTimeout = c.stopTimeout;
  if (stopTimeout !== undefined && stopTimeout !== null && (typeof stopTimeout !== 'number' || !Number.isInteger(stopTimeout) || stopTimeout < 2 || stopTimeout > 120)) {
    throw clientError(`${where}.stopTimeout must be an integer number of seconds between 2 and 120.`);
  }
  const secrets: SecretRef[] = pairs(c.secrets, `${where}.secrets`, 'valueFrom').map(({ name, value }) => ({ name, valueFrom: value }));
  return {
    name: c.name,
    image: c.image,
    essential: c.essential !== false,
    environment: pairs(c.environment, `${where}.environment`, 'value'),
    secrets,
    ...(typeof stopTimeout === 'number' ? { stopTimeout } : {}),
    extra: without(c, ['name', 'image', 'essential', 'environment', 'secrets', 'stopTimeout']),
  };
}

function parseContainers(value: unknown): ContainerDefinitionRecord[] {
  if (!Array.isArray(value) || value.length === 0) throw clientError('Container list cannot be empty.');
  const containers = value.map(parseContainer);
  const names = new Set<string>();
  for (const c of containers) {
    if (names.has(c.name)) throw clientError(`Duplicate container name "${c.name}" in containerDefinitions.`);
    names.add(c.name);
  }
  if (!containers.some((c) => c.essential)) throw clientError('A task definition must have at least one essential container.');
  return containers;
}

export function taskDefinitionOperations(state: EcsState): Record<string, Handler> {
  return {
    RegisterTaskDefinition(input, ctx) {
      const family = input.family;
      if (typeof family !== 'string' || !FAMILY_PATTERN.test(family)) {
        throw clientError('Family contains invalid characters or is empty: use 1-255 letters, numbers, hyphens and underscores.');
      }
      const containerDefinitions = parseContainers(input.containerDefinitions);
      const tags = parseTags(input.tags);
      const revisions = state.taskDefinitions.get(family) ?? [];
      const revision = revisions.length + 1;
      const td: TaskDefinitionRecord = {
        arn: taskDefinitionArn(state.scope, family, revision),
        family,
        revision,
        status: 'ACTIVE',
        registeredAt: ctx.now,
        containerDefinitions,
        tags,
        extra: without(input, ['family', 'containerDefinitions', 'tags']),
      };
      revisions.push(td);
      state.taskDefinitions.set(family, revisions);
      state.changed();
      return { taskDefinition: renderTaskDefinition(td), tags };
    },

    DescribeTaskDefinition(input) {
      const ref = input.taskDefinition;
      const td = typeof ref === 'string' && ref !== '' ? state.findTaskDefinition(ref) : undefined;
      if (!td) throw clientError('Unable to describe task definition.');
      return { taskDefinition: renderTaskDefinition(td), ...(includesTags(input) ? { tags: td.tags } : {}) };
    },
  };
}
