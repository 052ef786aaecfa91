// Ctrl-C and SIGTERM during a drill restore everything before the harness exits (exit 3, aborted), and a second
// Ctrl-C does not skip restoration. The harness is the driver process; signals are real.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJournal, summarize } from '../../../lib/journal/index.ts';
import { discard, prepareDriver, type PreparedDriver } from './fixtures/kill.ts';
import { Observer, restorable, waitFor, type LiveState } from './fixtures/observe.ts';
import { startChaosSandbox, type ChaosSandbox } from './fixtures/sandbox.ts';

let sb: ChaosSandbox;
let see: Observer;
let before: LiveState;
const runsDir = mkdtempSync(join(tmpdir(), 'firedrill-signal-runs-'));

beforeAll(async () => {
  sb = await startChaosSandbox({ taskCount: 2 });
  see = new Observer(sb.sandbox.state);
  before = await see.waitSteady();
});

afterAll(async () => {
  await sb?.stop();
});

async function started(action: string, params: Record<string, unknown>, until: (runDir: string) => boolean): Promise<PreparedDriver> {
  const d = prepareDriver(runsDir, { action, params, holdMs: 60_000, graceMs: 60_000 }, false);
  await d.proc.waitForLine('READY', 60_000);
  d.proc.child.stdin!.write('go\n');
  await waitFor(`${action} to reach the moment`, async () => {
    if (d.proc.child.exitCode !== null) throw new Error(`driver exited early: ${d.proc.output().stderr}`);
    return until(d.runDir) ? true : undefined;
  }, 60_000, 10);
  return d;
}

const journalHas = (step: string) => (runDir: string) => {
  try {
    return readJournal(runDir).records.some((r) => r.kind === 'intent' && r.step === step);
  } catch {
    return false;
  }
};

describe('signals during a drill', () => {
  it('Ctrl-C twice during the hold: the second does not skip restoration; exit 3 once restored', async () => {
    const d = await started('scale-service', { desiredCount: 1 }, () => true);
    try {
      await d.proc.waitForLine('INJECTED', 60_000);
      expect((await see.live()).desiredCount).toBe(1);
      d.proc.child.kill('SIGINT');
      await waitFor('the first Ctrl-C to be seen', async () => (d.proc.output().stderr.includes('SIGINT: stopping the drill') ? true : undefined), 10_000, 10);
      d.proc.child.kill('SIGINT');
      expect(await d.proc.exited).toBe(3);
      const { stdout, stderr } = d.proc.output();
      expect(stderr).toContain('SIGINT again: still restoring faults');
      expect(stdout).toContain('restored scale-service (scale-service): set desiredCount of core-api back to 2');
      expect(stdout).toContain('CLOSED');
      expect(summarize(readJournal(d.runDir).records).end).toMatchObject({ status: 'finished', by: 'harness' });
      expect(restorable(await see.waitSteady())).toEqual(restorable(before));
    } finally {
      discard(d);
    }
  });

  it('SIGTERM while inject waits for the new deployment stops the wait and restores the secret exactly', async () => {
    const original = await see.secretValue();
    const d = await started('shrink-db-pool', { poolMax: 2 }, journalHas('force-new-deployment'));
    try {
      d.proc.child.kill('SIGTERM');
      expect(await d.proc.exited).toBe(3);
      expect(d.proc.output().stdout).not.toContain('INJECTED');
      const summary = summarize(readJournal(d.runDir).records);
      expect(summary.faults.find((f) => f.faultId === 'shrink-db-pool')?.restored?.by).toBe('harness');
      expect(restorable(await see.waitSteady())).toEqual(restorable(before));
      expect(await see.secretValue()).toEqual(original);
      expect(await see.poolMaxima()).toEqual([Number(original.DB_POOL_MAX)]);
    } finally {
      discard(d);
    }
  });
});
