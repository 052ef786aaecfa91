// Bounded delivery: one attempt plus at most two retries, only for failures that may pass (5xx, 429, network),
// with the project's full-jitter backoff, all inside one deadline per channel. A notification is a courtesy after
// the drill; it must never hold up the exit code for long.
import { backoffMs } from '../aws/call.ts';

export interface NotifyRetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxMs: number;
  /** Everything for one channel, attempts and waits, ends by then. */
  deadlineMs: number;
  /** A retry is not started with less time than this left: it could not finish. */
  minAttemptMs: number;
}

export const NOTIFY_RETRY: NotifyRetryPolicy = { maxRetries: 2, baseMs: 500, maxMs: 4000, deadlineMs: 10_000, minAttemptMs: 500 };

export type AttemptResult =
  | { ok: true; detail: string }
  | {
      ok: false;
      retryable: boolean;
      /** What went wrong, for the warning line: codes and statuses, never a URL or a payload. */
      detail: string;
      /** What the user can do about it. */
      fix?: string;
      /** A server's Retry-After, in ms. */
      retryAfterMs?: number;
    };

export interface RetryOutcome {
  result: AttemptResult;
  attempts: number;
  elapsedMs: number;
}

/** HTTP statuses worth another try: the server failed or asked us to slow down. */
export const isRetryableStatus = (status: number): boolean => status === 429 || status >= 500;

/**
 * After attempt `attempt` (0-based) ended with `result` at `elapsedMs`: how long to wait before the next one, or
 * undefined to stop (success, a permanent failure, retries used up, or no time left for a useful attempt).
 */
export function retryDelay(attempt: number, result: AttemptResult, elapsedMs: number, policy: NotifyRetryPolicy, random: () => number): number | undefined {
  if (result.ok || !result.retryable || attempt >= policy.maxRetries) return undefined;
  const delay = result.retryAfterMs ?? backoffMs(attempt, { baseMs: policy.baseMs, maxMs: policy.maxMs, random });
  if (elapsedMs + delay + policy.minAttemptMs > policy.deadlineMs) return undefined;
  return delay;
}

export interface RetryDeps {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

const realDeps: RetryDeps = { now: Date.now, sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)), random: Math.random };

/**
 * Run `attempt` under the policy. Each attempt gets a signal that aborts at the deadline. Never throws: an attempt
 * that throws (a bug; attempts report failures as results) counts as a permanent failure, described without its
 * message, which could quote what was being sent.
 */
export async function withRetry(
  attempt: (signal: AbortSignal) => Promise<AttemptResult>,
  policy: NotifyRetryPolicy = NOTIFY_RETRY,
  deps: RetryDeps = realDeps,
): Promise<RetryOutcome> {
  const start = deps.now();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), policy.deadlineMs);
  try {
    for (let n = 0; ; n++) {
      const result = await attempt(deadline.signal).catch((): AttemptResult => ({ ok: false, retryable: false, detail: 'internal error while sending' }));
      const elapsedMs = deps.now() - start;
      const delay = deadline.signal.aborted ? undefined : retryDelay(n, result, elapsedMs, policy, deps.random);
      if (delay === undefined) return { result, attempts: n + 1, elapsedMs };
      await deps.sleep(delay);
    }
  } finally {
    clearTimeout(timer);
  }
}

/** "after 3 attempts in 1.2s" */
export function describeAttempts(outcome: Pick<RetryOutcome, 'attempts' | 'elapsedMs'>): string {
  const attempts = outcome.attempts === 1 ? '1 attempt' : `${outcome.attempts} attempts`;
  return `${attempts} in ${(outcome.elapsedMs / 1000).toFixed(1)}s`;
}
