// The in-progress marker as a fault of its own: "applied" while the drill runs, restored (untagged) by the same
// journal-driven restore as every fault, so a crashed drill's marker is cleared by restore or the watchdog.
import { priorOf } from '../lib/journal/index.ts';
import { MARKER_KEYS, markerTags, ownerTag, readMarker, refuseBusy } from '../lib/safety/marker.ts';
import type { Fault } from './contract.ts';
import { awsCli } from './manual.ts';

export const MARKER_ACTION = 'drill-marker';
export const MARKER_FAULT_ID = '_marker';
const STEP = 'set-marker';

export interface MarkerParams {
  operator: string;
  plannedEndAt: string;
}

export const drillMarker: Fault<MarkerParams> = {
  action: MARKER_ACTION,
  summary: 'tags on the ECS service saying a drill is in progress (also the lock against a second drill)',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['operator', 'plannedEndAt'],
    properties: { operator: { type: 'string' }, plannedEndAt: { type: 'string' } },
  },

  describe: (p, env) => [`tag ${env.ecs.cluster}/${env.ecs.service} with ${MARKER_KEYS.join(', ')} (operator ${p.operator}, planned end ${p.plannedEndAt})`],

  async inject(ctx, p) {
    const { ecs } = ctx.aws;
    const service = await ecs.describeService();
    const existing = readMarker(await ecs.listTags(service.arn));
    if (existing && existing.runId !== ctx.runId) throw refuseBusy(service.name, existing);
    const marker = { runId: ctx.runId, operator: p.operator, plannedEndAt: p.plannedEndAt, owner: ownerTag() };
    await ctx.journal.step(STEP, `ecs:TagResource ${service.arn}`, { serviceArn: service.arn }, () => ecs.tagResource(service.arn, markerTags(marker)));
    if (ctx.dryRun) return;
    // Two drills starting at once both tag; the last write wins and the other sees it here and backs off.
    const after = readMarker(await ecs.listTags(service.arn));
    if (after && after.runId !== ctx.runId) throw refuseBusy(service.name, after);
  },

  async restore(ctx, history) {
    const prior = priorOf<{ serviceArn: string }>(history, STEP);
    if (!prior) return [];
    const marker = readMarker(await ctx.aws.ecs.listTags(prior.serviceArn));
    // A dry run never tagged: show the untag that would follow.
    if (marker?.runId !== ctx.runId && !ctx.dryRun) return [];
    await ctx.journal.step('restore:clear-marker', `ecs:UntagResource ${prior.serviceArn}`, { runId: ctx.runId }, () => ctx.aws.ecs.untagResource(prior.serviceArn, MARKER_KEYS));
    return [`removed the drill marker from ${ctx.env.ecs.service}`];
  },

  async verifyRestored(ctx, history) {
    const prior = priorOf<{ serviceArn: string }>(history, STEP);
    if (!prior || ctx.dryRun) return [];
    const marker = readMarker(await ctx.aws.ecs.listTags(prior.serviceArn));
    return [{ ok: marker?.runId !== ctx.runId, text: `${ctx.env.ecs.service} carries ${marker ? `the marker of run ${marker.runId}` : 'no drill marker'}` }];
  },

  manualRestore(ctx, history) {
    const prior = priorOf<{ serviceArn: string }>(history, STEP);
    return prior ? [awsCli(ctx, 'ecs', 'untag-resource', { 'resource-arn': prior.serviceArn, 'tag-keys': MARKER_KEYS })] : [];
  },
};
