// Identifiers and ARNs shaped like AWS's, so harness code that parses them (task ids from ARNs, deployment ids in
// events) works unchanged against the sandbox.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export interface ArnScope {
  region: string;
  accountId: string;
}

/** "ecs-svc/" + 19 digits, as DescribeServices shows deployment ids. */
export function newDeploymentId(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 19) digits += String(randomInt(0, 10));
  return `ecs-svc/${digits}`;
}

/** 32 lowercase hex characters, the id at the end of a task ARN. */
export function newTaskId(): string {
  return randomBytes(16).toString('hex');
}

export function newEventId(): string {
  return randomUUID();
}

const prefix = (scope: ArnScope) => `arn:aws:ecs:${scope.region}:${scope.accountId}`;

export const clusterArn = (scope: ArnScope, name: string) => `${prefix(scope)}:cluster/${name}`;
export const serviceArn = (scope: ArnScope, cluster: string, name: string) => `${prefix(scope)}:service/${cluster}/${name}`;
export const taskArn = (scope: ArnScope, cluster: string, id: string) => `${prefix(scope)}:task/${cluster}/${id}`;
export const taskDefinitionArn = (scope: ArnScope, family: string, revision: number) =>
  `${prefix(scope)}:task-definition/${family}:${revision}`;

export interface ParsedArn {
  region: string;
  accountId: string;
  /** cluster | service | task | task-definition | ... */
  resourceType: string;
  /** The path after "<type>/", split on "/". */
  parts: string[];
}

/** Parses an ECS ARN; undefined when the string is not one (a bare name or id). */
export function parseEcsArn(value: string): ParsedArn | undefined {
  const match = /^arn:aws[a-z-]*:ecs:([^:]*):([^:]*):([a-z-]+)\/(.+)$/.exec(value);
  if (!match) return undefined;
  const [, region = '', accountId = '', resourceType = '', path = ''] = match;
  return { region, accountId, resourceType, parts: path.split('/') };
}

/** The last path segment of an ARN, or the value itself when it is already a name or id. */
export function nameFromArnOrName(value: string): string {
  const parsed = parseEcsArn(value);
  return parsed ? (parsed.parts[parsed.parts.length - 1] ?? value) : value;
}

/** A short id for event messages and logs: the task id from a task ARN. */
export function shortTaskId(arn: string): string {
  return nameFromArnOrName(arn);
}
