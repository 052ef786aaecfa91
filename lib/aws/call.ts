// Every AWS call the harness makes goes through here: throttling is retried with backoff, errors are classified,
// and in a dry run mutating calls are printed instead of made.
import { classifyAwsError, iamAction, isThrottling, AwsThrottledError, type AwsCall } from './errors.ts';

export interface RetryPolicy {
  /** Attempts in total, on top of the SDK's own retries (which give up quickly on throttling). */
  attempts: number;
  baseMs: number;
  maxMs: number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const defaultRetry: RetryPolicy = {
  attempts: 5,
  baseMs: 250,
  maxMs: 8000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** Full-jitter exponential backoff (AWS Architecture Blog, "Exponential Backoff And Jitter"). */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'baseMs' | 'maxMs' | 'random'>): number {
  return Math.round(policy.random() * Math.min(policy.maxMs, policy.baseMs * 2 ** attempt));
}

export async function callAws<T>(call: AwsCall, fn: () => Promise<T>, policy: RetryPolicy = defaultRetry): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isThrottling(err)) throw classifyAwsError(err, call);
      if (attempt + 1 >= policy.attempts) throw new AwsThrottledError(call, policy.attempts);
      await policy.sleep(backoffMs(attempt, policy));
    }
  }
}

/** What a mutating call shows in a dry run and in progress lines: parameters, never secret values. */
export type ShownParams = Record<string, string | number | boolean | undefined>;

export function describeCall(call: AwsCall, shown: ShownParams): string {
  const params = Object.entries(shown)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' && /\s/.test(v) ? JSON.stringify(v) : String(v)}`);
  return `${iamAction(call)} ${params.join(' ')}`.trimEnd();
}

/**
 * The gate between adapters and the SDK. Reads always run (a dry run needs live state to plan); mutations run
 * unless `dryRun`, in which case the call is printed and a stand-in result returned. `mutations` lists every
 * mutating call seen, made or not, for tests and the IAM policy.
 */
export class AwsGate {
  readonly mutations: string[] = [];

  constructor(
    readonly dryRun: boolean,
    private readonly print: (line: string) => void = () => {},
    private readonly retry: RetryPolicy = defaultRetry,
  ) {}

  read<T>(call: AwsCall, fn: () => Promise<T>): Promise<T> {
    return callAws(call, fn, this.retry);
  }

  async mutate<T>(call: AwsCall, shown: ShownParams, fn: () => Promise<T>, standIn: () => T): Promise<T> {
    const line = describeCall(call, shown);
    this.mutations.push(line);
    if (this.dryRun) {
      this.print(`dry-run: would call ${line}`);
      return standIn();
    }
    return callAws(call, fn, this.retry);
  }

  /** A wait that would follow a mutation: printed in a dry run, run otherwise. */
  async wait<T>(what: string, fn: () => Promise<T>, standIn: () => T): Promise<T> {
    if (this.dryRun) {
      this.print(`dry-run: would wait for ${what}`);
      return standIn();
    }
    return fn();
  }
}
