// stop-tasks: StopTask on n (or p %) of the service's running tasks, with a reason naming the run. Nothing to
// undo: ECS replaces the tasks. Restore waits until it has; verify checks desiredCount is met again.
//
// Alone: npx tsx chaos/stop-tasks.ts --env local --count 1 [--hold 30s] [--dry-run] | --restore
import { isSteady, pollUntil, type ServiceView, type TaskView } from '../lib/aws/index.ts';
import { priorOf, type FaultHistory } from '../lib/journal/index.ts';
import { tasksToStop } from '../lib/safety/blast-radius.ts';
import type { Check, Fault, FaultContext } from './contract.ts';
import { awsCli } from './manual.ts';
import { runIfScript } from './script.ts';

export interface StopTasksParams {
  count?: number;
  percent?: number;
  allowAll?: boolean;
}

interface StopPrior {
  desiredCount: number;
  runningCount: number;
  tasks: string[];
}

const STEP = 'stop-tasks';

/** Fisher-Yates on a copy: which tasks die is not biased towards the oldest. */
function pick<T>(items: readonly T[], n: number, random: () => number = Math.random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, n);
}

/**
 * Replacements are in: as many tasks RUNNING (and wanted RUNNING) as the service wants, and the service steady.
 * A chosen task is not waited for by name: once StopTask is made ECS wants it STOPPED, so it no longer counts. One
 * that ECS still wants RUNNING was never stopped (the harness died between the journal's intent and the call):
 * there is nothing to undo for it, and it is only reported.
 */
export function stopTasksRecovery(service: ServiceView, tasks: readonly TaskView[], chosen: readonly string[]): { done: boolean; summary: string } {
  const running = tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING').map((t) => t.arn);
  const neverStopped = chosen.filter((arn) => running.includes(arn)).length;
  const done = running.length === service.desiredCount && isSteady(service);
  const note = neverStopped > 0 ? `; ${neverStopped} chosen task(s) were never stopped (the drill ended before StopTask)` : '';
  return { done, summary: `${service.name}: ${running.length}/${service.desiredCount} task(s) running${note}` };
}

async function recovery(ctx: FaultContext, chosen: readonly string[]): Promise<{ done: boolean; summary: string }> {
  const service = await ctx.aws.ecs.describeService();
  const tasks = await ctx.aws.ecs.describeTasks(await ctx.aws.ecs.listRunningTasks());
  return stopTasksRecovery(service, tasks, chosen);
}

async function restore(ctx: FaultContext, history: FaultHistory): Promise<string[]> {
  const prior = priorOf<StopPrior>(history, STEP);
  if (!prior) return [];
  if (ctx.dryRun) return [];
  if ((await recovery(ctx, prior.tasks)).done) return [];
  await pollUntil(() => recovery(ctx, prior.tasks), { what: `${ctx.env.ecs.service} to replace the stopped tasks`, timeoutMs: ctx.timing.deploymentTimeoutMs, onProgress: ctx.log });
  return [`waited until ${ctx.env.ecs.service} replaced the ${prior.tasks.length} stopped task(s)`];
}

export const stopTasks: Fault<StopTasksParams> = {
  action: 'stop-tasks',
  summary: 'StopTask on n or p % of the running tasks of the service',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      count: { type: 'integer', minimum: 1, maximum: 1000 },
      percent: { type: 'integer', minimum: 1, maximum: 100 },
      allowAll: { type: 'boolean', default: false, description: 'permit stopping every running task (refused otherwise)' },
    },
    oneOf: [{ required: ['count'] }, { required: ['percent'] }],
  },

  describe: (p, env) => [
    `stop ${p.count !== undefined ? p.count : `${p.percent} % of the`} running task(s) of ${env.ecs.cluster}/${env.ecs.service}${p.allowAll ? '' : ' (at least one keeps running)'}, with a reason naming the run`,
    'restore: nothing to undo; wait until ECS has replaced them (runningCount = desiredCount, service steady)',
  ],

  async inject(ctx, p) {
    const service = await ctx.aws.ecs.describeService();
    const running = await ctx.aws.ecs.listRunningTasks();
    const chosen = pick(running, tasksToStop(running.length, p));
    const reason = `firedrill drill ${ctx.runId}: fault ${ctx.faultId} (stop-tasks)`.slice(0, 255);
    ctx.log(`${ctx.faultId}: stopping ${chosen.length} of ${running.length} running task(s) of ${service.name}`);
    await ctx.journal.step(STEP, `ecs:StopTask x${chosen.length}`, { desiredCount: service.desiredCount, runningCount: running.length, tasks: chosen }, async () => {
      for (const arn of chosen) await ctx.aws.ecs.stopTask(arn, reason);
    });
  },

  restore,

  async verifyRestored(ctx, history): Promise<Check[]> {
    const prior = priorOf<StopPrior>(history, STEP);
    const r = await recovery(ctx, prior?.tasks ?? []);
    return [{ ok: r.done, text: r.summary }];
  },

  manualRestore: (ctx) => [
    `${awsCli(ctx, 'ecs', 'describe-services', { cluster: ctx.env.ecs.cluster, services: ctx.env.ecs.service })}   # nothing to undo: check runningCount = desiredCount`,
  ],
};

runIfScript(import.meta.url, stopTasks);
