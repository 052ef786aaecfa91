// ListTasks, DescribeTasks, StopTask, RunTask. StopTask and RunTask record intent; the scheduler hands the
// matching stop-task / start-task actions to the reconciler on its next plan().
import type { Handler } from '../../protocol.ts';
import { clientError, invalidParameter, taskNotFound } from '../errors.ts';
import { taskArn } from '../ids.ts';
import { checkListSize, includesTags, optInt, optString, parseTags, reqString } from '../input.ts';
import type { TaskRecord } from '../model.ts';
import { renderTask } from '../render.ts';
import type { EcsState } from '../state.ts';
import { newTask, requestStop } from '../task-lifecycle.ts';
import { requireTaskDefinitionFound } from './service-config.ts';

type Input = Record<string, unknown>;

const DESIRED_STATUSES = new Set(['RUNNING', 'PENDING', 'STOPPED']);

/** Page tokens carry the sort key of the last task returned, so tasks created between pages shift nothing. */
function encodeToken(task: TaskRecord): string {
  return Buffer.from(JSON.stringify([task.createdAt, task.id])).toString('base64url');
}

function decodeToken(token: string): [number, string] {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && typeof parsed[0] === 'number' && typeof parsed[1] === 'string') return [parsed[0], parsed[1]];
  } catch {
    // fall through to the error below
  }
  throw invalidParameter('Invalid nextToken: pass the nextToken of the previous ListTasks response unchanged.');
}

function listTasks(state: EcsState, input: Input): { taskArns: string[]; nextToken?: string } {
  const cluster = state.requireCluster(optString(input, 'cluster'));
  const serviceName = optString(input, 'serviceName');
  const service = serviceName !== undefined ? state.requireService(cluster, serviceName) : undefined;
  const desiredStatus = optString(input, 'desiredStatus') ?? 'RUNNING';
  if (!DESIRED_STATUSES.has(desiredStatus)) throw invalidParameter(`desiredStatus must be RUNNING, PENDING or STOPPED, got "${desiredStatus}".`);
  const maxResults = optInt(input, 'maxResults', 1, 100) ?? 100;
  const family = optString(input, 'family');
  const startedBy = optString(input, 'startedBy');
  const launchType = optString(input, 'launchType');
  const token = optString(input, 'nextToken');
  const after = token !== undefined ? decodeToken(token) : undefined;
  const matching = [...state.tasks.values()]
    .filter(
      (t) =>
        t.clusterArn === cluster.arn &&
        t.desiredStatus === desiredStatus &&
        (!service || t.serviceArn === service.arn) &&
        (!family || state.findTaskDefinition(t.taskDefinitionArn)?.family === family) &&
        (!startedBy || t.startedBy === startedBy) &&
        (!launchType || t.launchType === launchType),
    )
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .filter((t) => !after || t.createdAt > after[0] || (t.createdAt === after[0] && t.id > after[1]));
  const page = matching.slice(0, maxResults);
  const last = page[page.length - 1];
  return { taskArns: page.map((t) => t.arn), ...(matching.length > maxResults && last ? { nextToken: encodeToken(last) } : {}) };
}

function overridesByContainer(input: Input, containerNames: string[]): TaskRecord['environmentOverrides'] {
  const overrides = (input.overrides as Input | undefined)?.containerOverrides;
  if (overrides === undefined) return {};
  if (!Array.isArray(overrides)) throw invalidParameter('overrides.containerOverrides must be a list.');
  const result: TaskRecord['environmentOverrides'] = {};
  for (const raw of overrides) {
    const item = (raw ?? {}) as Input;
    const name = String(item.name ?? '');
    if (!containerNames.includes(name)) throw invalidParameter(`Override for container named ${name} is not a container in the TaskDefinition.`);
    const env = Array.isArray(item.environment) ? (item.environment as Input[]) : [];
    result[name] = env.map((e) => ({ name: String(e.name ?? ''), value: String(e.value ?? '') }));
  }
  return result;
}

function runTask(state: EcsState, input: Input, now: number): TaskRecord[] {
  const cluster = state.requireCluster(optString(input, 'cluster'));
  const tdRef = input.taskDefinition;
  if (typeof tdRef !== 'string' || tdRef === '') throw clientError('TaskDefinition not found.');
  const td = requireTaskDefinitionFound(state.findTaskDefinition(tdRef));
  const count = optInt(input, 'count', 1, 10) ?? 1;
  const startedBy = optString(input, 'startedBy');
  if (startedBy !== undefined && startedBy.length > 128) throw invalidParameter('startedBy can be at most 128 characters.');
  const tags = [...(input.propagateTags === 'TASK_DEFINITION' ? td.tags : []), ...parseTags(input.tags)];
  const environmentOverrides = overridesByContainer(input, td.containerDefinitions.map((c) => c.name));
  const tasks: TaskRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const task = newTask(
      {
        scope: state.scope,
        clusterArn: cluster.arn,
        taskDefinition: td,
        group: optString(input, 'group') ?? `family:${td.family}`,
        ...(startedBy !== undefined ? { startedBy } : {}),
        launchType: optString(input, 'launchType') ?? 'FARGATE',
        tags,
        environmentOverrides,
      },
      now,
    );
    state.tasks.set(task.id, task);
    tasks.push(task);
  }
  return tasks;
}

export function taskOperations(state: EcsState): Record<string, Handler> {
  return {
    ListTasks: (input) => listTasks(state, input),

    DescribeTasks(input) {
      const cluster = state.requireCluster(optString(input, 'cluster'));
      const refs = input.tasks;
      if (!Array.isArray(refs) || !refs.every((r) => typeof r === 'string')) throw invalidParameter('tasks must be a list of task ids or ARNs.');
      checkListSize(refs, 'tasks', 100);
      const withTags = includesTags(input);
      const tasks: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs as string[]) {
        const task = state.findTask(cluster, ref);
        if (task) tasks.push(renderTask(state, task, withTags));
        else failures.push({ arn: ref.startsWith('arn:') ? ref : taskArn(state.scope, cluster.name, ref), reason: 'MISSING' });
      }
      return { tasks, failures };
    },

    StopTask(input, ctx) {
      const cluster = state.requireCluster(optString(input, 'cluster'));
      const task = state.findTask(cluster, reqString(input, 'task'));
      if (!task) throw taskNotFound();
      const reason = optString(input, 'reason');
      if (reason !== undefined && reason.length > 1024) throw invalidParameter('reason can be at most 1024 characters.');
      requestStop(task, 'UserInitiated', reason || 'Task stopped by user', ctx.now);
      state.changed();
      return { task: renderTask(state, task, false) };
    },

    RunTask(input, ctx) {
      const tasks = runTask(state, input, ctx.now);
      state.changed();
      return { tasks: tasks.map((t) => renderTask(state, t, false)), failures: [] };
    },
  };
}
