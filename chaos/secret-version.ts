// The mechanics shrink-db-pool and break-db-secret share: a new secret version carrying the fault, a forced
// deployment so tasks pick it up, and the lossless way back: AWSCURRENT (and AWSPREVIOUS) moved back to the
// versions recorded before the drill. The old value is never re-put, so nothing that was there is lost.
import { randomUUID } from 'node:crypto';
import { AWSCURRENT, AWSPREVIOUS, labelHolder, waitForStartedTasks, waitForSteadyState } from '../lib/aws/index.ts';
import { HarnessError } from '../lib/errors.ts';
import { priorOf, resultOf, stepStatus, type FaultHistory } from '../lib/journal/index.ts';
import type { Check, FaultContext } from './contract.ts';
import { awsCli } from './manual.ts';
import { redeploy, serviceChecks } from './service-steps.ts';

export const PUT_STEP = 'put-secret-version';
export const DEPLOY_STEP = 'force-new-deployment';

export interface SecretPrior {
  secretId: string;
  secretArn: string;
  /** AWSCURRENT and AWSPREVIOUS holders before the drill. */
  current: string;
  previous: string | null;
  /** Chosen before the call (ClientRequestToken), so restore knows it even if the process died mid-call. */
  drillVersionId: string;
}

export interface SecretEdit {
  /** What the new version changes, for progress lines: "DB_POOL_MAX=2". Never a value from the secret. */
  label: string;
  /** The drill's key/values, built from the current ones. Runs in memory only; the result is never logged. */
  apply(keys: Record<string, unknown>): Record<string, unknown>;
  /** shrink-db-pool waits until the new deployment serves; a broken secret never gets there, so: tasks started. */
  waitFor: 'serving' | 'started';
}

function parseKeys(text: string, secretId: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // fall through to the error below (which must not quote the value)
  }
  throw new HarnessError(`secret ${secretId} is not a JSON object of keys`, 'the service must read its settings as JSON keys (valueFrom <arn>:DATABASE_URL::)');
}

export async function injectSecretVersion(ctx: FaultContext, edit: SecretEdit): Promise<void> {
  const { secrets, ecs, gate } = ctx.aws;
  const secretId = ctx.env.database.secretId;
  const view = await secrets.describe(secretId);
  const current = labelHolder(view, AWSCURRENT);
  if (!current) throw new HarnessError(`secret ${secretId} has no AWSCURRENT version`);
  const next = JSON.stringify(edit.apply(parseKeys(await secrets.getString(secretId, current), secretId)));
  const prior: SecretPrior = { secretId, secretArn: view.arn, current, previous: labelHolder(view, AWSPREVIOUS) ?? null, drillVersionId: randomUUID() };
  ctx.log(`${ctx.faultId}: new version ${prior.drillVersionId} of ${secretId} with ${edit.label} (AWSCURRENT was ${current})`);
  await ctx.journal.step(PUT_STEP, `secretsmanager:PutSecretValue ${secretId}`, { ...prior }, () => secrets.putString(secretId, next, prior.drillVersionId), () => ({ versionId: prior.drillVersionId }));

  const deployment = await redeploy(ctx, DEPLOY_STEP);
  const wait = { timeoutMs: ctx.timing.deploymentTimeoutMs, onProgress: ctx.log, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  if (edit.waitFor === 'serving') {
    await gate.wait(`deployment ${deployment} to serve alone`, () => waitForSteadyState(ecs, { ...wait, deploymentId: deployment }), () => undefined);
  } else {
    await gate.wait(`deployment ${deployment} to start tasks`, () => waitForStartedTasks(ecs, deployment, wait), () => undefined);
  }
}

/** Move `stage` back to `want` (or off the drill's version when there was none before). Returns what it did. */
async function putLabelBack(ctx: FaultContext, prior: SecretPrior, stage: string, want: string | null): Promise<string | undefined> {
  const view = await ctx.aws.secrets.describe(prior.secretId);
  const holder = labelHolder(view, stage) ?? null;
  if (holder === want) return undefined;
  if (holder !== prior.drillVersionId && holder !== null) {
    return `left ${stage} on ${holder}: neither the drill's version nor the recorded one (someone changed the secret during the drill)`;
  }
  if (stage === AWSCURRENT && want === null) return undefined;
  const move = { stage, ...(want ? { moveToVersionId: want } : {}), ...(holder ? { removeFromVersionId: holder } : {}) };
  await ctx.journal.step(`restore:${stage}`, `secretsmanager:UpdateSecretVersionStage ${prior.secretId} ${stage}`, { holder, want }, () => ctx.aws.secrets.moveStage(prior.secretId, move));
  return want ? `moved ${stage} of ${prior.secretId} back to ${want}` : `removed ${stage} from the drill's version of ${prior.secretId}`;
}

/** Tasks read secrets only at start: a forced deployment (once per restore) puts them on the restored version. */
async function redeployOnRestoredSecret(ctx: FaultContext, history: FaultHistory): Promise<string[]> {
  const done = stepStatus(history, 'restore:redeploy') === 'done';
  const deploymentId = done ? (resultOf<{ deploymentId: string | null }>(history, 'restore:redeploy')?.deploymentId ?? undefined) : await redeploy(ctx, 'restore:redeploy');
  await ctx.aws.gate.wait(
    `${ctx.env.ecs.service} to reach a steady state`,
    async () => {
      await waitForSteadyState(ctx.aws.ecs, { timeoutMs: ctx.timing.deploymentTimeoutMs, onProgress: ctx.log, ...(deploymentId ? { deploymentId } : {}) });
    },
    () => undefined,
  );
  return done ? [] : [`forced a new deployment of ${ctx.env.ecs.service} (${deploymentId}) so tasks read the restored secret`];
}

export async function restoreSecretVersion(ctx: FaultContext, history: FaultHistory): Promise<string[]> {
  const prior = priorOf<SecretPrior>(history, PUT_STEP);
  if (!prior) return [];
  const drillVersionSeen = prior.drillVersionId in (await ctx.aws.secrets.describe(prior.secretId)).stages;
  const actions: string[] = [];
  for (const [stage, want] of [[AWSCURRENT, prior.current], [AWSPREVIOUS, prior.previous]] as const) {
    const did = await putLabelBack(ctx, prior, stage, want);
    if (did) actions.push(did);
  }
  // A put that provably never happened changed nothing the tasks could have read.
  if (stepStatus(history, PUT_STEP) !== 'done' && !drillVersionSeen) return actions;
  // Redeploying while AWSCURRENT is on someone else's version would start tasks on it: leave that to the operator.
  if (labelHolder(await ctx.aws.secrets.describe(prior.secretId), AWSCURRENT) !== prior.current) return actions;
  return [...actions, ...(await redeployOnRestoredSecret(ctx, history))];
}

export async function verifySecretRestored(ctx: FaultContext, history: FaultHistory): Promise<Check[]> {
  const prior = priorOf<SecretPrior>(history, PUT_STEP);
  if (!prior) return [{ ok: true, text: 'the secret was never changed' }];
  const view = await ctx.aws.secrets.describe(prior.secretId);
  const current = labelHolder(view, AWSCURRENT) ?? null;
  const previous = labelHolder(view, AWSPREVIOUS) ?? null;
  const drillDeployment = resultOf<{ deploymentId: string | null }>(history, DEPLOY_STEP)?.deploymentId ?? undefined;
  return [
    { ok: current === prior.current, text: `${prior.secretId} AWSCURRENT is ${current ?? 'on no version'} (before the drill: ${prior.current})` },
    { ok: previous === prior.previous, text: `${prior.secretId} AWSPREVIOUS is ${previous ?? 'on no version'} (before the drill: ${prior.previous ?? 'on no version'})` },
    ...(await serviceChecks(ctx, drillDeployment)),
  ];
}

export function manualSecretRestore(ctx: FaultContext, history: FaultHistory): string[] {
  const prior = priorOf<SecretPrior>(history, PUT_STEP);
  if (!prior) return [];
  const stage = (s: string, to: string | null) =>
    awsCli(ctx, 'secretsmanager', 'update-secret-version-stage', { 'secret-id': prior.secretId, 'version-stage': s, 'move-to-version-id': to ?? undefined, 'remove-from-version-id': prior.drillVersionId });
  return [
    stage(AWSCURRENT, prior.current),
    stage(AWSPREVIOUS, prior.previous),
    awsCli(ctx, 'ecs', 'update-service', { cluster: ctx.env.ecs.cluster, service: ctx.env.ecs.service, 'force-new-deployment': true }),
  ];
}
