import { describe, expect, it } from 'vitest';
import { isRetryableStatus, retryDelay, withRetry, type AttemptResult, type NotifyRetryPolicy, type RetryDeps } from '../../../lib/notify/retry.ts';

const policy: NotifyRetryPolicy = { maxRetries: 2, baseMs: 500, maxMs: 4000, deadlineMs: 10_000, minAttemptMs: 500 };
const fail = (retryable: boolean, extra: Partial<AttemptResult> = {}): AttemptResult => ({ ok: false, retryable, detail: 'HTTP 500', ...extra }) as AttemptResult;
const ok: AttemptResult = { ok: true, detail: 'HTTP 200' };
const maxRandom = () => 0.9999;

describe('retry policy (pure)', () => {
  it('retries 5xx and 429 only', () => {
    expect([200, 301, 400, 403, 404, 410, 429, 500, 502, 503, 504].filter(isRetryableStatus)).toEqual([429, 500, 502, 503, 504]);
  });

  it('stops on success and on a permanent failure', () => {
    expect(retryDelay(0, ok, 100, policy, maxRandom)).toBeUndefined();
    expect(retryDelay(0, fail(false), 100, policy, maxRandom)).toBeUndefined();
  });

  it('allows at most two retries, with full-jitter backoff growing from 500 ms', () => {
    expect(retryDelay(0, fail(true), 100, policy, maxRandom)).toBe(500);
    expect(retryDelay(1, fail(true), 100, policy, maxRandom)).toBe(1000);
    expect(retryDelay(2, fail(true), 100, policy, maxRandom)).toBeUndefined();
    expect(retryDelay(0, fail(true), 100, policy, () => 0)).toBe(0);
  });

  it('honours Retry-After, but not past the deadline', () => {
    expect(retryDelay(0, fail(true, { retryAfterMs: 2000 }), 100, policy, maxRandom)).toBe(2000);
    expect(retryDelay(0, fail(true, { retryAfterMs: 30_000 }), 100, policy, maxRandom)).toBeUndefined();
  });

  it('does not start an attempt that could not finish before the deadline', () => {
    expect(retryDelay(0, fail(true), 9_001, policy, maxRandom)).toBeUndefined();
    expect(retryDelay(0, fail(true), 9_000, policy, maxRandom)).toBe(500);
  });
});

/** A fake clock: sleeping advances it (and each scripted attempt takes 100 ms). */
function fakeDeps(): RetryDeps & { slept: number[]; t: { now: number } } {
  const t = { now: 0 };
  const slept: number[] = [];
  const sleep = async (ms: number) => {
    slept.push(ms);
    t.now += ms;
  };
  return { t, slept, now: () => t.now, random: maxRandom, sleep };
}

function scripted(results: AttemptResult[], deps: ReturnType<typeof fakeDeps>) {
  let n = 0;
  return async () => {
    deps.t.now += 100;
    return results[Math.min(n++, results.length - 1)]!;
  };
}

describe('withRetry', () => {
  it('500 then 200: two attempts, one backoff, success', async () => {
    const deps = fakeDeps();
    const out = await withRetry(scripted([fail(true), ok], deps), policy, deps);
    expect(out).toEqual({ result: ok, attempts: 2, elapsedMs: 700 });
    expect(deps.slept).toEqual([500]);
  });

  it('500 always: gives up after three attempts with the last failure', async () => {
    const deps = fakeDeps();
    const out = await withRetry(scripted([fail(true)], deps), policy, deps);
    expect(out.attempts).toBe(3);
    expect(out.result.ok).toBe(false);
    expect(deps.slept).toEqual([500, 1000]);
  });

  it('a permanent failure is not retried', async () => {
    const deps = fakeDeps();
    const out = await withRetry(scripted([fail(false, { detail: 'HTTP 404 no_service' })], deps), policy, deps);
    expect(out).toMatchObject({ attempts: 1, result: { ok: false, detail: 'HTTP 404 no_service' } });
  });

  it('an attempt that throws becomes a permanent failure without its message', async () => {
    const out = await withRetry(async () => { throw new Error('https://hooks.slack.com/services/secret'); }, policy, fakeDeps());
    expect(out.attempts).toBe(1);
    expect(out.result).toEqual({ ok: false, retryable: false, detail: 'internal error while sending' });
  });

  it('hands every attempt a signal that aborts at the deadline (real timers)', async () => {
    const short = { ...policy, deadlineMs: 150 };
    const started = Date.now();
    const out = await withRetry((signal) => new Promise<AttemptResult>((resolve) => {
      signal.addEventListener('abort', () => resolve(fail(true, { detail: 'no answer before the deadline' })));
    }), short);
    expect(out.attempts).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
