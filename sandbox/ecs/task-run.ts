// One task's life as a process: carry out its start-task action, watch it, stop it when asked, and tell the
// scheduler each step (the reports listed in sandbox/aws/ecs/scheduler.ts). Never decides anything itself.
import { join } from 'node:path';
import type { StartTaskAction } from '../aws/ecs/index.ts';
import { nameFromArnOrName } from '../aws/ecs/ids.ts';
import type { LaunchPlan, LaunchResult } from './launch-plan.ts';
import { pidFilePath, removePidFile, writePidFile } from './leftovers.ts';
import type { SchedulerPort } from './options.ts';
import { freePort, waitForListening } from './ports.ts';
import { spawnTaskProcess, terminate, within, type ExitStatus, type TaskProcess } from './process-group.ts';
import type { TaskTargets } from './targets.ts';

/** Bounds a drain even if a balancer never answers (ALB's default deregistration delay). */
const DRAIN_BOUND_MS = 300_000;

export type TaskPhase = 'starting' | 'running' | 'stopping' | 'stopped';

export interface TaskInfo {
  taskArn: string;
  taskId: string;
  clusterName: string;
  serviceName?: string;
  phase: TaskPhase;
  pid?: number;
  port?: number;
  /** Epoch ms the process began serving (taskRunning). */
  startedAt?: number;
  logFile: string;
}

export interface TaskRunDeps {
  scheduler: SchedulerPort;
  targets: TaskTargets;
  launch: (action: StartTaskAction) => LaunchResult;
  logsDir: string;
  listenTimeoutMs: number;
  /** Ports handed to live tasks, so two tasks starting together never get the same one. */
  ports: Set<number>;
  log: (line: string) => void;
  /** After every report: the scheduler may have something new to decide. */
  wake: () => void;
  /** The task's process is gone and everything is reported: drop it. */
  forget: (run: TaskRun) => void;
}

export interface StopRequest {
  graceMs: number;
  /** Wait for the balancers to drain the target before SIGTERM (stop-task), or not (shutdown, orphans). */
  drain: boolean;
  /** Tell the scheduler (stop-task), or not (shutdown, orphans the scheduler no longer knows). */
  report: boolean;
}

export class TaskRun {
  readonly info: TaskInfo;
  private proc: TaskProcess | undefined;
  private stopRequest: StopRequest | undefined;
  private starting: Promise<void> = Promise.resolve();
  private stopping: Promise<void> | undefined;
  /** Resolves when shutdown overtakes a draining stop. */
  private hurryNow: () => void = () => {};
  private readonly hurried = new Promise<void>((resolve) => (this.hurryNow = resolve));

  constructor(
    private readonly action: StartTaskAction,
    private readonly deps: TaskRunDeps,
  ) {
    this.info = {
      taskArn: action.taskArn,
      taskId: action.taskId,
      clusterName: nameFromArnOrName(action.clusterArn),
      ...(action.serviceName !== undefined ? { serviceName: action.serviceName } : {}),
      phase: 'starting',
      logFile: join(deps.logsDir, `${action.taskId}.log`),
    };
  }

  start(): void {
    this.starting = this.launch().catch((err: unknown) => this.launchCrashed(err));
  }

  /**
   * Idempotent: a second request waits for the first, except that a request without drain (shutdown) cuts a
   * stop still draining or in its grace period short to its own grace.
   */
  stop(request: StopRequest): Promise<void> {
    if (this.stopping) {
      if (!request.drain) this.hurry(request.graceMs);
      return this.stopping;
    }
    this.stopRequest = request;
    this.stopping = this.halt();
    return this.stopping;
  }

  private async launch(): Promise<void> {
    this.report('taskProvisioned', () => this.deps.scheduler.taskProvisioned(this.action.taskArn));
    const launch = this.deps.launch(this.action);
    if (!launch.ok) return this.failStart(launch.reason);
    const choice = this.deps.targets.choose(this.action.loadBalancers);
    if (!choice.ok) return this.failStart(choice.reason);
    if (this.stopRequest) return;
    const port = await freePort(this.deps.ports);
    this.deps.ports.add(port);
    this.info.port = port;
    if (this.stopRequest) return;
    let proc: TaskProcess;
    try {
      proc = await this.spawn(launch.plan, port);
    } catch (err) {
      return this.failStart(`CannotStartContainerError: ${launch.plan.command}: ${(err as Error).message}`);
    }
    if (this.stopRequest) return;
    if (launch.plan.listens) {
      const outcome = await waitForListening(port, { timeoutMs: this.deps.listenTimeoutMs, gone: () => !!this.stopRequest || !!proc.exitStatus() });
      if (outcome === 'gone') return;
      // Like ECS, the container is RUNNING whether or not it serves; the balancer's checks will fail it.
      if (outcome === 'timeout') this.deps.log(`task ${this.action.taskId}: not listening on ${port} after ${this.deps.listenTimeoutMs} ms; reporting it running anyway`);
    }
    this.info.phase = 'running';
    this.info.startedAt = Date.now();
    this.report('taskRunning', () => this.deps.scheduler.taskRunning(this.action.taskArn));
    this.deps.targets.register(this.action.taskId, port, choice.balancers);
  }

  private async spawn(plan: LaunchPlan, port: number): Promise<TaskProcess> {
    const env = { ...plan.env, PORT: String(port) };
    const header =
      `=== ${new Date().toISOString()} task ${this.action.taskId} (${this.action.family}:${this.action.revision}, container ${plan.containerName}) ` +
      `on 127.0.0.1:${port}: ${[plan.command, ...plan.args].join(' ')}; environment names: ${Object.keys(env).sort().join(' ')}`;
    const proc = await spawnTaskProcess({ command: plan.command, args: plan.args, ...(plan.cwd ? { cwd: plan.cwd } : {}), env, logFile: this.info.logFile, header });
    this.proc = proc;
    this.info.pid = proc.pid;
    this.deps.log(`task ${this.action.taskId}: started pid ${proc.pid} on port ${port}`);
    const pidFile = pidFilePath(this.deps.logsDir, this.action.taskId);
    this.attempt('writing the pid file', () => writePidFile(pidFile, proc.pid));
    void proc.exited.then((status) => {
      this.attempt('removing the pid file', () => removePidFile(pidFile));
      this.exitedUnasked(status);
    });
    return proc;
  }

  /** The process ended on its own (a stop in progress handles its own exit). */
  private exitedUnasked(status: ExitStatus): void {
    this.releasePort();
    if (this.stopRequest) return;
    this.info.phase = 'stopped';
    this.deps.log(`task ${this.action.taskId}: exited unasked with code ${status.code}${status.signal ? ` (${status.signal})` : ''}`);
    void this.deregister();
    this.report('taskExited', () => this.deps.scheduler.taskExited(this.action.taskArn, status.code));
    this.deps.forget(this);
  }

  private async halt(): Promise<void> {
    await this.starting;
    if (this.info.phase === 'stopped') return;
    this.info.phase = 'stopping';
    const draining = this.deregister();
    const request = this.stopRequest as StopRequest;
    if (request.drain) await Promise.race([within(draining, DRAIN_BOUND_MS), this.hurried]);
    const status = this.proc ? await terminate(this.proc, request.graceMs) : undefined;
    this.info.phase = 'stopped';
    this.releasePort();
    if (this.proc && !status) this.deps.log(`task ${this.action.taskId}: pid ${this.proc.pid} still alive after SIGKILL`);
    if (this.proc) this.deps.log(`task ${this.action.taskId}: stopped${status ? ` with code ${status.code}` : ''}`);
    if (request.report) {
      if (status) this.report('taskExited', () => this.deps.scheduler.taskExited(this.action.taskArn, status.code));
      else this.report('taskStopped', () => this.deps.scheduler.taskStopped(this.action.taskArn));
    }
    this.deps.forget(this);
  }

  private failStart(reason: string): void {
    this.info.phase = 'stopped';
    this.releasePort();
    this.deps.log(`task ${this.action.taskId}: failed to start: ${reason}`);
    this.report('taskFailedToStart', () => this.deps.scheduler.taskFailedToStart(this.action.taskArn, reason));
    this.deps.forget(this);
  }

  /** A bug or an environment failure (no free port): never leave a process or a silent PENDING task behind. */
  private launchCrashed(err: unknown): void {
    this.deps.log(`task ${this.action.taskId}: start failed unexpectedly: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    if (this.proc) void terminate(this.proc, 0);
    else if (!this.stopRequest) this.failStart(`CannotStartContainerError: ${err instanceof Error ? err.message : String(err)}`);
  }

  /** Shutdown overtakes a stop-task: no more waiting for the drain, and at most `graceMs` before SIGKILL. */
  private hurry(graceMs: number): void {
    const request = this.stopRequest as StopRequest;
    request.drain = false;
    request.graceMs = Math.min(request.graceMs, graceMs);
    this.hurryNow();
    if (this.proc && !this.proc.exitStatus()) void terminate(this.proc, request.graceMs);
  }

  private deregister(): Promise<void> {
    return this.deps.targets.deregister(this.action.taskId).catch((err: unknown) => {
      this.deps.log(`task ${this.action.taskId}: deregistration failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  private releasePort(): void {
    if (this.info.port !== undefined) this.deps.ports.delete(this.info.port);
  }

  /** Bookkeeping that must not break the task's life (a full disk, a removed logs directory). */
  private attempt(what: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      this.deps.log(`task ${this.action.taskId}: ${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private report(what: string, call: () => void): void {
    try {
      call();
    } catch (err) {
      // The scheduler throws only for a task it does not know (pruned, or restored without it): log, carry on.
      this.deps.log(`task ${this.action.taskId}: ${what} not accepted: ${err instanceof Error ? err.message : String(err)}`);
    }
    this.deps.wake();
  }
}
