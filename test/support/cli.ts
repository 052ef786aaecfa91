// Drive the real CLI as users do (a child process through the bin entry), with zx's $.
import { $ } from 'zx';
import { join } from 'node:path';
import { projectRoot } from '../../lib/paths.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

const BIN = join(projectRoot, 'scripts', 'firedrill.mjs');

/**
 * Run the CLI. stdin is an empty pipe, or with `stdinClosed` no stdin at all (file descriptor 0 closed, as under
 * some CI runners and cron), which proves a command never waits for input.
 */
export async function firedrill(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number; stdinClosed?: boolean } = {}): Promise<CliResult> {
  const run = $({
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, ...options.env },
    nothrow: true,
    quiet: true,
    timeout: options.timeoutMs ?? 60_000,
    ...(options.stdinClosed ? {} : { input: '' }),
  });
  const result = options.stdinClosed ? await run`sh -c ${'exec node "$0" "$@" 0<&-'} ${BIN} ${args}` : await run`node ${BIN} ${args}`;
  return { code: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A Node stack frame in user-facing output means an expected error escaped as a crash. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text);
}
