import { describe, expect, it } from 'vitest';
import { categoryFromTags, K6CsvReader, toEpochMs, type DurationSample } from '../../../lib/evidence/k6-csv.ts';

const HEADER = 'metric_name,timestamp,metric_value,status,extra_tags,metadata\n';

// The rows k6 2.2 writes for one request with --system-tags status (plus a check and the iteration rows).
function request(ts: number, ms: string, status: string, tags: string): string {
  const metrics = ['http_reqs', 'http_req_duration', 'http_req_blocked', 'http_req_connecting', 'http_req_tls_handshaking', 'http_req_sending', 'http_req_waiting', 'http_req_receiving', 'http_req_failed'];
  const rows = metrics.map((m) => `${m},${ts},${m === 'http_req_duration' ? ms : '0.100000'},${status},${tags},`);
  return `${rows.join('\n')}\nchecks,${ts},1.000000,,,\ndata_sent,${ts},121.000000,,,\niterations,${ts},1.000000,,,\n`;
}

function readAll(chunks: Buffer[]): DurationSample[] {
  const samples: DurationSample[] = [];
  const reader = new K6CsvReader((timestampMs, category, status, durationMicros) => samples.push({ timestampMs, category, status, durationMicros }));
  for (const chunk of chunks) reader.push(chunk);
  reader.end();
  return samples;
}

const CAPTURE =
  HEADER +
  request(1795301853909, '304.721963', '200', 'category=read-simple') +
  request(1795301854211, '2.000001', '503', 'name=GET /v1/patients/:id&category=write-complex') +
  request(1795301855000, '60000.000000', '0', 'category=export&name=x') +
  request(1795301855100, '1.500000', '404', '') +
  request(1795301855200, '7.250000', '201', '"category=write-simple&note=a,b ""quoted"""');

const EXPECTED: DurationSample[] = [
  { timestampMs: 1795301853909, category: 'read-simple', status: 200, durationMicros: 304722 },
  { timestampMs: 1795301854211, category: 'write-complex', status: 503, durationMicros: 2000 },
  { timestampMs: 1795301855000, category: 'export', status: 0, durationMicros: 60_000_000 },
  { timestampMs: 1795301855100, category: '', status: 404, durationMicros: 1500 },
  { timestampMs: 1795301855200, category: 'write-simple', status: 201, durationMicros: 7250 },
];

describe('K6CsvReader', () => {
  it('reads one sample per http_req_duration row with its timestamp, class tag, status and duration', () => {
    expect(readAll([Buffer.from(CAPTURE)])).toEqual(EXPECTED);
  });

  it('gives the same samples whatever the chunk boundaries, including inside the needle and the header', () => {
    const whole = Buffer.from(CAPTURE);
    for (let size = 1; size <= 97; size += 3) {
      const chunks: Buffer[] = [];
      for (let at = 0; at < whole.length; at += size) chunks.push(whole.subarray(at, at + size));
      expect(readAll(chunks), `chunk size ${size}`).toEqual(EXPECTED);
    }
  });

  it('copes with a caller that reuses its read buffer between pushes', () => {
    const whole = Buffer.from(CAPTURE);
    const buffer = Buffer.alloc(64);
    const samples: DurationSample[] = [];
    const reader = new K6CsvReader((timestampMs, category, status, durationMicros) => samples.push({ timestampMs, category, status, durationMicros }));
    for (let at = 0; at < whole.length; at += buffer.length) {
      const n = whole.copy(buffer, 0, at, Math.min(whole.length, at + buffer.length));
      reader.push(buffer.subarray(0, n));
      buffer.fill(0x78);
    }
    reader.end();
    expect(samples).toEqual(EXPECTED);
  });

  it('reads a last row that has no trailing newline once told the input ended', () => {
    const text = `${HEADER}http_req_duration,1795301853000,5.000000,200,category=read-simple,`;
    expect(readAll([Buffer.from(text)])).toEqual([{ timestampMs: 1795301853000, category: 'read-simple', status: 200, durationMicros: 5000 }]);
  });

  it('counts the duration rows it read', () => {
    const reader = new K6CsvReader(() => undefined);
    reader.push(Buffer.from(CAPTURE));
    reader.end();
    expect(reader.rows).toBe(5);
  });

  it('finds the status column wherever the system tags put it', () => {
    const header = 'metric_name,timestamp,metric_value,error_code,method,status,extra_tags,metadata\n';
    const row = 'http_req_duration,1795301853000,12.500000,1211,GET,0,category=read-complex,\n';
    expect(readAll([Buffer.from(header + row)])).toEqual([{ timestampMs: 1795301853000, category: 'read-complex', status: 0, durationMicros: 12500 }]);
  });

  it('rejects a capture without a status column and says which k6 flag fixes it', () => {
    const reader = new K6CsvReader(() => undefined);
    expect(() => reader.push(Buffer.from('metric_name,timestamp,metric_value,extra_tags,metadata\n'))).toThrow(/--system-tags including status/);
  });

  it('rejects a file that is not a k6 CSV output', () => {
    const reader = new K6CsvReader(() => undefined);
    expect(() => reader.push(Buffer.from('time,value\n1,2\n'))).toThrow(/not a k6 CSV output/);
  });
});

describe('toEpochMs', () => {
  it('accepts each of k6 CSV time formats (unix, unix_milli, unix_micro, unix_nano)', () => {
    expect(toEpochMs(1795301853)).toBe(1795301853000);
    expect(toEpochMs(1795301853909)).toBe(1795301853909);
    expect(toEpochMs(1795301853909123)).toBe(1795301853909.123);
    expect(toEpochMs(1795301853909123456)).toBeCloseTo(1795301853909.1235, 3);
  });
});

describe('categoryFromTags', () => {
  it('finds the category tag at any position and ignores look-alike tag names', () => {
    expect(categoryFromTags('category=export')).toBe('export');
    expect(categoryFromTags('a=1&category=read-simple&b=2')).toBe('read-simple');
    expect(categoryFromTags('subcategory=x&name=y')).toBe('');
    expect(categoryFromTags('')).toBe('');
  });
});
