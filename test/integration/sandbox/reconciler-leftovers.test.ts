// No task process outlives the sandbox for long: a supervisor killed with SIGKILL leaves its task groups running
// (they lead their own groups), and the next reconciler on the same logs directory ends them, while a pid file
// whose pid now belongs to an unrelated process harms nothing.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { createEcs } from '../../../sandbox/aws/ecs/index.ts';
import { createSecretsManager } from '../../../sandbox/aws/secretsmanager/index.ts';
import { startReconciler, type TaskInfo } from '../../../sandbox/ecs/index.ts';
import { eventually, groupAlive, processAlive } from './fixtures/reconciler-stack.ts';

const CRASH_SUPERVISOR = join(import.meta.dirname, 'fixtures', 'crash-supervisor.ts');
const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'firedrill-leftovers-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Runs the crash supervisor until its tasks are up, then SIGKILLs it; resolves with the tasks it left. */
async function superviseThenCrash(logsDir: string): Promise<TaskInfo[]> {
  const child = spawn(process.execPath, ['--import', 'tsx', CRASH_SUPERVISOR, logsDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  cleanups.push(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  const lines = createInterface({ input: child.stdout! });
  const tasks = await new Promise<TaskInfo[]>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('crash supervisor did not report its tasks within 60 s')), 60_000);
    lines.on('line', (line) => {
      if (!line.startsWith('{"tasks"')) return;
      clearTimeout(timer);
      resolve((JSON.parse(line) as { tasks: TaskInfo[] }).tasks);
    });
    child.once('exit', (code) => reject(new Error(`crash supervisor exited with ${code} before its tasks were up: ${stderr}`)));
  });
  // Whatever the test finds, no task process of ours may survive it.
  cleanups.push(() => {
    for (const task of tasks) if (task.pid) void killGroup(task.pid);
  });
  child.kill('SIGKILL');
  await exited;
  return tasks;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

async function startFreshReconciler(logsDir: string, lines: string[]) {
  const reconciler = await startReconciler({
    scheduler: createEcs().scheduler,
    secrets: createSecretsManager().store,
    images: {},
    logsDir,
    onLog: (line) => lines.push(line),
  });
  cleanups.push(() => reconciler.stop());
  return reconciler;
}

describe('reconciler leftovers', () => {
  it('ends the task processes of a supervisor that was killed, when the next one starts on the same logs directory', async () => {
    const logsDir = await tempDir();
    const tasks = await superviseThenCrash(logsDir);
    expect(tasks).toHaveLength(2);
    // The crash really left them running: this is the situation being repaired.
    for (const task of tasks) expect(groupAlive(task.pid!)).toBe(true);
    expect((await readdir(logsDir)).filter((f) => f.endsWith('.pid'))).toHaveLength(2);

    const lines: string[] = [];
    await startFreshReconciler(logsDir, lines);
    for (const task of tasks) {
      await eventually(() => expect(groupAlive(task.pid!)).toBe(false), 5000);
      expect(lines.some((l) => l.includes(task.taskId) && l.includes('left running by an earlier sandbox'))).toBe(true);
    }
    expect((await readdir(logsDir)).filter((f) => f.endsWith('.pid'))).toEqual([]);
  });

  it('leaves alone a process whose pid a stale pid file names but which started at another time', async () => {
    const logsDir = await tempDir();
    const stranger = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => stranger.once('exit', resolve));
    cleanups.push(async () => {
      stranger.kill('SIGKILL');
      await exited;
    });
    const pidFile = join(logsDir, 'stale.pid');
    writeFileSync(pidFile, JSON.stringify({ pid: stranger.pid, startSeconds: 1 }));
    const lines: string[] = [];
    await startFreshReconciler(logsDir, lines);
    expect(processAlive(stranger.pid!)).toBe(true);
    expect(existsSync(pidFile)).toBe(false);
    expect(lines.filter((l) => l.includes('left running'))).toEqual([]);
  });
});
