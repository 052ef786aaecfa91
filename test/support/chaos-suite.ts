// For a chaos test file that drives drills against one sandbox: the sandbox started in-process before the first
// test and stopped after the last, an observer on it, and the steady state it was in before any test, which every
// restore must bring back.
import { afterAll, beforeAll } from 'vitest';
import { Observer, type LiveState } from '../integration/chaos/fixtures/observe.ts';
import { startChaosSandbox, type ChaosSandbox } from '../integration/chaos/fixtures/sandbox.ts';

export interface ChaosSuite {
  readonly sb: ChaosSandbox;
  /** Reads the live state straight from the sandbox (SDK, pg, HTTP), not through the harness under test. */
  readonly see: Observer;
  /** The steady state before the first test. */
  readonly before: LiveState;
}

/** Registers the file's beforeAll/afterAll; read the returned fields inside tests and hooks, once started. */
export function useChaosSuite(o: { taskCount?: number } = {}): ChaosSuite {
  let sb: ChaosSandbox | undefined;
  let started: ChaosSuite | undefined;
  beforeAll(async () => {
    sb = await startChaosSandbox(o);
    const see = new Observer(sb.sandbox.state);
    started = { sb, see, before: await see.waitSteady() };
  });
  afterAll(async () => {
    await sb?.stop();
  });
  const get = (): ChaosSuite => {
    if (!started) throw new Error('useChaosSuite: the sandbox is not started yet; read sb, see and before inside a test or hook, not at module level');
    return started;
  };
  return {
    get sb() {
      return get().sb;
    },
    get see() {
      return get().see;
    },
    get before() {
      return get().before;
    },
  };
}
