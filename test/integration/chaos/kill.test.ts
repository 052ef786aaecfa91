// Kill tests: for every fault, SIGKILL the harness at different moments while the fault is applied (mid-inject
// included), then (a) `firedrill restore` returns the sandbox to its pre-drill state, and (b) separately, with no
// restore run, the watchdog does it, acting within grace + 10 s of the planned restore. Each at least 5 times.
// Moments come from a seeded PRNG; FIREDRILL_KILL_SEED replays a run. One task keeps deployments quick; the
// scale-down and keep-one-task paths are covered with two tasks in faults.test.ts.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRun, readJournal, summarize } from '../../../lib/journal/index.ts';
import { prng } from '../../support/prng.ts';
import { discard, firedrillRestore, prepareDriver, restoreInProcess, startAndKill, watchdogLog, type KillPlan, type KillResult, type PreparedDriver } from './fixtures/kill.ts';
import { Observer, restorable, waitFor, type LiveState } from './fixtures/observe.ts';
import { startChaosSandbox, type ChaosSandbox } from './fixtures/sandbox.ts';

const ITERATIONS = 5;
const seed = Number(process.env.FIREDRILL_KILL_SEED ?? Date.now() % 1_000_000);
const random = prng(seed);
const runsDir = mkdtempSync(join(tmpdir(), 'firedrill-kill-runs-'));

/** Kill windows stay inside inject + hold, so every kill lands while the fault is (being) applied. */
const plans: Array<KillPlan & { windowMs: number }> = [
  { action: 'shrink-db-pool', params: { poolMax: 3 }, holdMs: 1200, graceMs: 800, windowMs: 4500 },
  { action: 'break-db-secret', params: { mode: 'unreachable-host' }, holdMs: 1200, graceMs: 800, windowMs: 4500 },
  { action: 'pg-sleep', params: { mode: 'connections', connections: 3 }, holdMs: 1200, graceMs: 800, windowMs: 1300 },
  { action: 'scale-service', params: { desiredCount: 2 }, holdMs: 1200, graceMs: 800, windowMs: 2500 },
  { action: 'stop-tasks', params: { count: 1, allowAll: true }, holdMs: 1200, graceMs: 800, windowMs: 1300 },
];

/** Spread over the window: iteration i lands in its own fifth, at a random point inside it. */
const moment = (i: number, windowMs: number) => Math.round((windowMs * (i + random())) / ITERATIONS);

let sb: ChaosSandbox;
let see: Observer;
let before: LiveState;

beforeAll(async () => {
  console.log(`kill moments seed: ${seed} (FIREDRILL_KILL_SEED=${seed} replays them)`);
  sb = await startChaosSandbox({ taskCount: 1 });
  see = new Observer(sb.sandbox.state);
  before = await see.waitSteady();
});

afterAll(async () => {
  await sb?.stop();
});

async function expectPreDrillState(): Promise<void> {
  const after = await see.waitSteady(60_000);
  expect(restorable(after)).toEqual(restorable(before));
}

/** Run `body` after each of ITERATIONS kills; the next driver loads while the current one is being restored. */
async function killRepeatedly(plan: (typeof plans)[number], watchdog: boolean, body: (killed: KillResult, i: number) => Promise<void>): Promise<KillResult[]> {
  const results: KillResult[] = [];
  let next: PreparedDriver = prepareDriver(runsDir, plan, watchdog);
  try {
    for (let i = 0; i < ITERATIONS; i++) {
      const killed = await startAndKill(next, moment(i, plan.windowMs));
      if (i + 1 < ITERATIONS) next = prepareDriver(runsDir, plan, watchdog);
      await body(killed, i);
      results.push(killed);
    }
  } finally {
    discard(next);
  }
  return results;
}

/** The first restore as a process (the CLI path), the rest in-process (the same command without the start-up
 * cost), alternating the run named explicitly with the run found through the index. */
async function restoreAfterKill(killed: KillResult, i: number): Promise<void> {
  const args = i % 2 === 0 ? ['--run', killed.runDir] : [];
  const restore = i === 0 ? await firedrillRestore(args) : await restoreInProcess(args);
  expect(restore.code, restore.stderr + restore.stdout).toBe(0);
  expect(restore.stdout).toContain(`restoring run ${killed.runId}`);
  await expectPreDrillState();
  expect(summarize(readJournal(killed.runDir).records).end).toMatchObject({ status: 'restored', by: 'restore' });
  expect(findRun(killed.runId)).toBeUndefined();
  if (i === 0) {
    const again = await restoreInProcess(['--run', killed.runDir]);
    expect(again.code).toBe(0);
    expect(again.stdout).not.toContain('restored ');
  }
}

/**
 * The watchdog must act (its first journal record) within grace + 10 s of the fault's planned restore, and finish
 * the restore. Returns [acted, finished] in ms after the planned restore.
 */
async function watchdogRestores(killed: KillResult, plan: KillPlan): Promise<[number, number]> {
  const end = await waitFor('the watchdog to end the run', async () => summarize(readJournal(killed.runDir).records).end, plan.holdMs + plan.graceMs + 60_000, 100);
  expect(end, watchdogLog(killed.runDir)).toMatchObject({ status: 'restored', by: 'watchdog' });
  const records = readJournal(killed.runDir).records;
  const fault = summarize(records).faults.find((f) => f.action === plan.action)!;
  const acted = Date.parse(records.find((r) => r.by === 'watchdog')!.at) - fault.plannedRestoreAt;
  expect(acted, watchdogLog(killed.runDir)).toBeLessThanOrEqual(plan.graceMs + 10_000);
  await expectPreDrillState();
  expect(findRun(killed.runId)).toBeUndefined();
  return [acted, Date.parse(end.at) - fault.plannedRestoreAt];
}

describe.each(plans)('$action killed while applied', (plan) => {
  it(`firedrill restore returns the sandbox to its pre-drill state (${ITERATIONS} moments)`, async () => {
    const killed = await killRepeatedly(plan, false, restoreAfterKill);
    console.log(`${plan.action}: killed after ${killed.map((k) => `${k.killedAfterMs} ms${k.injected ? '' : ' (mid-inject)'}`).join(', ')}; firedrill restore put it back each time`);
  });

  it(`with no restore run, the watchdog restores within grace + 10 s of the planned restore (${ITERATIONS} moments)`, async () => {
    const timings: Array<[number, number]> = [];
    await killRepeatedly(plan, true, async (killed) => void timings.push(await watchdogRestores(killed, plan)));
    const shown = timings.map(([a, f]) => `${(a / 1000).toFixed(1)}/${(f / 1000).toFixed(1)} s`).join(', ');
    console.log(`${plan.action}: watchdog acted/finished ${shown} after the planned restore (grace ${plan.graceMs / 1000} s)`);
  });
});
