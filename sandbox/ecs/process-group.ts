// One task = one OS process group. The task's program leads its own group (it may start helpers, e.g. tsx's
// esbuild service), so a signal to the group reaches everything the task started and nothing else; output goes
// straight to the task's log file, never through the supervisor's console.
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { constants } from 'node:os';

export interface ExitStatus {
  /** The exit code, or 128 + the signal number when a signal ended it (Docker's convention: SIGKILL -> 137). */
  code: number;
  signal?: NodeJS.Signals;
}

export interface TaskProcess {
  pid: number;
  exited: Promise<ExitStatus>;
  /** Set once the group leader has exited. */
  exitStatus(): ExitStatus | undefined;
}

export interface SpawnSpec {
  command: string;
  args: string[];
  cwd?: string;
  env: Record<string, string>;
  logFile: string;
  /** First line of the log file; must not contain environment values. */
  header: string;
}

const KILL_WAIT_MS = 5000;

export function exitCodeOf(code: number | null, signal: NodeJS.Signals | null): ExitStatus {
  if (code !== null) return { code };
  const number = signal ? constants.signals[signal] : undefined;
  return signal ? { code: 128 + (number ?? 0), signal } : { code: 0 };
}

/** Resolves once the program runs; rejects (leaving nothing behind) when it cannot be started, e.g. ENOENT. */
export function spawnTaskProcess(spec: SpawnSpec): Promise<TaskProcess> {
  const fd = openSync(spec.logFile, 'a');
  writeSync(fd, `${spec.header}\n`);
  return new Promise<TaskProcess>((resolve, reject) => {
    const child = spawn(spec.command, spec.args, {
      ...(spec.cwd !== undefined ? { cwd: spec.cwd } : {}),
      env: spec.env,
      stdio: ['ignore', fd, fd],
      detached: true, // its own process group (and session): signals go to -pid
    });
    let status: ExitStatus | undefined;
    const exited = new Promise<ExitStatus>((done) => {
      child.once('exit', (code, signal) => {
        status = exitCodeOf(code, signal);
        // Whatever the leader left running in its group goes with it, as a container's processes do.
        signalGroup(child.pid, 'SIGKILL');
        done(status);
      });
    });
    child.once('spawn', () => {
      closeSync(fd);
      resolve({ pid: child.pid as number, exited, exitStatus: () => status });
    });
    // `on`, not `once`: a later error (a failed kill) must not become an uncaught exception.
    child.on('error', (err) => {
      if (child.pid === undefined) {
        closeSync(fd);
        reject(err);
      }
    });
  });
}

/** Signals the whole group; false when it no longer exists (ESRCH) or may not be signalled (EPERM). */
export function signalGroup(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (pid === undefined || pid <= 0) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    // Called from exit handlers and shutdown paths that must not throw; the caller waits for the exit either way.
    return false;
  }
}

/**
 * SIGTERM to the group, SIGKILL after `graceMs` if the leader is still there, then wait (bounded) for it to go.
 * Undefined only if the process survives even SIGKILL for KILL_WAIT_MS (e.g. stuck in uninterruptible I/O).
 */
export async function terminate(proc: TaskProcess, graceMs: number): Promise<ExitStatus | undefined> {
  const done = proc.exitStatus();
  if (done) return done;
  signalGroup(proc.pid, 'SIGTERM');
  const graceful = await within(proc.exited, graceMs);
  if (graceful) return graceful;
  signalGroup(proc.pid, 'SIGKILL');
  return within(proc.exited, KILL_WAIT_MS);
}

export async function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
