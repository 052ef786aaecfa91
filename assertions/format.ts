// How figures read in check messages. Durations reuse the experiment's own format ("1m30s") so a message quotes
// numbers the way the user wrote them in the experiment file.
import { formatDuration } from '../lib/experiment/duration.ts';

export { formatDuration };

/**
 * Time of day of an epoch-ms instant, in UTC so a check reads the same on every machine (assertions are pure and must
 * not depend on the host's time zone). The run directory's timestamps are UTC too.
 */
export function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

/** A latency in ms: sub-10 ms values keep one decimal (a 0.4 ms read must not print as "0ms"). */
export function latency(ms: number | null): string {
  if (ms === null) return 'n/a';
  if (ms < 10) return `${Math.round(ms * 10) / 10}ms`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  return formatDuration(ms);
}

/** A ratio 0..1 as a percentage with up to two decimals: 0.1234 -> "12.34%". */
export function percent(ratio: number | null): string {
  if (ratio === null) return 'n/a';
  return `${Math.round(ratio * 10_000) / 100}%`;
}

export function rate(rps: number): string {
  return `${Math.round(rps * 10) / 10} req/s`;
}

/** Seconds with one decimal, for the machine-readable `data` of a check. */
export function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}

/** "12:00:40 UTC, 40s into the load": when something happened, absolute and relative to the load start. */
export function when(ms: number, loadStartMs: number): string {
  return `${clock(ms)}, ${formatDuration(ms - loadStartMs)} into the load`;
}

/** A CloudWatch state reason trimmed to one readable line. */
export function shortReason(reason: string, max = 160): string {
  const oneLine = reason.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** "12:00:00–12:00:30 UTC": an interval of the drill. */
export function span(fromMs: number, toMs: number): string {
  return `${clock(fromMs).slice(0, 8)}–${clock(toMs)}`;
}
