// Durations in experiment files: "500ms", "90s", "2m", "1m30s", "1h", "1.5s". Stored as milliseconds.

const DURATION = /^(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+(?:\.\d+)?)s)?$/;
const MILLIS = /^(\d+)ms$/;

/** Parse a duration string into milliseconds; undefined when it is not one. */
export function parseDuration(text: string): number | undefined {
  const ms = MILLIS.exec(text);
  if (ms) return Number(ms[1]);
  const m = DURATION.exec(text);
  if (!m || text === '') return undefined;
  const [, h, min, s] = m;
  return Math.round((Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0)) * 1000);
}

export function isDuration(text: string): boolean {
  return parseDuration(text) !== undefined;
}

/** Milliseconds as the shortest readable duration: 90000 -> "1m30s", 1500 -> "1.5s", 250 -> "250ms". */
export function formatDuration(ms: number): string {
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms === 0) return '0s';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const totalSeconds = ms / 1000;
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = Math.round((totalSeconds % 60) * 10) / 10;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}
