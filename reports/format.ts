// How numbers and times read in the Markdown, HTML and JUnit renderers and in observations: one place, so every
// output says "2m40s" and "12.3 ms" the same way.

/** Epoch ms -> ISO 8601 UTC. */
export const iso = (ms: number): string => new Date(ms).toISOString();

/** ISO -> epoch ms. */
export const epochMs = (time: string): number => Date.parse(time);

/** Round to `digits` decimals, so JSON carries figures, not float noise. */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const roundOrNull = (value: number | null | undefined, digits: number): number | null => (value === null || value === undefined ? null : round(value, digits));

/** 0.45 -> "450ms", 38 -> "38s", 160 -> "2m40s", 3720 -> "1h02m". Negative values keep their sign. */
export function formatDuration(seconds: number): string {
  if (seconds < 0) return `-${formatDuration(-seconds)}`;
  if (seconds === 0) return '0s';
  if (seconds < 1) return `${Math.round(seconds * 1000)}ms`;
  if (seconds < 10 && !Number.isInteger(round(seconds, 1))) return `${round(seconds, 1)}s`;
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole}s`;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m`;
  return s === 0 ? `${m}m` : `${m}m${String(s).padStart(2, '0')}s`;
}

/** Offset from the load start: "+1m20s". */
export const formatOffset = (seconds: number): string => (seconds < 0 ? formatDuration(seconds) : `+${formatDuration(seconds)}`);

/** "12:00:40Z" (time of day, UTC, to the nearest second like the offsets next to it) from an ISO time. */
export const formatClock = (time: string): string => `${iso(Math.round(epochMs(time) / 1000) * 1000).slice(11, 19)}Z`;

/** "12:00:58Z (+58s)": an ISO time as its clock time and its offset from the load start (also ISO). */
export const clockAndOffset = (time: string, loadStart: string): string => `${formatClock(time)} (${formatOffset((epochMs(time) - epochMs(loadStart)) / 1000)})`;

/** 12.345 -> "12.3 ms", 1234 -> "1.23 s". */
export function formatMs(ms: number | null): string {
  if (ms === null) return 'n/a';
  if (ms >= 1000) return `${trim(ms / 1000, 3)} s`;
  return `${trim(ms, ms < 10 ? 2 : 1)} ms`;
}

/** 0.0321 -> "3.21 %". */
export function formatRatio(ratio: number | null): string {
  if (ratio === null) return 'n/a';
  const pct = ratio * 100;
  return `${trim(pct, pct < 1 ? 3 : 2)} %`;
}

export const formatRps = (rps: number | null): string => (rps === null ? 'n/a' : `${trim(rps, 1)} req/s`);

/** Significant-ish rounding without trailing zeros: trim(12.30, 2) -> "12.3". */
function trim(value: number, digits: number): string {
  return String(round(value, digits));
}

/** A signed percentage for deltas: "+35 %", "-4.2 %". */
export function formatDeltaPct(pct: number | null): string {
  if (pct === null) return 'n/a';
  const abs = Math.abs(pct);
  return `${pct >= 0 ? '+' : '-'}${trim(abs, abs < 10 ? 1 : 0)} %`;
}

/** A figure in its unit's words. */
export function formatValue(unit: 'ms' | 's' | 'ratio' | 'req/s', value: number | null): string {
  if (value === null) return 'n/a';
  if (unit === 'ms') return formatMs(value);
  if (unit === 's') return formatDuration(value);
  if (unit === 'ratio') return formatRatio(value);
  return formatRps(value);
}

/** The unit an SLO statistic is stated in. */
export const statUnit = (stat: string): 'ms' | 'ratio' | 'req/s' => (stat === 'errorRate' ? 'ratio' : stat === 'rps' ? 'req/s' : 'ms');
