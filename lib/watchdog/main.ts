// The watchdog process (started by lib/watchdog/start.ts): node --import tsx lib/watchdog/main.ts <runDir> <harnessPid> [pollMs]
// Every tick it reads the journal; when the harness is gone and a fault outlived its planned restore plus the
// grace period, it restores from the journal (recording that it did) and exits. Bounded in lifetime.
import { restoreRun } from '../../chaos/restore-run.ts';
import { readJournal, summarize } from '../journal/index.ts';
import { isProcessAlive } from '../safety/process.ts';
import { decide } from './decide.ts';

const [runDir, pidText, pollText] = process.argv.slice(2);
const log = (line: string) => process.stdout.write(`${new Date().toISOString()} watchdog: ${line}\n`);

/** However the run goes, the watchdog is gone a day later: a run is minutes to hours long. */
const MAX_LIFETIME_MS = 24 * 3600_000;

async function main(): Promise<number> {
  const harnessPid = Number(pidText);
  const pollMs = Number(pollText ?? 500);
  if (!runDir || !Number.isInteger(harnessPid)) {
    log('usage: main.ts <runDir> <harnessPid> [pollMs]');
    return 2;
  }
  log(`watching harness pid ${harnessPid} for ${runDir}`);
  const started = Date.now();
  let said = '';
  while (Date.now() - started < MAX_LIFETIME_MS) {
    const summary = summarize(readJournal(runDir).records);
    const action = decide(summary, { harnessAlive: isProcessAlive(harnessPid), now: Date.now(), graceMs: summary.start?.graceMs ?? 60_000 });
    if (action.why !== said) log(action.why);
    said = action.why;
    if (action.kind === 'exit') return 0;
    if (action.kind === 'restore') return restore();
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  log('lifetime exceeded; restoring whatever is still applied');
  return restore();
}

/** After a failed restore (AWS unreachable, credentials expired) try again, 30 s doubling to 10 min, while it lives. */
const FIRST_RETRY_MS = 30_000;
const MAX_RETRY_MS = 600_000;

async function restore(): Promise<number> {
  const started = Date.now();
  let pause = FIRST_RETRY_MS;
  for (;;) {
    try {
      const result = await restoreRun(runDir as string, { by: 'watchdog', io: { out: log, err: log } });
      log(`restore ${result.status}: ${result.faults.map((f) => `${f.faultId} ${f.ok ? 'restored' : 'FAILED'}`).join(', ') || 'nothing to do'}`);
      if (result.status !== 'failed') return 0;
    } catch (err) {
      log(`restore failed: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (Date.now() - started > MAX_LIFETIME_MS) return 4;
    log(`trying again in ${pause / 1000} s (or run "firedrill restore")`);
    await new Promise((resolve) => setTimeout(resolve, pause));
    pause = Math.min(MAX_RETRY_MS, pause * 2);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(4);
  },
);
