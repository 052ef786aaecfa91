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

export async function firedrill(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const result = await $({
    cwd: options.cwd ?? projectRoot,
    env: { ...process.env, ...options.env },
    nothrow: true,
    quiet: true,
    timeout: options.timeoutMs ?? 60_000,
    input: '',
  })`node ${BIN} ${args}`;
  return { code: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A Node stack frame in user-facing output means an expected error escaped as a crash. */
export function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text);
}
