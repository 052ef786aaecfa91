// The harness's side of the local sandbox: start its supervisor detached, stop it, find it. The harness never
// imports sandbox/ code: it starts a process and reads the state file the sandbox writes.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync as fsReadSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../errors.ts';
import { projectRoot, stateDir } from '../paths.ts';
import { isAlive, parseSandboxState, sandboxStateFile, type SandboxState } from '../sandbox-state.ts';

export type SandboxStateFile = SandboxState;

export const sandboxDir = () => join(stateDir(), 'sandbox');
const logFile = () => join(sandboxDir(), 'supervisor.log');

/** The running sandbox, or undefined (no state file, or its supervisor is gone). */
export function runningSandbox(): SandboxState | undefined {
  if (!existsSync(sandboxStateFile())) return undefined;
  const state = parseSandboxState(readFileSync(sandboxStateFile(), 'utf8'), sandboxStateFile());
  return isAlive(state.pid) ? state : undefined;
}

/** Start the supervisor detached and relay its progress until it is ready. Idempotent: a running sandbox is reused. */
export async function sandboxUp(progress: (line: string) => void, timeoutMs = 15 * 60_000): Promise<SandboxStateFile> {
  const existing = runningSandbox();
  if (existing) return existing;
  mkdirSync(sandboxDir(), { recursive: true });
  const out = openSync(logFile(), 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'sandbox', 'stack', 'supervisor.ts'), sandboxDir()], {
    cwd: projectRoot,
    detached: true,
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  child.unref();
  let exited: number | null | undefined;
  child.on('exit', (code) => (exited = code));
  const relay = logRelay(progress);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    relay();
    const state = runningSandbox();
    if (state && state.pid === child.pid) return state;
    if (exited !== undefined) {
      relay();
      throw new HarnessError(`the sandbox failed to start (exit ${exited}); its log is ${logFile()}`, 'fix the cause above, then run firedrill sandbox up again');
    }
    await sleep(200);
  }
  if (child.pid) process.kill(child.pid, 'SIGTERM');
  throw new HarnessError(`the sandbox was not ready within ${Math.round(timeoutMs / 1000)}s; its log is ${logFile()}`);
}

/** Stop the supervisor (it stops every process it started) and wait until it is gone. */
export async function sandboxDown(progress: (line: string) => void, timeoutMs = 60_000): Promise<boolean> {
  const state = runningSandbox();
  if (!state) return false;
  process.kill(state.pid, 'SIGTERM');
  const relay = logRelay(progress, statSync(logFile()).size);
  const deadline = Date.now() + timeoutMs;
  while (isAlive(state.pid) && Date.now() < deadline) {
    relay();
    await sleep(200);
  }
  relay();
  if (isAlive(state.pid)) {
    process.kill(-state.pid, 'SIGKILL');
    throw new HarnessError(`the sandbox supervisor (pid ${state.pid}) did not stop within ${timeoutMs / 1000}s and was killed; check for leftover processes`);
  }
  return true;
}

/** Print the supervisor log's new lines since the last call. */
function logRelay(progress: (line: string) => void, from = 0): () => void {
  let offset = from;
  let partial = '';
  return () => {
    if (!existsSync(logFile())) return;
    const size = statSync(logFile()).size;
    if (size <= offset) return;
    const fd = openSync(logFile(), 'r');
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, offset);
    closeSync(fd);
    offset = size;
    const lines = (partial + buf.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) progress(line.replace(/^\S+Z /, ''));
  };
}

function readSync(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) {
    const n = fsReadSync(fd, buf, done, buf.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
