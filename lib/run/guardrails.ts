// Guardrails: stop conditions watched for the whole drill. Alarms (polled every 2 s with DescribeAlarms) and
// live error-rate / p95 limits over the live evidence. The first one to trip aborts the drill: the caller stops k6
// and restores every fault.
import type { Aws } from '../aws/index.ts';
import { formatDuration } from '../experiment/duration.ts';
import type { Experiment } from '../experiment/index.ts';
import type { LoadEvidence } from '../../assertions/evidence.ts';

export const GUARDRAIL_POLL_MS = 2000;

export interface Tripped {
  reason: string;
  /** When the stop condition was first visible to the harness (epoch ms). */
  seenAtMs: number;
}

/** Pure: does the live evidence of the last `forMs` break a rate or latency limit? */
export function liveLimitBroken(x: Experiment, load: LoadEvidence, nowMs: number, loadStartMs: number): string | undefined {
  const g = x.guardrails;
  const check = (forMs: number, judge: (s: ReturnType<ReturnType<LoadEvidence['window']>['stats']>) => string | undefined) => {
    if (nowMs - loadStartMs < forMs) return undefined;
    // The last second may still be filling; judge the full seconds before it.
    const end = Math.floor(nowMs / 1000) * 1000 - 1000;
    const stats = load.window(end - forMs, end).stats();
    return stats.count > 0 ? judge(stats) : undefined;
  };
  if (g.maxErrorRate) {
    const { value, forMs } = g.maxErrorRate;
    const broken = check(forMs, (s) => ((s.errorRatio ?? 0) > value ? `error rate ${(100 * (s.errorRatio ?? 0)).toFixed(1)}% over the last ${formatDuration(forMs)} (limit ${(value * 100).toFixed(1)}%)` : undefined));
    if (broken) return broken;
  }
  if (g.maxP95) {
    const { valueMs, forMs } = g.maxP95;
    return check(forMs, (s) => ((s.p95Ms ?? 0) > valueMs ? `p95 ${formatDuration(s.p95Ms ?? 0)} over the last ${formatDuration(forMs)} (limit ${formatDuration(valueMs)})` : undefined));
  }
  return undefined;
}

export function startGuardrails(x: Experiment, aws: Aws, load: LoadEvidence, loadStartMs: number, onTrip: (t: Tripped) => void, log: (line: string) => void): { stop(): void } {
  let tripped = false;
  let polling = false;
  const trip = (reason: string) => {
    if (tripped) return;
    tripped = true;
    onTrip({ reason, seenAtMs: Date.now() });
  };
  const poll = async () => {
    if (tripped || polling) return;
    polling = true;
    try {
      if (x.guardrails.stopOn.length > 0) {
        const alarms = await aws.cloudwatch.describeAlarms({ names: x.guardrails.stopOn });
        const firing = alarms.find((a) => a.state === 'ALARM');
        if (firing) return trip(`guardrail alarm ${firing.name} is in ALARM (${firing.stateReason})`);
      }
      const broken = liveLimitBroken(x, load, Date.now(), loadStartMs);
      if (broken) trip(`guardrail: ${broken}`);
    } catch (err) {
      log(`guardrails: could not check (${(err as Error).message}); will retry`);
    } finally {
      polling = false;
    }
  };
  const timer = setInterval(() => void poll(), GUARDRAIL_POLL_MS);
  return { stop: () => clearInterval(timer) };
}
