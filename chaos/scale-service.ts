// scale-service: the ECS service's desiredCount set to n (or reduced by p %), then a wait for runningCount.
// Restore puts back the recorded count, unless someone else changed it since (then it is left and reported).
//
// Alone: npx tsx chaos/scale-service.ts --env local --desired-count 1 [--hold 60s] [--dry-run] | --restore
import { isSteady, waitForSteadyState } from '../lib/aws/index.ts';
import { priorOf, type FaultHistory } from '../lib/journal/index.ts';
import { scaleTarget } from '../lib/safety/blast-radius.ts';
import type { Check, Fault, FaultContext } from './contract.ts';
import { awsCli } from './manual.ts';
import { runIfScript } from './script.ts';

export interface ScaleServiceParams {
  desiredCount?: number;
  reducePercent?: number;
  allowZero?: boolean;
}

interface ScalePrior {
  desiredCount: number;
  target: number;
}

const STEP = 'set-desired-count';

async function waitForCount(ctx: FaultContext, count: number): Promise<void> {
  await ctx.aws.gate.wait(
    `${ctx.env.ecs.service} to run ${count} task(s)`,
    async () => {
      await waitForSteadyState(ctx.aws.ecs, { timeoutMs: ctx.timing.deploymentTimeoutMs, onProgress: ctx.log, ...(ctx.signal ? { signal: ctx.signal } : {}) });
    },
    () => undefined,
  );
}

async function restore(ctx: FaultContext, history: FaultHistory): Promise<string[]> {
  const prior = priorOf<ScalePrior>(history, STEP);
  if (!prior) return [];
  const live = await ctx.aws.ecs.describeService();
  const actions: string[] = [];
  if (live.desiredCount === prior.target && prior.target !== prior.desiredCount) {
    await ctx.journal.step('restore:desired-count', `ecs:UpdateService desiredCount=${prior.desiredCount}`, { desiredCount: live.desiredCount }, () =>
      ctx.aws.ecs.updateService({ desiredCount: prior.desiredCount }),
    );
    actions.push(`set desiredCount of ${ctx.env.ecs.service} back to ${prior.desiredCount} (was ${live.desiredCount})`);
  } else if (live.desiredCount !== prior.desiredCount) {
    actions.push(`left desiredCount of ${ctx.env.ecs.service} at ${live.desiredCount}: neither the drill's ${prior.target} nor the recorded ${prior.desiredCount} (changed by someone else)`);
    return actions;
  }
  if (!isSteady(live) || actions.length > 0) await waitForCount(ctx, prior.desiredCount);
  return actions;
}

export const scaleService: Fault<ScaleServiceParams> = {
  action: 'scale-service',
  summary: 'set the ECS service desiredCount to n (or reduce it by p %)',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      desiredCount: { type: 'integer', minimum: 0, maximum: 1000 },
      reducePercent: { type: 'integer', minimum: 1, maximum: 100 },
      allowZero: { type: 'boolean', default: false, description: 'permit scaling to 0 tasks (refused otherwise)' },
    },
    oneOf: [{ required: ['desiredCount'] }, { required: ['reducePercent'] }],
  },

  describe: (p, env) => [
    p.desiredCount !== undefined
      ? `set desiredCount of ${env.ecs.cluster}/${env.ecs.service} to ${p.desiredCount} and wait for runningCount`
      : `reduce desiredCount of ${env.ecs.cluster}/${env.ecs.service} by ${p.reducePercent} % (never below 1${p.allowZero ? ' unless allowZero' : ''}) and wait for runningCount`,
    'restore: desiredCount back to the value recorded now; wait until that many tasks run',
  ],

  async inject(ctx, p) {
    const before = await ctx.aws.ecs.describeService();
    const target = scaleTarget(before.desiredCount, p);
    ctx.log(`${ctx.faultId}: desiredCount of ${before.name} ${before.desiredCount} -> ${target}`);
    await ctx.journal.step(STEP, `ecs:UpdateService desiredCount=${target}`, { desiredCount: before.desiredCount, target }, () =>
      ctx.aws.ecs.updateService({ desiredCount: target }),
    );
    await waitForCount(ctx, target);
  },

  restore,

  async verifyRestored(ctx, history): Promise<Check[]> {
    const prior = priorOf<ScalePrior>(history, STEP);
    const s = await ctx.aws.ecs.describeService();
    return [
      ...(prior ? [{ ok: s.desiredCount === prior.desiredCount, text: `${s.name} desiredCount is ${s.desiredCount} (before the drill: ${prior.desiredCount})` }] : []),
      { ok: isSteady(s), text: `${s.name} runs ${s.runningCount} of ${s.desiredCount} desired task(s), ${s.pendingCount} pending` },
    ];
  },

  manualRestore(ctx, history) {
    const prior = priorOf<ScalePrior>(history, STEP);
    return prior ? [awsCli(ctx, 'ecs', 'update-service', { cluster: ctx.env.ecs.cluster, service: ctx.env.ecs.service, 'desired-count': String(prior.desiredCount) })] : [];
  },
};

runIfScript(import.meta.url, scaleService);
