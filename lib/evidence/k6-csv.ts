// Streaming reader of k6's CSV output that keeps only what the evidence needs: the http_req_duration rows
// (timestamp, duration, status, category tag). k6 writes about 15 rows per request and only one of them is a
// duration, so the reader never looks at the others: it jumps from one "\nhttp_req_duration," to the next with
// Buffer.indexOf (native memmem) and parses the few fields it needs straight from the bytes.

export interface DurationSample {
  timestampMs: number;
  category: string;
  /** 0 when there was no response. */
  status: number;
  durationMicros: number;
}

export type SampleSink = (timestampMs: number, category: string, status: number, durationMicros: number) => void;

const NEEDLE = Buffer.from('\nhttp_req_duration,');
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const QUOTE = 0x22;
const CATEGORY = 'category=';

interface Columns {
  timestamp: number;
  value: number;
  status: number;
  extraTags: number;
}

function columnsOf(header: string): Columns {
  const names = header.trim().split(',');
  const at = (name: string) => names.indexOf(name);
  const columns = { timestamp: at('timestamp'), value: at('metric_value'), status: at('status'), extraTags: at('extra_tags') };
  if (at('metric_name') !== 0 || columns.timestamp !== 1 || columns.value !== 2) {
    throw new Error(`not a k6 CSV output: the header must start with metric_name,timestamp,metric_value, got "${header.slice(0, 80)}"`);
  }
  if (columns.status < 0) throw new Error('k6 CSV output has no status column: run k6 with --system-tags including status');
  return columns;
}

/** Epoch ms from a k6 timestamp in any of its unix time formats (s, ms, us, ns), told apart by magnitude. */
export function toEpochMs(value: number): number {
  if (value < 1e11) return value * 1000;
  if (value < 1e14) return value;
  if (value < 1e17) return value / 1000;
  return value / 1e6;
}

/** Value of the `category` tag inside an extra_tags field like `category=read-simple&endpoint=x`; '' if absent. */
export function categoryFromTags(tags: string): string {
  const at = tags.startsWith(CATEGORY) ? 0 : tags.indexOf(`&${CATEGORY}`) + 1;
  if (at === 0 && !tags.startsWith(CATEGORY)) return '';
  const start = at + CATEGORY.length;
  const end = tags.indexOf('&', start);
  return end === -1 ? tags.slice(start) : tags.slice(start, end);
}

/**
 * Feed it chunks of a k6 CSV file in order; it calls `sink` for every complete http_req_duration row. A row cut
 * by a chunk boundary is kept until the next chunk completes it.
 */
export class K6CsvReader {
  private columns: Columns | undefined;
  private carry: Buffer = Buffer.alloc(0);
  /** Duration rows read so far. */
  rows = 0;

  constructor(private readonly sink: SampleSink) {}

  push(chunk: Buffer): void {
    if (!this.columns) return this.pushHeader(chunk);
    // `carry` is the unfinished last row of the previous chunk, with the newline before it. Complete it with the
    // head of this chunk on its own, so the chunk itself is scanned in place and never copied.
    const first = chunk.indexOf(NEWLINE);
    if (first === -1) return void (this.carry = Buffer.concat([this.carry, chunk]));
    const joined = Buffer.concat([this.carry, chunk.subarray(0, first + 1)]);
    this.scan(joined, 0, joined.length - 1);
    const last = chunk.lastIndexOf(NEWLINE);
    this.scan(chunk, first, last);
    this.carry = Buffer.from(chunk.subarray(last)); // copy: the caller may reuse its chunk buffer
  }

  /** The input is complete: read a last row that has no trailing newline. */
  end(): void {
    if (this.columns && this.carry.length > 1) this.push(Buffer.from('\n'));
    this.carry = Buffer.alloc(0);
  }

  private pushHeader(chunk: Buffer): void {
    const buf = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const nl = buf.indexOf(NEWLINE);
    if (nl === -1) return void (this.carry = Buffer.from(buf));
    this.columns = columnsOf(buf.toString('latin1', 0, nl));
    // Keep the newline: every row is then found as "\n<row>".
    this.carry = Buffer.from('\n');
    this.push(buf.subarray(nl + 1));
  }

  /** Every duration row that starts in [from, end); `end` is the position of a newline. */
  private scan(buf: Buffer, from: number, end: number): void {
    const columns = this.columns as Columns;
    for (let at = buf.indexOf(NEEDLE, from); at !== -1 && at < end; at = buf.indexOf(NEEDLE, at + 1)) {
      this.row(buf, at + NEEDLE.length, buf.indexOf(NEWLINE, at + 1), columns);
    }
  }

  private row(buf: Buffer, start: number, lineEnd: number, columns: Columns): void {
    let pos = start;
    let timestamp = 0;
    for (let c = buf[pos] as number; c !== COMMA; c = buf[++pos] as number) timestamp = timestamp * 10 + (c - 48);
    pos++;
    // The value is printed with %f: digits, a dot, 6 decimals. Read it as an integer and scale, exactly.
    let digits = 0;
    let decimals = -1;
    for (let c = buf[pos] as number; c !== COMMA && pos < lineEnd; c = buf[++pos] as number) {
      if (c === 0x2e) decimals = 0;
      else {
        digits = digits * 10 + (c - 48);
        if (decimals >= 0) decimals++;
      }
    }
    const ms = decimals > 0 ? digits / 10 ** decimals : digits;
    let status = 0;
    let category = '';
    for (let column = 2; pos < lineEnd; ) {
      pos++; // past the comma that ends the previous field
      column++;
      const fieldStart = pos;
      if (buf[pos] === QUOTE) pos = skipQuoted(buf, pos, lineEnd);
      else while (pos < lineEnd && buf[pos] !== COMMA) pos++;
      if (column === columns.status) status = parseStatus(buf, fieldStart, pos);
      else if (column === columns.extraTags) category = categoryFromTags(fieldText(buf, fieldStart, pos));
      if (column >= columns.status && column >= columns.extraTags) break;
    }
    this.rows++;
    this.sink(toEpochMs(timestamp), category, status, Math.max(0, Math.round(ms * 1000)));
  }
}

function parseStatus(buf: Buffer, start: number, end: number): number {
  let status = 0;
  for (let p = start; p < end; p++) {
    const c = buf[p] as number;
    if (c < 48 || c > 57) return 0;
    status = status * 10 + (c - 48);
  }
  return status;
}

/** Position of the comma (or line end) after a quoted CSV field starting at `pos`. */
function skipQuoted(buf: Buffer, pos: number, lineEnd: number): number {
  let p = pos + 1;
  while (p < lineEnd) {
    if (buf[p] === QUOTE) {
      if (buf[p + 1] === QUOTE) p += 2;
      else return p + 1;
    } else p++;
  }
  return lineEnd;
}

function fieldText(buf: Buffer, start: number, end: number): string {
  if (buf[start] !== QUOTE) return buf.toString('utf8', start, end);
  return buf.toString('utf8', start + 1, end - 1).replace(/""/g, '"');
}
