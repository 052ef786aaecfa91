// After k6 has exited: complete the evidence, read k6's summary, check which SLO classes got no samples, archive
// the raw capture and write the run record. Everything here works from the run directory's files.
import { createReadStream, createWriteStream, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { checkCoverage, type CoverageReport } from '../evidence/coverage.ts';
import { ingestCsvFile, type CsvFollower } from '../evidence/ingest.ts';
import type { EvidenceStore } from '../evidence/store.ts';
import { failedThresholds, readSummary, thresholdedCategories, type K6Summary } from './summary.ts';
import type { RunFiles } from './run-files.ts';

export type RawCapture = 'gzip' | 'keep' | 'delete';

export interface Finished {
  requests: number;
  summary: K6Summary | undefined;
  failedThresholds: string[];
  coverage: CoverageReport;
  /** The end of k6's stderr (script errors, option errors), for messages; secrets are never passed to k6. */
  stderrTail: string;
}

export async function finishEvidence(files: RunFiles, evidence: EvidenceStore, follower: CsvFollower | undefined): Promise<number> {
  if (follower) return (await follower.stop()).requests;
  if (!existsSync(files.samples)) {
    evidence.finish();
    return 0;
  }
  return (await ingestCsvFile(files.samples, evidence)).requests;
}

export async function archiveRaw(files: RunFiles, raw: RawCapture): Promise<void> {
  if (raw === 'keep' || !existsSync(files.samples)) return;
  // Level 1: the raw rows are a fallback record, not the evidence; a fast pass keeps the drill's tail short.
  if (raw === 'gzip') await pipeline(createReadStream(files.samples), createGzip({ level: 1 }), createWriteStream(files.samplesGz));
  unlinkSync(files.samples);
}

/** The first `bytes` of a log (k6's start-up banner). */
export function head(file: string, bytes = 4096): string {
  if (!existsSync(file)) return '';
  return readFileSync(file).subarray(0, bytes).toString('utf8');
}

/** The last `bytes` of a log, trimmed. */
export function tail(file: string, bytes = 4096): string {
  if (!existsSync(file)) return '';
  const size = statSync(file).size;
  const text = readFileSync(file).subarray(Math.max(0, size - bytes)).toString('utf8');
  return text.trim();
}

/** k6's summary (tolerating a missing or half-written file) and the coverage of the expected classes. */
export function judge(files: RunFiles, evidence: EvidenceStore, requests: number, expectCategories: readonly string[] | undefined, fallback: readonly string[]): Finished {
  let summary: K6Summary | undefined;
  try {
    summary = readSummary(files.summary);
  } catch {
    summary = undefined; // k6 was killed while writing it; the evidence still stands
  }
  const thresholded = thresholdedCategories(summary);
  const expected = expectCategories ?? [...new Set([...thresholded, ...fallback])];
  return { requests, summary, failedThresholds: failedThresholds(summary), coverage: checkCoverage(evidence.window(), expected), stderrTail: tail(files.stderr) };
}

export function writeRecord(file: string, record: Record<string, unknown>): void {
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
}
