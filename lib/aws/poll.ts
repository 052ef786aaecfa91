// Bounded polling with progress: how every wait in the harness is written (never a fixed sleep).
import { HarnessError } from '../errors.ts';

export interface PollObservation {
  done: boolean;
  /** One line describing what was seen; printed whenever it changes. */
  summary: string;
}

export interface PollOptions {
  /** What is awaited, in the user's words: "core-api to reach a steady state". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  onProgress?: (line: string) => void;
  signal?: AbortSignal;
  now?: () => number;
}

/** Thrown when a poll is aborted (Ctrl-C): callers move on to restoring. */
export class WaitAbortedError extends HarnessError {
  constructor(what: string) {
    super(`stopped waiting for ${what}`);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Call `check` every intervalMs until it reports done; throw a HarnessError with the last observation on timeout. */
export async function pollUntil(check: () => Promise<PollObservation>, o: PollOptions): Promise<string> {
  const now = o.now ?? Date.now;
  const started = now();
  const interval = o.intervalMs ?? 1000;
  let last = '';
  for (;;) {
    if (o.signal?.aborted) throw new WaitAbortedError(o.what);
    const seen = await check();
    const elapsed = Math.round((now() - started) / 1000);
    if (seen.summary !== last) {
      o.onProgress?.(`  ${seen.summary} (${elapsed} s)`);
      last = seen.summary;
    }
    if (seen.done) return seen.summary;
    if (now() - started >= o.timeoutMs) {
      throw new HarnessError(`timed out after ${Math.round(o.timeoutMs / 1000)} s waiting for ${o.what}; last seen: ${seen.summary}`);
    }
    await sleep(Math.min(interval, Math.max(0, o.timeoutMs - (now() - started))), o.signal);
  }
}
