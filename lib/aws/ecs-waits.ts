// Waiting on an ECS service, bounded and with progress lines, for faults and restores.
import type { EcsAdapter, ServiceView } from './ecs.ts';
import { pollUntil, type PollObservation } from './poll.ts';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
}

export function describeProgress(s: ServiceView): string {
  const primary = s.deployments[0];
  const deployments = s.deployments.length === 1 ? '1 deployment' : `${s.deployments.length} deployments`;
  const rollout = primary ? `, primary ${primary.id} ${primary.rolloutState || primary.status} (${primary.runningCount}/${primary.desiredCount} running, ${primary.failedTasks} failed)` : '';
  return `${s.name}: ${s.runningCount}/${s.desiredCount} running, ${s.pendingCount} pending, ${deployments}${rollout}`;
}

/** One deployment, completed, and every desired task running: what "restored" means for a service. */
export function isSteady(s: ServiceView, deploymentId?: string): boolean {
  const primary = s.deployments[0];
  return (
    s.deployments.length === 1 &&
    primary !== undefined &&
    (deploymentId === undefined || primary.id === deploymentId) &&
    primary.rolloutState !== 'IN_PROGRESS' &&
    primary.rolloutState !== 'FAILED' &&
    s.runningCount === s.desiredCount &&
    s.pendingCount === 0
  );
}

/** The deployment is live: at least one of its tasks started (or failed to start, for a broken configuration). */
export function hasStartedTasks(s: ServiceView, deploymentId: string): boolean {
  const d = s.deployments.find((x) => x.id === deploymentId);
  return d !== undefined && (d.runningCount > 0 || d.failedTasks > 0);
}

async function watch(ecs: EcsAdapter, what: string, done: (s: ServiceView) => boolean, o: WaitOptions): Promise<ServiceView> {
  let last: ServiceView | undefined;
  await pollUntil(
    async (): Promise<PollObservation> => {
      last = await ecs.describeService();
      return { done: done(last), summary: describeProgress(last) };
    },
    { what, ...o },
  );
  return last as ServiceView;
}

/** Until the service is steady (optionally on a given deployment). */
export function waitForSteadyState(ecs: EcsAdapter, o: WaitOptions & { deploymentId?: string }): Promise<ServiceView> {
  const what = `${ecs.ref.service} to reach a steady state${o.deploymentId ? ` on deployment ${o.deploymentId}` : ''}`;
  return watch(ecs, what, (s) => isSteady(s, o.deploymentId), o);
}

export function waitForStartedTasks(ecs: EcsAdapter, deploymentId: string, o: WaitOptions): Promise<ServiceView> {
  return watch(ecs, `deployment ${deploymentId} of ${ecs.ref.service} to start tasks`, (s) => hasStartedTasks(s, deploymentId), o);
}
