// From k6's raw CSV output to the evidence store, as a stream: a finished file (plain or .gz) in one pass, or a
// file k6 is still writing, followed as it grows. Memory stays flat: one read buffer, the open intervals, the index.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { setTimeout as delay } from 'node:timers/promises';
import { K6CsvReader } from './k6-csv.ts';
import type { EvidenceStore } from './store.ts';

export interface IngestResult {
  /** http_req_duration rows read (= requests). */
  requests: number;
  bytes: number;
}

const READ_BUFFER = 1 << 20;
// Compressed input expands about 15x: small reads keep what one read decompresses to (and its garbage) small.
const GZIP_READ = 64 * 1024;

function readerFor(store: EvidenceStore): K6CsvReader {
  return new K6CsvReader((ts, category, status, micros) => store.record(ts, category, status, micros));
}

/** Ingest a complete k6 CSV file (gzip-compressed when the name ends in .gz) and finish the store. */
export async function ingestCsvFile(file: string, store: EvidenceStore): Promise<IngestResult> {
  const reader = readerFor(store);
  const bytes = file.endsWith('.gz') ? await readGzip(file, reader, store) : await readPlain(file, reader, store);
  reader.end();
  store.finish();
  return { requests: reader.rows, bytes };
}

/** One reused buffer: no allocation per chunk, so the process's memory does not grow with the file. */
async function readPlain(file: string, reader: K6CsvReader, store: EvidenceStore): Promise<number> {
  const handle = await open(file, 'r');
  const buffer = Buffer.alloc(READ_BUFFER);
  let bytes = 0;
  try {
    for (let { bytesRead } = await handle.read(buffer, 0, buffer.length, 0); bytesRead > 0; { bytesRead } = await handle.read(buffer, 0, buffer.length, bytes)) {
      bytes += bytesRead;
      reader.push(buffer.subarray(0, bytesRead));
      store.advance();
    }
  } finally {
    await handle.close();
  }
  return bytes;
}

async function readGzip(file: string, reader: K6CsvReader, store: EvidenceStore): Promise<number> {
  let bytes = 0;
  // Decompression runs on libuv's thread pool, in parallel with the parsing on this thread.
  const stream = createReadStream(file, { highWaterMark: GZIP_READ }).pipe(createGunzip({ chunkSize: GZIP_READ }));
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    reader.push(chunk);
    store.advance();
  }
  return bytes;
}

export interface CsvFollower {
  /** Rows read so far. */
  readonly requests: number;
  /** Read what is left (the writer has finished), finish the store and resolve. */
  stop(): Promise<IngestResult>;
}

/**
 * Follow a CSV file that k6 is writing: read whatever has been appended every `pollMs` (k6 flushes its CSV once
 * a second) until stop() is called. The file may not exist yet when following starts.
 */
export function followCsvFile(file: string, store: EvidenceStore, pollMs = 250): CsvFollower {
  const reader = readerFor(store);
  let stopping = false;
  let bytes = 0;
  const buffer = Buffer.alloc(READ_BUFFER);
  const loop = (async () => {
    let handle = await openWhenPresent(file, () => stopping, pollMs);
    if (!handle) return;
    try {
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, bytes);
        if (bytesRead > 0) {
          bytes += bytesRead;
          reader.push(buffer.subarray(0, bytesRead));
          store.advance();
        } else if (stopping) break;
        else await delay(pollMs);
      }
    } finally {
      await handle.close();
      handle = undefined;
    }
  })();
  return {
    get requests() {
      return reader.rows;
    },
    async stop() {
      stopping = true;
      await loop;
      reader.end();
      store.finish();
      return { requests: reader.rows, bytes };
    },
  };
}

async function openWhenPresent(file: string, stopped: () => boolean, pollMs: number) {
  for (;;) {
    try {
      return await open(file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (stopped()) return undefined;
      await delay(pollMs);
    }
  }
}
