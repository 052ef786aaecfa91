// How k6 records per-request evidence while it generates load, chosen for the smallest loss of k6 throughput that
// still keeps each request's timestamp, category, status and duration (measurements: lib/evidence/README.md).
//
// The choice: k6's CSV output, uncompressed, with system tags cut down to `status`. k6 formats every tag of every
// sample into each CSV row (about 15 rows per request), so the default 14 system tags (url, name, method, proto,
// scenario, ...) are most of the cost; gzip and JSON cost more CPU on the same cores as the load. Timestamps in
// milliseconds; k6 flushes the file once a second, which is what the live ingest follows.

/** The system tags k6 keeps. `status` is needed; anything more costs throughput on every sample. */
export const CAPTURE_SYSTEM_TAGS = ['status'] as const;

export interface CaptureOptions {
  /** Where k6 writes the raw rows. */
  file: string;
  /** More system tags, for scenarios with thresholds on them (e.g. `name`, `expected_response`). */
  extraSystemTags?: readonly string[];
}

/** k6 command-line flags for the capture. Flags beat script options, so a scenario cannot undo the choice. */
export function captureArgs(options: CaptureOptions): string[] {
  const tags = [...new Set([...CAPTURE_SYSTEM_TAGS, ...(options.extraSystemTags ?? [])])];
  return ['--out', `csv=${options.file}`, '--system-tags', tags.join(',')];
}

/** Environment for k6's CSV output. */
export function captureEnv(): Record<string, string> {
  return { K6_CSV_TIME_FORMAT: 'unix_milli', K6_CSV_SAVE_INTERVAL: '1s' };
}
