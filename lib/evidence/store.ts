// The evidence of one run: request durations in HDR histograms keyed by series (category x status class) and 1 s
// interval. Recent intervals stay open in memory so late samples still land in them; older ones are encoded and
// appended to the evidence log (hlog.ts) and forgotten, keeping only a 4-number index entry per line. So memory is
// flat in the number of samples and grows by a few bytes per series-second, whatever the length of the run.
import { closeSync, fsyncSync, openSync, readSync, writeSync } from 'node:fs';
import { seriesKey, statusClassOf, STATUS_CLASSES, UNTAGGED, type StatusClass } from './keys.ts';
import { addEncoded, encodeHistogram, newHistogram, type Histogram } from './histogram.ts';
import { hlogHeader, hlogLine, parseHlogLine } from './hlog.ts';
import { WindowEvidence } from './window.ts';

export interface StoreOptions {
  /** How long an interval stays open after the newest sample seen, for samples that arrive out of order. */
  latenessMs?: number;
  /** First header line of the log: where the evidence came from. */
  source?: string;
}

type OpenBucket = Map<string, Array<Histogram | undefined>>; // category -> histogram per status class index

const MAX_SPARE = 256;
const CLASS_INDEX: Record<StatusClass, number> = Object.fromEntries(STATUS_CLASSES.map((c, i) => [c, i])) as Record<StatusClass, number>;

export class EvidenceStore {
  private readonly open = new Map<number, OpenBucket>();
  private lastSecond = Number.NaN;
  private lastBucket: OpenBucket | undefined;
  private newestMs = Number.NEGATIVE_INFINITY;
  private firstSecond = Number.POSITIVE_INFINITY;
  private lastDataSecond = Number.NEGATIVE_INFINITY;
  // Index of the persisted lines, in parallel arrays.
  private readonly keys: string[] = [];
  private readonly keyIds = new Map<string, number>();
  private readonly lineSecond: number[] = [];
  private readonly lineKey: number[] = [];
  private readonly lineOffset: number[] = [];
  private readonly lineLength: number[] = [];
  private fileBytes = 0;
  private writable: boolean;
  // Histograms of written intervals, cleared for reuse: a new counts array for every series-second would be
  // garbage the collector lets pile up outside the JS heap, and the process's memory would grow with the run.
  private readonly spare: Histogram[] = [];

  private constructor(
    readonly file: string,
    private fd: number | undefined,
    private readonly latenessMs: number,
  ) {
    this.writable = fd !== undefined;
  }

  /** A new, empty evidence log at `file` (replaced if it exists), open for recording. */
  static create(file: string, options: StoreOptions = {}): EvidenceStore {
    const store = new EvidenceStore(file, openSync(file, 'w+'), options.latenessMs ?? 5000);
    store.append(hlogHeader(Date.now(), options.source ?? 'k6 http_req_duration'));
    return store;
  }

  /** An evidence log written earlier, for queries only. */
  static load(file: string): EvidenceStore {
    const store = new EvidenceStore(file, openSync(file, 'r'), 0);
    store.writable = false;
    store.scan();
    return store;
  }

  /** Record one request. `category` '' means untagged; `status` 0 means no response. */
  record(timestampMs: number, category: string, status: number, durationMicros: number): void {
    if (!this.writable) throw new Error(`evidence log ${this.file} is finished or was loaded for reading; record into a store made with EvidenceStore.create`);
    const second = Math.floor(timestampMs / 1000);
    const bucket = second === this.lastSecond && this.lastBucket ? this.lastBucket : this.bucket(second);
    let perClass = bucket.get(category);
    if (!perClass) bucket.set(category, (perClass = [undefined, undefined, undefined, undefined, undefined, undefined]));
    const index = CLASS_INDEX[statusClassOf(status)];
    let h = perClass[index];
    if (!h) perClass[index] = h = this.spare.pop() ?? newHistogram();
    h.recordValue(durationMicros);
    if (timestampMs > this.newestMs) this.newestMs = timestampMs;
  }

  /** Persist and forget every interval older than the newest sample minus the lateness allowance. */
  advance(): void {
    const closeBefore = Math.floor((this.newestMs - this.latenessMs) / 1000);
    for (const second of [...this.open.keys()].sort((a, b) => a - b)) if (second < closeBefore) this.close(second);
  }

  /** Persist every open interval and close the log. Queries keep working. */
  finish(): void {
    if (!this.writable) return;
    for (const second of [...this.open.keys()].sort((a, b) => a - b)) this.close(second);
    if (this.fd !== undefined) fsyncSync(this.fd);
    this.writable = false;
  }

  /** Release the file handle. */
  dispose(): void {
    this.finish();
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  /** Intervals still open in memory (bounded by the lateness allowance, whatever the length of the run). */
  get openIntervals(): number {
    return this.open.size;
  }

  /** Lines written to the evidence log so far. */
  get persistedLines(): number {
    return this.lineSecond.length;
  }

  /** The recorded span in epoch ms: [start of first interval, end of last interval); undefined when empty. */
  span(): { fromMs: number; toMs: number } | undefined {
    const first = Math.min(this.firstSecond, ...this.open.keys());
    const last = Math.max(this.lastDataSecond, ...this.open.keys());
    return Number.isFinite(first) ? { fromMs: first * 1000, toMs: (last + 1) * 1000 } : undefined;
  }

  /** Merged evidence of the intervals starting in [fromMs, toMs) (default: the whole run). */
  window(fromMs = Number.NEGATIVE_INFINITY, toMs = Number.POSITIVE_INFINITY): WindowEvidence {
    const fromSecond = Math.ceil(fromMs / 1000);
    const toSecond = Math.ceil(toMs / 1000); // exclusive
    const series = new Map<string, Histogram>();
    const into = (key: string) => series.get(key) ?? series.set(key, newHistogram()).get(key)!;
    this.readPersisted(fromSecond, toSecond, (key, encoded) => addEncoded(into(key), encoded));
    for (const [second, bucket] of this.open) {
      if (second < fromSecond || second >= toSecond) continue;
      for (const [category, perClass] of bucket) {
        perClass.forEach((h, i) => h && into(seriesKey(category, STATUS_CLASSES[i] as StatusClass)).add(h));
      }
    }
    const span = this.span();
    const seconds = span ? Math.max(0, Math.min(toSecond, span.toMs / 1000) - Math.max(fromSecond, span.fromMs / 1000)) : 0;
    return new WindowEvidence(series, fromMs, toMs, seconds);
  }

  private bucket(second: number): OpenBucket {
    let bucket = this.open.get(second);
    if (!bucket) this.open.set(second, (bucket = new Map()));
    this.lastSecond = second;
    this.lastBucket = bucket;
    return bucket;
  }

  private close(second: number): void {
    const bucket = this.open.get(second);
    this.open.delete(second);
    if (second === this.lastSecond) this.lastBucket = undefined;
    if (!bucket) return;
    for (const [category, perClass] of bucket) {
      perClass.forEach((h, i) => {
        if (!h || h.totalCount === 0) return;
        const key = seriesKey(category || UNTAGGED, STATUS_CLASSES[i] as StatusClass);
        const line = hlogLine({ key, second, maxMs: h.maxValue / 1000, encoded: encodeHistogram(h) });
        this.index(key, second, this.fileBytes, line.length);
        this.append(line);
        h.reset();
        if (this.spare.length < MAX_SPARE) this.spare.push(h);
      });
    }
  }

  private append(text: string): void {
    if (this.fd === undefined || !this.writable) throw new Error(`evidence log ${this.file} is closed for writing`);
    this.fileBytes += writeSync(this.fd, text, this.fileBytes, 'latin1');
  }

  private index(key: string, second: number, offset: number, length: number): void {
    let id = this.keyIds.get(key);
    if (id === undefined) this.keyIds.set(key, (id = this.keys.push(key) - 1));
    this.lineSecond.push(second);
    this.lineKey.push(id);
    this.lineOffset.push(offset);
    this.lineLength.push(length);
    if (second < this.firstSecond) this.firstSecond = second;
    if (second > this.lastDataSecond) this.lastDataSecond = second;
  }

  private readPersisted(fromSecond: number, toSecond: number, visit: (key: string, encoded: string) => void): void {
    if (this.fd === undefined) return;
    let buffer = Buffer.alloc(4096);
    for (let i = 0; i < this.lineSecond.length; i++) {
      const second = this.lineSecond[i] as number;
      if (second < fromSecond || second >= toSecond) continue;
      const length = this.lineLength[i] as number;
      if (buffer.length < length) buffer = Buffer.alloc(length * 2);
      readSync(this.fd, buffer, 0, length, this.lineOffset[i] as number);
      const entry = parseHlogLine(buffer.toString('latin1', 0, length));
      if (entry) visit(this.keys[this.lineKey[i] as number] as string, entry.encoded);
    }
  }

  /** Build the index of a log written earlier, reading it in 1 MiB chunks. */
  private scan(): void {
    if (this.fd === undefined) return;
    const chunk = Buffer.alloc(1 << 20);
    let carry = '';
    let offset = 0; // file offset of the start of `carry`
    for (let read = readSync(this.fd, chunk, 0, chunk.length, null); read > 0; read = readSync(this.fd, chunk, 0, chunk.length, null)) {
      const text = carry + chunk.toString('latin1', 0, read);
      let start = 0;
      for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
        const entry = parseHlogLine(text.slice(start, nl));
        if (entry) this.index(entry.key, entry.second, offset + start, nl + 1 - start);
        start = nl + 1;
      }
      carry = text.slice(start);
      offset += start;
    }
    this.fileBytes = offset + carry.length;
  }
}
