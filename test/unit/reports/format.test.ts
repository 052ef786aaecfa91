import { describe, expect, it } from 'vitest';
import { formatClock, formatDeltaPct, formatDuration, formatMs, formatOffset, formatRatio, formatRps } from '../../../reports/format.ts';

describe('report formatting', () => {
  it('writes durations the way people say them', () => {
    expect([0, 0.45, 1.5, 9.96, 38, 60, 160, 3599.6, 3720, -25].map(formatDuration)).toEqual(['0s', '450ms', '1.5s', '10s', '38s', '1m', '2m40s', '1h00m', '1h02m', '-25s']);
    expect(formatOffset(80)).toBe('+1m20s');
  });

  it('rounds clock times to the second like the offsets shown next to them', () => {
    expect(formatClock('2026-06-14T12:00:52.500Z')).toBe('12:00:53Z');
    expect(formatClock('2026-06-14T23:59:59.600Z')).toBe('00:00:00Z');
  });

  it('writes latencies, ratios, rates and deltas with their units', () => {
    expect([0.456, 12.345, 985.14, 1764.2, null].map(formatMs)).toEqual(['0.46 ms', '12.3 ms', '985.1 ms', '1.764 s', 'n/a']);
    expect([0.0896, 0.000123, 0, null].map(formatRatio)).toEqual(['8.96 %', '0.012 %', '0 %', 'n/a']);
    expect(formatRps(19.04)).toBe('19 req/s');
    expect([35.2, -4.24, 0, null].map(formatDeltaPct)).toEqual(['+35 %', '-4.2 %', '+0 %', 'n/a']);
  });
});
