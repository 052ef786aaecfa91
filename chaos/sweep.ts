// The sweep `firedrill restore` ends with: what dead runs may have left outside any journal a restore could
// replay: firedrill-tagged database sessions and stale in-progress markers on the ECS service.
import { openAws } from '../lib/aws/index.ts';
import type { Environment } from '../lib/experiment/environment.ts';
import { isStale, MARKER_KEYS, readMarker } from '../lib/safety/marker.ts';
import { readSandboxState, type SandboxState } from '../lib/sandbox-state.ts';
import { adminUrlSource } from './db-admin.ts';
import { listTaggedSessions, TAG_PREFIX, terminateTagged, withAdmin } from './pg-sessions.ts';
import type { RestoreIo } from './restore-faults.ts';

export interface SweepOptions {
  io: RestoreIo;
  /** Runs whose harness is (or may be) alive: their sessions and markers are theirs to clean. */
  liveRunIds: ReadonlySet<string>;
  sandboxState?: () => SandboxState;
}

async function sweepSessions(env: Environment, adminUrl: () => Promise<string>, o: SweepOptions): Promise<string[]> {
  const url = await adminUrl();
  return withAdmin(url, async (c) => {
    const tags = new Set((await listTaggedSessions(c)).map((s) => s.tag));
    const done: string[] = [];
    for (const tag of tags) {
      const runId = tag.slice(TAG_PREFIX.length);
      if (o.liveRunIds.has(runId)) continue;
      const n = await terminateTagged(c, tag);
      done.push(`terminated ${n} database session(s) ${tag} left by a dead run`);
    }
    return done;
  });
}

async function sweepMarker(aws: ReturnType<typeof openAws>, o: SweepOptions): Promise<string[]> {
  const service = await aws.ecs.describeService();
  const marker = readMarker(await aws.ecs.listTags(service.arn));
  if (!marker || o.liveRunIds.has(marker.runId) || !isStale(marker)) return [];
  await aws.ecs.untagResource(service.arn, MARKER_KEYS);
  return [`removed the stale drill marker of run ${marker.runId} (by ${marker.operator}) from ${service.name}`];
}

/** Sweep one environment. Parts that cannot be reached are reported and skipped, never fatal. */
export async function sweepEnvironment(env: Environment, o: SweepOptions): Promise<string[]> {
  const sandboxState = o.sandboxState ?? (() => readSandboxState());
  if (env.sandbox) {
    try {
      sandboxState();
    } catch {
      return []; // no sandbox running: nothing of it can be left applied
    }
  }
  const aws = openAws(env, { sandboxState });
  const done: string[] = [];
  try {
    const parts: Array<[string, () => Promise<string[]>]> = [
      ['the drill marker', () => sweepMarker(aws, o)],
      ['firedrill database sessions', () => sweepSessions(env, adminUrlSource(env, aws, sandboxState), o)],
    ];
    for (const [what, run] of parts) {
      try {
        done.push(...(await run()));
      } catch (err) {
        o.io.err(`sweep: could not check ${what} on ${env.name}: ${(err as Error).message}`);
      }
    }
  } finally {
    aws.close();
  }
  return done;
}
