import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { CLUSTER, SERVICE } from './topology.ts';

/** Poll DescribeServices until the service is steady (one COMPLETED deployment, running = desired). Bounded. */
export async function waitForSteadyService(ecs: ECSClient, timeoutMs: number, progress: (line: string) => void): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const out = await ecs.send(new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }));
    const svc = out.services?.[0];
    const deployments = svc?.deployments ?? [];
    const summary = `${svc?.runningCount ?? 0}/${svc?.desiredCount ?? '?'} running, rollout ${deployments[0]?.rolloutState ?? '?'}`;
    if (summary !== last) progress(`  core-api: ${summary}`);
    last = summary;
    if (svc && deployments.length === 1 && deployments[0]?.rolloutState === 'COMPLETED' && svc.runningCount === svc.desiredCount) return;
    if (deployments[0]?.rolloutState === 'FAILED') throw new Error(`core-api deployment failed: ${deployments[0].rolloutStateReason ?? 'unknown reason'}; see the task logs`);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`core-api did not reach a steady state within ${Math.round(timeoutMs / 1000)}s (${last}); see the task logs`);
}
