// HDR histograms of request durations: how they are made, merged, encoded and read. Values are whole microseconds
// with 3 significant digits (relative error <= 0.05 % when a bucket is read at its midpoint), so a percentile
// from merged histograms stays well within 1 % of k6's exact one.
import { deflateSync, inflateSync } from 'node:zlib';
import { build, JsHistogram, decodeFromCompressedBase64 } from 'hdr-histogram-js';

export type Histogram = JsHistogram;

const SIGNIFICANT_DIGITS = 3;
const COMPRESSED_COOKIE = 0x1c849314; // HdrHistogram V2 compressed encoding
const UNCOMPRESSED_COOKIE = 0x1c849313; // HdrHistogram V2 encoding
const V2_HEADER_BYTES = 40;

export function newHistogram(): Histogram {
  const h = build({ bitBucketSize: 32, autoResize: true, lowestDiscernibleValue: 1, highestTrackableValue: 2, numberOfSignificantValueDigits: SIGNIFICANT_DIGITS });
  return h as Histogram;
}

export const msToMicros = (ms: number): number => Math.max(0, Math.round(ms * 1000));

// zlib allocates its output in chunks of this size, and a result keeps its chunk alive until the next garbage
// collection: the default 16 KiB per histogram piles up fast when a query reads thousands of 1 s buckets.
const ZLIB_CHUNK = 1024;
let scratch = Buffer.alloc(64 * 1024);

function putLeb128ZigZag(value: number, pos: number): number {
  let v = value >= 0 ? value * 2 : -value * 2 - 1;
  while (v >= 0x80) {
    scratch[pos++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  scratch[pos++] = v;
  return pos;
}

/**
 * Standard HdrHistogram V2 compressed base64 (readable by HdrHistogram tools in any language): counts as ZigZag
 * LEB128 with runs of empty buckets as negative numbers, deflated. Written here rather than by the library for
 * the reason above (and it is faster).
 */
export function encodeHistogram(h: Histogram): string {
  const limit = h.totalCount === 0 ? 0 : h.countsArrayIndex(h.maxValue) + 1;
  if (scratch.length < V2_HEADER_BYTES + limit * 9) scratch = Buffer.alloc(V2_HEADER_BYTES + limit * 9);
  scratch.writeInt32BE(UNCOMPRESSED_COOKIE, 0);
  scratch.writeInt32BE(0, 8); // normalizing index offset
  scratch.writeInt32BE(SIGNIFICANT_DIGITS, 12);
  scratch.writeBigInt64BE(1n, 16); // lowest discernible value
  scratch.writeBigInt64BE(BigInt(h.highestTrackableValue), 24);
  scratch.writeDoubleBE(1, 32); // integer-to-double conversion ratio
  let pos = V2_HEADER_BYTES;
  for (let i = 0; i < limit; ) {
    const count = h.getCountAtIndex(i++);
    let zeros = 0;
    if (count === 0) {
      zeros = 1;
      while (i < limit && h.getCountAtIndex(i) === 0) {
        zeros++;
        i++;
      }
    }
    pos = putLeb128ZigZag(zeros > 1 ? -zeros : count, pos);
  }
  scratch.writeInt32BE(pos - V2_HEADER_BYTES, 4);
  const compressed = deflateSync(scratch.subarray(0, pos), { chunkSize: ZLIB_CHUNK });
  const outer = Buffer.allocUnsafe(8 + compressed.length);
  outer.writeInt32BE(COMPRESSED_COOKIE, 0);
  outer.writeInt32BE(compressed.length, 4);
  compressed.copy(outer, 8);
  return outer.toString('base64');
}

/**
 * Add an encoded histogram's counts into `into`. Decodes the V2 format directly (native inflate, no intermediate
 * histogram): reading a long window means thousands of 1 s buckets, and the library decoder allocates a full
 * counts array per bucket, about 10x slower. Falls back to the library for encodings made with other settings.
 */
export function addEncoded(into: Histogram, encoded: string): void {
  const outer = Buffer.from(encoded, 'base64');
  if (outer.length < 8 || outer.readInt32BE(0) !== COMPRESSED_COOKIE) return void into.add(decodeFromCompressedBase64(encoded) as Histogram);
  const inner = inflateSync(outer.subarray(8, 8 + outer.readInt32BE(4)), { chunkSize: ZLIB_CHUNK });
  const sameShape = inner.readInt32BE(0) === UNCOMPRESSED_COOKIE && inner.readInt32BE(8) === 0 && inner.readInt32BE(12) === SIGNIFICANT_DIGITS && Number(inner.readBigInt64BE(16)) === 1;
  if (!sameShape) return void into.add(decodeFromCompressedBase64(encoded) as Histogram);
  const end = V2_HEADER_BYTES + inner.readInt32BE(4);
  let index = 0;
  let pos = V2_HEADER_BYTES;
  while (pos < end) {
    // ZigZag LEB128 (up to 9 bytes); negative values are runs of empty buckets.
    let raw = 0;
    let scale = 1;
    for (let b = 0; b < 9; b++) {
      const byte = inner[pos++] as number;
      raw += (b === 8 ? byte : byte & 0x7f) * scale;
      scale *= 128;
      if (b === 8 || byte < 0x80) break;
    }
    const value = raw % 2 === 0 ? raw / 2 : -(raw + 1) / 2;
    if (value < 0) index -= value;
    else {
      if (value > 0) into.recordValueWithCount(into.valueFromIndex(index), value);
      index += 1;
    }
  }
}

export interface Percentiles {
  /** The requested percentiles (0..100), in microseconds, same order as asked. */
  values: number[];
  count: number;
  minMicros: number;
  maxMicros: number;
  meanMicros: number;
}

/**
 * Percentiles the way k6 computes them, so the harness and k6's summary agree: the value at fractional rank
 * p/100 * (n-1), linearly interpolated between its two neighbours (k6 TrendSink.P). Each recorded value is read
 * at the midpoint of its HDR bucket. One pass over the counts for all requested percentiles, the minimum, the
 * maximum and the mean: the library's `mean` getter walks the counts again through its iterator, which costs more
 * than this whole pass. The mean is summed the way that getter sums it (bucket midpoints in index order, divided
 * by the total count), so it is the same number to the last bit.
 */
export function percentiles(h: Histogram, ps: readonly number[]): Percentiles {
  const n = h.totalCount;
  if (n === 0) return { values: ps.map(() => Number.NaN), count: 0, minMicros: Number.NaN, maxMicros: Number.NaN, meanMicros: Number.NaN };
  const ranks = ps.map((p) => (Math.min(100, Math.max(0, p)) / 100) * (n - 1));
  const wanted = ranks.flatMap((r) => [Math.floor(r), Math.ceil(r)]);
  const found = new Map<number, number>();
  const order = [...new Set(wanted)].sort((a, b) => a - b);
  const limit = h.countsArrayIndex(h.maxValue);
  let seen = 0;
  let next = 0;
  let first = Number.NaN;
  let last = 0;
  let sum = 0;
  for (let i = 0; i <= limit; i++) {
    const c = h.getCountAtIndex(i);
    if (c === 0) continue;
    const value = h.medianEquivalentValue(h.valueFromIndex(i));
    if (Number.isNaN(first)) first = value;
    last = value;
    seen += c;
    sum += value * c;
    // Every wanted rank below `seen` falls in this bucket.
    while (next < order.length && (order[next] as number) < seen) found.set(order[next++] as number, value);
  }
  const values = ranks.map((r) => {
    const lo = found.get(Math.floor(r)) ?? last;
    const hi = found.get(Math.ceil(r)) ?? last;
    return lo + (hi - lo) * (r - Math.floor(r));
  });
  return { values, count: n, minMicros: first, maxMicros: last, meanMicros: sum / n };
}
