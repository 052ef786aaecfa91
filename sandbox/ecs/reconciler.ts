// The running reconciler: the live task runs by ARN, the plan loop that feeds them actions, the balancer binding
// that turns health verdicts into reports, and the usage publisher. startReconciler (index.ts) builds one.
import type { SchedulerAction, StartTaskAction, StopTaskAction } from '../aws/ecs/index.ts';
import { planLaunch } from './launch-plan.ts';
import type { ResolvedReconcilerOptions } from './options.ts';
import { PlanLoop } from './plan-loop.ts';
import { signalGroup, within } from './process-group.ts';
import { TaskTargets, type HealthVerdict } from './targets.ts';
import { TaskRun, type TaskInfo, type TaskRunDeps } from './task-run.ts';
import type { UsageTarget } from './usage-metrics.ts';
import { UsagePublisher } from './usage-publisher.ts';

/** On top of the shutdown grace: SIGKILL's own wait and a margin, after which stop() sweeps and returns anyway. */
const SHUTDOWN_SLACK_MS = 7000;

export class RunningReconciler {
  private readonly runs = new Map<string, TaskRun>();
  private readonly targets: TaskTargets;
  private readonly deps: TaskRunDeps;
  private readonly loop: PlanLoop;
  private readonly publisher: UsagePublisher | undefined;
  private readonly sweep = () => this.killAll();
  private stopping: Promise<void> | undefined;

  constructor(
    private readonly opts: ResolvedReconcilerOptions,
    private readonly log: (line: string) => void,
  ) {
    this.targets = new TaskTargets(opts.loadBalancers, (taskId, verdict) => this.reportHealth(taskId, verdict));
    this.deps = {
      scheduler: opts.scheduler,
      targets: this.targets,
      launch: (action) => planLaunch(action, { images: opts.images, secrets: opts.secrets, baseEnv: opts.env, hostEnv: process.env }),
      logsDir: opts.logsDir,
      listenTimeoutMs: opts.listenTimeoutMs,
      ports: new Set(),
      log,
      wake: () => this.loop.wake(),
      forget: (run) => {
        if (this.runs.get(run.info.taskArn) === run) this.runs.delete(run.info.taskArn);
      },
    };
    this.loop = new PlanLoop({
      scheduler: opts.scheduler,
      clock: opts.clock,
      tickMs: opts.tickMs,
      execute: (action) => this.execute(action),
      reap: (active) => this.reap(active),
      log,
    });
    this.publisher = opts.metrics ? new UsagePublisher(opts.metrics, () => this.usageTargets(), log) : undefined;
  }

  start(): void {
    // Last resort if the supervisor exits without stop(): no task process may outlive it.
    process.on('exit', this.sweep);
    this.loop.start();
  }

  tasks(): TaskInfo[] {
    return [...this.runs.values()].map((run) => ({ ...run.info }));
  }

  publishUsage(): Promise<void> {
    return this.publisher?.tick() ?? Promise.resolve();
  }

  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.loop.stop();
      const request = { graceMs: this.opts.shutdownGraceMs, drain: false, report: false };
      await within(Promise.all([...this.runs.values()].map((run) => run.stop(request))), this.opts.shutdownGraceMs + SHUTDOWN_SLACK_MS);
      this.killAll();
      this.targets.close();
      await this.publisher?.close();
      process.off('exit', this.sweep);
    })();
    return this.stopping;
  }

  private execute(action: SchedulerAction): void {
    if (action.type === 'start-task') this.startTask(action);
    else this.stopTask(action);
  }

  private startTask(action: StartTaskAction): void {
    if (this.runs.has(action.taskArn)) {
      this.log(`reconciler: start-task ${action.taskId} handed out twice; ignoring the second`);
      return;
    }
    const run = new TaskRun(action, this.deps);
    this.runs.set(action.taskArn, run);
    run.start();
  }

  private stopTask(action: StopTaskAction): void {
    const run = this.runs.get(action.taskArn);
    if (run) {
      void run.stop({ graceMs: action.stopTimeoutMs, drain: true, report: true });
      return;
    }
    // No process here (its start was never handed to this reconciler, or it already ended): the stop is done.
    this.log(`reconciler: stop-task ${action.taskId} for a task with no process; reporting it stopped`);
    this.report(action.taskId, () => this.opts.scheduler.taskStopped(action.taskArn));
  }

  /** A process the scheduler no longer lists as active is an orphan: end it without telling anyone. */
  private reap(active: ReadonlySet<string>): void {
    for (const [arn, run] of this.runs) {
      if (active.has(arn) || run.info.phase === 'stopping' || run.info.phase === 'stopped') continue;
      this.log(`reconciler: task ${run.info.taskId} is not active in the scheduler; ending its process`);
      void run.stop({ graceMs: this.opts.shutdownGraceMs, drain: false, report: false });
    }
  }

  private reportHealth(taskId: string, verdict: HealthVerdict): void {
    const run = [...this.runs.values()].find((r) => r.info.taskId === taskId);
    if (!run || run.info.phase !== 'running') return;
    const arn = run.info.taskArn;
    this.report(taskId, () => (verdict.healthy ? this.opts.scheduler.taskHealthy(arn) : this.opts.scheduler.taskUnhealthy(arn, verdict.reason)));
  }

  private report(taskId: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.log(`reconciler: report for ${taskId} not accepted: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.loop.wake();
  }

  private usageTargets(): UsageTarget[] {
    const targets: UsageTarget[] = [];
    for (const { info } of this.runs.values()) {
      if (info.pid === undefined || info.serviceName === undefined || info.phase === 'stopped') continue;
      targets.push({ taskId: info.taskId, pid: info.pid, clusterName: info.clusterName, serviceName: info.serviceName });
    }
    return targets;
  }

  private killAll(): void {
    for (const run of this.runs.values()) signalGroup(run.info.pid, 'SIGKILL');
  }
}
