import { describe, expect, it } from 'vitest';
import { checkCoverage } from '../../../lib/evidence/coverage.ts';
import { newHistogram } from '../../../lib/evidence/histogram.ts';
import { parseHlogLine, hlogLine } from '../../../lib/evidence/hlog.ts';
import { parseSeriesKey, seriesKey, statusClassOf } from '../../../lib/evidence/keys.ts';
import { WindowEvidence } from '../../../lib/evidence/window.ts';
import { CATEGORIES } from '../../../scenarios/lib/slo.ts';

function evidenceWith(counts: Record<string, number>): WindowEvidence {
  const series = new Map(
    Object.entries(counts).map(([key, n]) => {
      const h = newHistogram();
      for (let i = 0; i < n; i++) h.recordValue(1000);
      return [key, h] as const;
    }),
  );
  return new WindowEvidence(series, 0, 10_000, 10);
}

describe('checkCoverage', () => {
  it('reports an expected SLO class with no samples, and names the misspelt class seen instead', () => {
    const evidence = evidenceWith({ 'read-simpel/2xx': 40, 'read-complex/2xx': 10, 'read-complex/5xx': 2, '(none)/2xx': 3 });
    const report = checkCoverage(evidence, ['read-simple', 'read-complex']);
    expect(report.missing).toEqual(['read-simple']);
    expect(report.expected).toEqual([
      { category: 'read-simple', requests: 0 },
      { category: 'read-complex', requests: 12 },
    ]);
    expect(report.unexpected).toEqual([{ category: 'read-simpel', requests: 40 }]);
    expect(report.untagged).toBe(3);
    expect(report.messages).toHaveLength(1);
    expect(report.messages[0]).toMatch(/read-simple: no samples/);
    expect(report.messages[0]).toMatch(/read-simpel x40/);
  });

  it('has nothing to say when every expected class got requests', () => {
    const evidence = evidenceWith(Object.fromEntries(CATEGORIES.map((c) => [`${c}/2xx`, 1])));
    expect(checkCoverage(evidence, CATEGORIES)).toMatchObject({ missing: [], unexpected: [], untagged: 0, messages: [] });
  });
});

describe('series keys', () => {
  it('maps statuses to classes, with no response as net', () => {
    expect([200, 201, 302, 404, 409, 503, 0, 999].map(statusClassOf)).toEqual(['2xx', '2xx', '3xx', '4xx', '4xx', '5xx', 'net', 'net']);
  });

  it('round-trips category and class, and keeps reserved characters out of the log tag', () => {
    expect(parseSeriesKey(seriesKey('read-simple', '5xx'))).toEqual({ category: 'read-simple', statusClass: '5xx' });
    expect(seriesKey('', 'net')).toBe('(none)/net');
    expect(seriesKey('a b,c/d', '2xx')).toBe('a_b_c_d/2xx');
    expect(parseSeriesKey('nonsense')).toBeUndefined();
  });
});

describe('evidence log lines', () => {
  it('round-trip through the HdrHistogram log line format and skip comments', () => {
    const line = hlogLine({ key: 'export/2xx', second: 1_780_000_000, maxMs: 912.5, encoded: 'HISTFAAAABC' });
    expect(line).toBe('Tag=export/2xx,1780000000.000,1.000,912.500,HISTFAAAABC\n');
    expect(parseHlogLine(line)).toEqual({ key: 'export/2xx', second: 1_780_000_000, maxMs: 912.5, encoded: 'HISTFAAAABC' });
    expect(parseHlogLine('#[BaseTime: 0.000]')).toBeUndefined();
    expect(() => parseHlogLine('Tag=x,1,2')).toThrow(/expected 5 comma-separated fields/);
  });
});
