import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { SandboxState as HarnessView } from '../../lib/sandbox-state.ts';

/**
 * What a running sandbox tells the harness (environments/local.yaml resolves against it): the harness's view
 * (lib/sandbox-state.ts, the contract) plus bookkeeping. Mode 0600: it holds the DB admin URL.
 */
export interface SandboxState extends HarnessView {
  startedAt: string;
  readyAt: string;
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
