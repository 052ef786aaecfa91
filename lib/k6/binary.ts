import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { toolsDir } from '../paths.ts';

const run = promisify(execFile);

/** The k6 firedrill is tested with. scripts/k6/go.mod pins the same version and every dependency hash. */
export const K6_PINNED_VERSION = 'v2.2.0';
export const K6_MAJOR = 2;

export interface K6Binary {
  path: string;
  /** e.g. "v2.2.0" */
  version: string;
  source: 'K6_BIN' | 'tools' | 'PATH';
}

/** Where the pinned build goes: <tools>/bin/k6 (git-ignored). */
export function toolsK6Path(): string {
  return join(toolsDir(), 'bin', process.platform === 'win32' ? 'k6.exe' : 'k6');
}

/** `k6 v2.2.0 (go1.26.8, linux/amd64)` -> `v2.2.0` */
export function parseK6Version(output: string): string | undefined {
  return /\bk6 (v\d+\.\d+\.\d+[^\s]*)/.exec(output)?.[1];
}

export function majorOf(version: string): number | undefined {
  const m = /^v(\d+)\./.exec(version);
  return m ? Number(m[1]) : undefined;
}

async function probe(path: string): Promise<string | undefined> {
  try {
    const { stdout } = await run(path, ['version'], { timeout: 15_000 });
    return parseK6Version(stdout);
  } catch {
    return undefined;
  }
}

/**
 * Find a usable k6: $K6_BIN if set (must work), else the pinned build in the tools folder, else a `k6` on PATH
 * of the pinned major version. Undefined when none is usable; see install.ts for getting one.
 */
export async function findK6(): Promise<K6Binary | undefined> {
  const explicit = process.env.K6_BIN;
  if (explicit) {
    const version = await probe(explicit);
    return version ? { path: explicit, version, source: 'K6_BIN' } : undefined;
  }
  const local = toolsK6Path();
  if (existsSync(local)) {
    const version = await probe(local);
    if (version && majorOf(version) === K6_MAJOR) return { path: local, version, source: 'tools' };
  }
  const onPath = await probe('k6');
  if (onPath && majorOf(onPath) === K6_MAJOR) return { path: 'k6', version: onPath, source: 'PATH' };
  return undefined;
}
