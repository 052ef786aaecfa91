import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** What a running sandbox tells the harness (environments/local.yaml resolves against it). Mode 0600: it holds a DB password. */
export interface SandboxState {
  version: 1;
  pid: number;
  startedAt: string;
  readyAt: string;
  region: string;
  awsEndpoint: string;
  lbUrl: string;
  /** Superuser URL (sandbox-only credential; never printed). */
  dbAdminUrl: string;
  cluster: string;
  service: string;
  secretId: string;
  alarmPrefix: string;
  requestLog: string;
  logsDir: string;
}

export function stateFilePath(sandboxDir: string): string {
  return join(sandboxDir, 'state.json');
}

export function writeStateFile(sandboxDir: string, state: SandboxState): void {
  const file = stateFilePath(sandboxDir);
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}

export function removeStateFile(sandboxDir: string): void {
  rmSync(stateFilePath(sandboxDir), { force: true });
}
