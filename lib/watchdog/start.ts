// Start the watchdog: a detached process that outlives the harness, so a SIGKILLed or crashed drill is still
// restored. It watches the harness's pid and the run's journal, and exits when the run ends.
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../paths.ts';

export interface Watchdog {
  pid: number;
}

export const WATCHDOG_LOG = 'watchdog.log';

export function startWatchdog(o: { runDir: string; harnessPid: number; pollMs?: number }): Watchdog {
  const log = openSync(join(o.runDir, WATCHDOG_LOG), 'a', 0o600);
  try {
    const child = spawn(
      process.execPath,
      // The SDK's Node-version notice would be the first thing in every watchdog log; it is not the watchdog's news.
      ['--disable-warning=NodeVersionSupportWarning', '--import', import.meta.resolve('tsx'), join(projectRoot, 'lib', 'watchdog', 'main.ts'), o.runDir, String(o.harnessPid), String(o.pollMs ?? 500)],
      { cwd: projectRoot, detached: true, stdio: ['ignore', log, log], env: process.env },
    );
    child.unref();
    if (child.pid === undefined) throw new Error('the watchdog process did not start');
    return { pid: child.pid };
  } finally {
    closeSync(log);
  }
}
