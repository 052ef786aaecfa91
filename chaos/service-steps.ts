// ECS steps several faults share: a journaled forced deployment, and the checks that a service is back.
import { isSteady } from '../lib/aws/index.ts';
import { HarnessError } from '../lib/errors.ts';
import type { Check, FaultContext } from './contract.ts';

/** UpdateService forceNewDeployment, journaled. Returns the new PRIMARY deployment's id. */
export async function redeploy(ctx: FaultContext, step: string): Promise<string> {
  const { ecs } = ctx.aws;
  const before = await ecs.describeService();
  const after = await ctx.journal.step(
    step,
    `ecs:UpdateService ${ctx.env.ecs.cluster}/${ctx.env.ecs.service} forceNewDeployment`,
    { primaryDeploymentId: before.deployments[0]?.id ?? null, desiredCount: before.desiredCount },
    () => ecs.updateService({ forceNewDeployment: true }),
    (s) => ({ deploymentId: s.deployments[0]?.id ?? null }),
  );
  const id = after.deployments[0]?.id;
  if (!id) throw new HarnessError(`ecs:UpdateService on ${ctx.env.ecs.service} returned no deployment`);
  ctx.log(`${ctx.faultId}: new deployment ${id} of ${ctx.env.ecs.service} (was ${before.deployments[0]?.id ?? 'none'})`);
  return id;
}

/** The service is steady with every desired task running, and (when given) no longer on the drill's deployment. */
export async function serviceChecks(ctx: FaultContext, drillDeployment?: string): Promise<Check[]> {
  const s = await ctx.aws.ecs.describeService();
  const primary = s.deployments[0];
  const checks: Check[] = [
    { ok: isSteady(s), text: `${s.name} is steady: ${s.runningCount}/${s.desiredCount} running, ${s.deployments.length} deployment(s), primary ${primary?.rolloutState || 'none'}` },
  ];
  if (drillDeployment) {
    checks.push({ ok: primary?.id !== drillDeployment, text: `${s.name} runs deployment ${primary?.id ?? 'none'}, not the drill's ${drillDeployment}` });
  }
  return checks;
}
