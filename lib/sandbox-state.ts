// The harness's only window on the local sandbox: the state file it writes when ready (contracts.md, "The sandbox
// stack"). The harness never imports sandbox/; it reads this file and talks to the endpoints like it talks to AWS.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from './errors.ts';
import { stateDir } from './paths.ts';

export interface SandboxState {
  version: 1;
  /** The sandbox supervisor's pid. */
  pid: number;
  region: string;
  awsEndpoint: string;
  lbUrl: string;
  /** Superuser connection string: a sandbox-only credential, still never printed. */
  dbAdminUrl: string;
  cluster: string;
  service: string;
  secretId: string;
  alarmPrefix: string;
  /** NDJSON of every AWS call the sandbox served ({operation, mutating, ...}). */
  requestLog: string;
}

const REQUIRED_STRINGS = ['region', 'awsEndpoint', 'lbUrl', 'dbAdminUrl', 'cluster', 'service', 'secretId', 'alarmPrefix', 'requestLog'] as const;

export function sandboxStateFile(dir: string = stateDir()): string {
  return join(dir, 'sandbox', 'state.json');
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Parse and check a state file's content; every problem names the field. */
export function parseSandboxState(text: string, file: string): SandboxState {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new HarnessError(`${file}: not valid JSON`, 'stop and start the sandbox again: firedrill sandbox down && firedrill sandbox up');
  }
  const problems: string[] = [];
  if (raw.version !== 1) problems.push(`version: expected 1, got ${JSON.stringify(raw.version)}`);
  if (typeof raw.pid !== 'number' || !Number.isInteger(raw.pid) || raw.pid <= 0) problems.push('pid: expected a process id');
  for (const key of REQUIRED_STRINGS) {
    if (typeof raw[key] !== 'string' || raw[key] === '') problems.push(`${key}: expected a non-empty string`);
  }
  if (problems.length > 0) {
    throw new HarnessError(`${file}: ${problems.join('; ')}`, 'this file is written by the sandbox; restart it: firedrill sandbox down && firedrill sandbox up');
  }
  return raw as unknown as SandboxState;
}

/** The running sandbox's state. Throws a HarnessError naming the fix when it is not running. */
export function readSandboxState(dir: string = stateDir()): SandboxState {
  const file = sandboxStateFile(dir);
  if (!existsSync(file)) throw new HarnessError(`the local sandbox is not running (no ${file})`, 'start it with: firedrill sandbox up');
  const state = parseSandboxState(readFileSync(file, 'utf8'), file);
  if (!isAlive(state.pid)) {
    throw new HarnessError(`the local sandbox is not running (its supervisor, pid ${state.pid}, is gone)`, 'start it with: firedrill sandbox up');
  }
  return state;
}
