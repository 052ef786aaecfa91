import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { projectRoot } from '../paths.ts';

/** `20261121T231500Z`: the UTC stamp every run id starts with (sortable, safe in paths, tags and application_name). */
export function utcStamp(now = new Date()): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** The drill session accepts run ids of at most 53 characters (tag values, Postgres application_name). */
export const MAX_RUN_ID = 53;

/** `20261121T231500Z-pool-exhaustion`: sortable, unique per second and experiment; long names are cut to fit. */
export function newRunId(experimentName: string, now = new Date()): string {
  const stamp = utcStamp(now);
  return `${stamp}-${experimentName.slice(0, MAX_RUN_ID - stamp.length - 1).replace(/-+$/, '')}`;
}

export function defaultRunsDir(): string {
  return join(projectRoot, 'reports', 'runs');
}

/** Every stage of a drill writes into this one folder; `firedrill report` rebuilds everything from it. */
export interface RunDir {
  runId: string;
  path: string;
  file(...parts: string[]): string;
  writeJson(name: string, value: unknown): string;
}

export function createRunDir(runId: string, parent = defaultRunsDir()): RunDir {
  const path = resolve(parent, runId);
  mkdirSync(join(path, 'evidence'), { recursive: true });
  mkdirSync(join(path, 'k6'), { recursive: true });
  return openRunDir(path, runId);
}

export function openRunDir(path: string, runId = path.split('/').pop() ?? path): RunDir {
  const file = (...parts: string[]) => join(path, ...parts);
  return {
    runId,
    path,
    file,
    writeJson: (name, value) => {
      const target = file(name);
      writeFileSync(target, `${JSON.stringify(value, null, 2)}\n`);
      return target;
    },
  };
}
