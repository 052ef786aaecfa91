// The k6 child process: its command line, its environment and its lifetime.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { HarnessError } from '../errors.ts';
import { captureArgs, captureEnv } from '../evidence/capture.ts';
import type { RunFiles } from './run-files.ts';
import { SUMMARY_TREND_STATS } from './run-files.ts';

export interface K6Command {
  k6Path: string;
  scenario: string;
  files: RunFiles;
  port: number;
  /** Extra environment for the scenario (visible as __ENV). Never put secrets here: k6 logs may echo them. */
  env?: Record<string, string>;
  extraSystemTags?: readonly string[];
}

export function k6Args(command: K6Command): string[] {
  const { files } = command;
  return [
    'run',
    '--address', `127.0.0.1:${command.port}`,
    '--config', files.k6Options,
    ...captureArgs({ file: files.samples, extraSystemTags: command.extraSystemTags }),
    '--summary-export', files.summary,
    '--summary-trend-stats', SUMMARY_TREND_STATS.join(','),
    '--no-usage-report',
    '--no-color',
    command.scenario,
  ];
}

// Only what k6 needs from the harness's environment: the harness may hold AWS credentials or a DATABASE_URL,
// and k6 passes its whole environment to the script (and to anything the script logs).
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'TZ', 'SYSTEMROOT'];

/**
 * Go's collector: k6 at saturation spends a large share of its CPU on garbage collection, and the capture adds
 * garbage (every sample formatted into a row). Collecting at 200 % heap growth instead of 100 % buys back more
 * than the capture costs, for more memory: k6 keeps every trend value, so its heap grows with the run (about
 * 100 bytes per request; a million requests peak near 300 MB instead of 200 MB). Callers can set GOGC in `env`.
 */
export const K6_GOGC = '200';

export function k6Env(command: K6Command, base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED) if (base[name] !== undefined) env[name] = base[name] as string;
  return { ...env, GOGC: K6_GOGC, ...captureEnv(), K6_NO_USAGE_REPORT: 'true', FIREDRILL_CONFIG: command.files.scenarioConfig, ...command.env };
}

export interface K6Process {
  child: ChildProcess;
  /** Resolves when k6 has exited; rejects with a HarnessError when k6 could not be started at all. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Start k6 with stdout/stderr going straight to the run's log files. k6 gets its own process group so a Ctrl-C
 * in the terminal reaches only the harness, which then stops k6 through the REST API and still gets the summary;
 * if the harness process exits with k6 still running, k6 is killed with it.
 */
export function spawnK6(command: K6Command): K6Process {
  const out = openSync(command.files.stdout, 'w');
  const err = openSync(command.files.stderr, 'w');
  let child: ChildProcess;
  try {
    child = spawn(command.k6Path, k6Args(command), { env: k6Env(command), stdio: ['ignore', out, err], detached: true });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  let exited = false;
  const killOnExit = () => {
    if (!exited) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  const exitedPromise = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      exited = true;
      process.removeListener('exit', killOnExit);
      reject(new HarnessError(`cannot run k6 at ${command.k6Path}: ${error.code ?? error.message}`, 'install k6 v2 (npm run bootstrap) or set K6_BIN'));
    });
    child.once('exit', (code, signal) => {
      exited = true;
      process.removeListener('exit', killOnExit);
      resolve({ code, signal });
    });
  });
  return {
    child,
    exited: exitedPromise,
    hasExited: () => exited,
    kill: (signal) => {
      if (!exited) child.kill(signal);
    },
  };
}
