// CreateCluster, DescribeClusters.
import { AwsError, type Handler } from '../../protocol.ts';
import { isStopped } from '../task-lifecycle.ts';
import { clusterArn, nameFromArnOrName } from '../ids.ts';
import { checkName, includesTags, checkListSize, optString, optStringList, parseTags } from '../input.ts';
import { renderCluster } from '../render.ts';
import type { EcsState } from '../state.ts';

export function clusterOperations(state: EcsState): Record<string, Handler> {
  return {
    CreateCluster(input, ctx) {
      const name = checkName(optString(input, 'clusterName') ?? 'default', 'clusterName');
      const tags = parseTags(input.tags);
      const existing = state.clusters.get(name);
      // CreateCluster is idempotent in AWS: an existing cluster of that name is returned as it is.
      if (existing?.status === 'ACTIVE') return { cluster: renderCluster(state, existing, true) };
      const settings = Array.isArray(input.settings) ? (input.settings as { name: string; value: string }[]) : [{ name: 'containerInsights', value: 'disabled' }];
      const cluster = { arn: clusterArn(state.scope, name), name, status: 'ACTIVE' as const, createdAt: ctx.now, tags, settings };
      state.clusters.set(name, cluster);
      state.changed();
      return { cluster: renderCluster(state, cluster, true) };
    },

    DeleteCluster(input) {
      const cluster = state.requireCluster(optString(input, 'cluster'));
      const services = [...state.services.values()].filter((s) => s.clusterArn === cluster.arn && s.status !== 'INACTIVE');
      if (services.length > 0) {
        throw new AwsError('ClusterContainsServicesException', 'The Cluster cannot be deleted while Services are active.');
      }
      if ([...state.tasks.values()].some((t) => t.clusterArn === cluster.arn && !isStopped(t))) {
        throw new AwsError('ClusterContainsTasksException', 'The Cluster cannot be deleted while Tasks are active.');
      }
      cluster.status = 'INACTIVE';
      state.changed();
      return { cluster: renderCluster(state, cluster, false) };
    },

    DescribeClusters(input) {
      const refs = optStringList(input, 'clusters') ?? ['default'];
      checkListSize(refs, 'clusters', 100);
      const withTags = includesTags(input);
      const clusters: unknown[] = [];
      const failures: unknown[] = [];
      for (const ref of refs) {
        const cluster = state.clusters.get(nameFromArnOrName(ref));
        // A deleted cluster is still described (status INACTIVE) for a while in AWS.
        if (cluster) clusters.push(renderCluster(state, cluster, withTags));
        else failures.push({ arn: ref.startsWith('arn:') ? ref : clusterArn(state.scope, ref), reason: 'MISSING' });
      }
      return { clusters, failures };
    },
  };
}
