// k6-style durations ("500ms", "30s", "2m", "1h30m") to milliseconds and back. Pure: shared with the harness,
// which needs the planned length of a run and scales the monthly profile with the same arithmetic as k6.

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;

/** Milliseconds for a k6 duration string, or undefined when it is not one. A bare number means seconds. */
export function parseDuration(text: string): number | undefined {
  const value = text.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  if (value === '') return undefined;
  PART.lastIndex = 0;
  let total = 0;
  let consumed = 0;
  for (let match = PART.exec(value); match !== null; match = PART.exec(value)) {
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? Number.NaN);
    consumed = PART.lastIndex;
  }
  return consumed === value.length && Number.isFinite(total) ? total : undefined;
}

/** The shortest k6 duration string for whole milliseconds: 90000 -> "1m30s", 1500 -> "1500ms". */
export function formatDuration(ms: number): string {
  const whole = Math.max(0, Math.round(ms));
  if (whole % 1000 !== 0) return `${whole}ms`;
  let seconds = whole / 1000;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  const text = `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds ? `${seconds}s` : ''}`;
  return text === '' ? '0s' : text;
}

/** Total planned length of a list of stages, in milliseconds (invalid durations count as zero). */
export function stagesDurationMs(stages: ReadonlyArray<{ duration: string }>): number {
  return stages.reduce((sum, stage) => sum + (parseDuration(stage.duration) ?? 0), 0);
}
