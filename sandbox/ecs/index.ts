// The sandbox's ECS reconciler: runs each task the scheduler (sandbox/aws/ecs) starts as a real OS process behind
// the sandbox load balancer, and reports back what the processes do. The scheduler decides; this only carries out.
// Behaviour and the rules it follows: sandbox/ecs/README.md. The seam: sandbox/aws/ecs/scheduler.ts.
import { appendFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { SchedulerAction, StartTaskAction, StopTaskAction } from '../aws/ecs/index.ts';
import { planLaunch } from './launch-plan.ts';
import { reclaimLeftovers } from './leftovers.ts';
import { resolveReconcilerOptions, type ReconcilerOptions, type ResolvedReconcilerOptions } from './options.ts';
import { PlanLoop } from './plan-loop.ts';
import { signalGroup, within } from './process-group.ts';
import { TaskTargets, type HealthVerdict } from './targets.ts';
import { TaskRun, type TaskInfo, type TaskRunDeps } from './task-run.ts';
import { UsagePublisher } from './usage-publisher.ts';
import type { UsageTarget } from './usage-metrics.ts';

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

/** On top of the shutdown grace: SIGKILL's own wait and a margin, after which stop() sweeps and returns anyway. */
const SHUTDOWN_SLACK_MS = 7000;

export async function startReconciler(options: ReconcilerOptions): Promise<Reconciler> {
  const opts = resolveReconcilerOptions(options);
  await mkdir(opts.logsDir, { recursive: true });
  const log = opts.onLog ?? fileLog(join(opts.logsDir, 'reconciler.log'));
  await reclaimLeftovers(opts.logsDir, log);
  const runs = new Map<string, TaskRun>();
  const targets = new TaskTargets(opts.loadBalancers, (taskId, verdict) => {
    reportHealth(opts, runs, taskId, verdict, log);
    loop.wake();
  });
  const deps: TaskRunDeps = {
    scheduler: opts.scheduler,
    targets,
    launch: (action) => planLaunch(action, { images: opts.images, secrets: opts.secrets, baseEnv: opts.env, hostEnv: process.env }),
    logsDir: opts.logsDir,
    listenTimeoutMs: opts.listenTimeoutMs,
    ports: new Set(),
    log,
    wake: () => loop.wake(),
    forget: (run) => {
      if (runs.get(run.info.taskArn) === run) runs.delete(run.info.taskArn);
    },
  };
  const loop: PlanLoop = new PlanLoop({
    scheduler: opts.scheduler,
    clock: opts.clock,
    tickMs: opts.tickMs,
    execute: (action) => execute(action, runs, deps, opts),
    reap: (active) => reap(active, runs, opts, log),
    log,
  });
  const publisher = opts.metrics ? new UsagePublisher(opts.metrics, () => usageTargets(runs), log) : undefined;
  // Last resort if the supervisor exits without stop(): no task process may outlive it.
  const sweep = () => {
    for (const run of runs.values()) signalGroup(run.info.pid, 'SIGKILL');
  };
  process.on('exit', sweep);
  loop.start();
  log(`reconciler: started (tick ${opts.tickMs} ms, logs in ${opts.logsDir})`);

  let stopping: Promise<void> | undefined;
  return {
    tasks: () => [...runs.values()].map((run) => ({ ...run.info })),
    publishUsage: () => publisher?.tick() ?? Promise.resolve(),
    stop() {
      stopping ??= (async () => {
        loop.stop();
        const halts = [...runs.values()].map((run) => run.stop({ graceMs: opts.shutdownGraceMs, drain: false, report: false }));
        await within(Promise.all(halts), opts.shutdownGraceMs + SHUTDOWN_SLACK_MS);
        sweep();
        targets.close();
        await publisher?.close();
        process.off('exit', sweep);
        log(`reconciler: stopped`);
      })();
      return stopping;
    },
  };
}

function execute(action: SchedulerAction, runs: Map<string, TaskRun>, deps: TaskRunDeps, opts: ResolvedReconcilerOptions): void {
  if (action.type === 'start-task') startTask(action, runs, deps);
  else stopTask(action, runs, deps, opts);
}

function startTask(action: StartTaskAction, runs: Map<string, TaskRun>, deps: TaskRunDeps): void {
  if (runs.has(action.taskArn)) {
    deps.log(`reconciler: start-task ${action.taskId} handed out twice; ignoring the second`);
    return;
  }
  const run = new TaskRun(action, deps);
  runs.set(action.taskArn, run);
  run.start();
}

function stopTask(action: StopTaskAction, runs: Map<string, TaskRun>, deps: TaskRunDeps, opts: ResolvedReconcilerOptions): void {
  const run = runs.get(action.taskArn);
  if (run) {
    void run.stop({ graceMs: action.stopTimeoutMs, drain: true, report: true });
    return;
  }
  // No process here (its start was never handed to this reconciler, or it already ended): the stop is done.
  deps.log(`reconciler: stop-task ${action.taskId} for a task with no process; reporting it stopped`);
  try {
    opts.scheduler.taskStopped(action.taskArn);
  } catch (err) {
    deps.log(`reconciler: taskStopped ${action.taskId} not accepted: ${err instanceof Error ? err.message : String(err)}`);
  }
  deps.wake();
}

/** A process the scheduler no longer lists as active is an orphan: end it without telling anyone. */
function reap(active: ReadonlySet<string>, runs: Map<string, TaskRun>, opts: ResolvedReconcilerOptions, log: (line: string) => void): void {
  for (const [arn, run] of runs) {
    if (active.has(arn) || run.info.phase === 'stopping' || run.info.phase === 'stopped') continue;
    log(`reconciler: task ${run.info.taskId} is not active in the scheduler; ending its process`);
    void run.stop({ graceMs: opts.shutdownGraceMs, drain: false, report: false });
  }
}

function reportHealth(opts: ResolvedReconcilerOptions, runs: Map<string, TaskRun>, taskId: string, verdict: HealthVerdict, log: (line: string) => void): void {
  const run = [...runs.values()].find((r) => r.info.taskId === taskId);
  if (!run || run.info.phase !== 'running') return;
  try {
    if (verdict.healthy) opts.scheduler.taskHealthy(run.info.taskArn);
    else opts.scheduler.taskUnhealthy(run.info.taskArn, verdict.reason);
  } catch (err) {
    log(`reconciler: health report for ${taskId} not accepted: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function usageTargets(runs: Map<string, TaskRun>): UsageTarget[] {
  const targets: UsageTarget[] = [];
  for (const { info } of runs.values()) {
    if (info.pid === undefined || info.serviceName === undefined || info.phase === 'stopped') continue;
    targets.push({ taskId: info.taskId, pid: info.pid, clusterName: info.clusterName, serviceName: info.serviceName });
  }
  return targets;
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
