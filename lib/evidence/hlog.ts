// The persisted evidence file: an HdrHistogram interval log (format version 1.3, tagged lines), one line per
// (series, 1 s interval). Standard tools (HistogramLogProcessor, HdrHistogram's log readers in Java, Go, Python,
// JS) can read it; lib/evidence/README.md documents the fields.

export const HLOG_COLUMNS = '"StartTimestamp","Interval_Length","Interval_Max","Interval_Compressed_Histogram"';

export interface HlogEntry {
  /** Series key, e.g. `read-simple/2xx`. */
  key: string;
  /** Interval start, whole seconds since the Unix epoch. */
  second: number;
  /** Largest value in the interval, milliseconds. */
  maxMs: number;
  /** HdrHistogram V2 compressed base64 of the durations, in microseconds. */
  encoded: string;
}

export function hlogHeader(startMs: number, source: string): string {
  const start = (startMs / 1000).toFixed(3);
  return [
    `#[firedrill evidence: ${source}]`,
    '#[Series: Tag=<category>/<status class>; status classes 1xx..5xx, net = no response]',
    '#[Values: microseconds; Interval_Max: milliseconds; intervals of 1 s; a (tag, interval) may repeat: add them]',
    '#[Histogram log format version 1.3]',
    `#[StartTime: ${start} (seconds since epoch), ${new Date(startMs).toISOString()}]`,
    '#[BaseTime: 0.000 (seconds since epoch)]',
    HLOG_COLUMNS,
    '',
  ].join('\n');
}

export function hlogLine(entry: HlogEntry): string {
  return `Tag=${entry.key},${entry.second}.000,1.000,${entry.maxMs.toFixed(3)},${entry.encoded}\n`;
}

/** The entry on one line of the log, or undefined for comments, the column header and blank lines. */
export function parseHlogLine(line: string): HlogEntry | undefined {
  if (!line.startsWith('Tag=')) return undefined;
  const fields = line.trimEnd().split(',');
  if (fields.length !== 5) throw new Error(`evidence log: expected 5 comma-separated fields, got ${fields.length} in "${line.slice(0, 80)}"`);
  const [tag, start, , max, encoded] = fields as [string, string, string, string, string];
  const second = Number(start);
  if (!Number.isFinite(second)) throw new Error(`evidence log: StartTimestamp "${start}" is not a number`);
  return { key: tag.slice(4), second: Math.floor(second), maxMs: Number(max), encoded };
}
