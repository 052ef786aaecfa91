// The sandbox's ECS reconciler: runs each task the scheduler (sandbox/aws/ecs) starts as a real OS process behind
// the sandbox load balancer, and reports back what the processes do. The scheduler decides; this only carries out.
// Behaviour and the rules it follows: sandbox/ecs/README.md. The seam: sandbox/aws/ecs/scheduler.ts.
import { appendFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { reclaimLeftovers } from './leftovers.ts';
import { resolveReconcilerOptions, type ReconcilerOptions } from './options.ts';
import { RunningReconciler } from './reconciler.ts';
import type { TaskInfo } from './task-run.ts';

export type { ReconcilerOptions, ImageSpec, EcsMetricsOptions, LoadBalancerLookup, SchedulerPort, SecretResolver, TargetBalancer } from './options.ts';
export type { TaskInfo, TaskPhase } from './task-run.ts';

export interface Reconciler {
  /** Live task processes (starting, running or stopping). */
  tasks(): TaskInfo[];
  /** Samples and publishes usage metrics now (no-op without the metrics option). */
  publishUsage(): Promise<void>;
  /** Stops planning and every task process: SIGTERM, SIGKILL after shutdownGraceMs. Safe to call twice. */
  stop(): Promise<void>;
}

/**
 * Validates the options, creates the logs directory, ends task processes an earlier (crashed) reconciler left
 * behind there, and starts planning at once.
 */
export async function startReconciler(options: ReconcilerOptions): Promise<Reconciler> {
  const opts = resolveReconcilerOptions(options);
  await mkdir(opts.logsDir, { recursive: true });
  const log = opts.onLog ?? fileLog(join(opts.logsDir, 'reconciler.log'));
  await reclaimLeftovers(opts.logsDir, log);
  const running = new RunningReconciler(opts, log);
  running.start();
  log(`reconciler: started (tick ${opts.tickMs} ms, logs in ${opts.logsDir})`);
  let stopped: Promise<void> | undefined;
  return {
    tasks: () => running.tasks(),
    publishUsage: () => running.publishUsage(),
    stop: () => (stopped ??= running.stop().then(() => log('reconciler: stopped'))),
  };
}

function fileLog(path: string): (line: string) => void {
  return (line) => {
    try {
      appendFileSync(path, `${new Date().toISOString()} ${line}\n`);
    } catch {
      // Logging must never break the reconciler (a full disk, a removed directory).
    }
  };
}
