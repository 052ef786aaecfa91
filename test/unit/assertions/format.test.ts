import { describe, expect, it } from 'vitest';
import { clock, latency, percent, rate, shortReason, span, when } from '../../../assertions/format.ts';

describe('message formatting', () => {
  const noon = Date.UTC(2025, 0, 1, 12, 0, 40);

  it('prints instants in UTC, absolute and relative to the load start', () => {
    expect(clock(noon)).toBe('12:00:40 UTC');
    expect(when(noon + 65_000, noon)).toBe('12:01:45 UTC, 1m5s into the load');
    expect(span(noon, noon + 30_000)).toBe('12:00:40–12:01:10 UTC');
  });

  it('keeps sub-millisecond latencies readable and long ones as durations', () => {
    expect(latency(0.44)).toBe('0.4ms');
    expect(latency(84.4)).toBe('84ms');
    expect(latency(1234)).toBe('1.2s');
    expect(latency(null)).toBe('n/a');
  });

  it('prints ratios as percentages and rates per second', () => {
    expect(percent(0.12345)).toBe('12.35%');
    expect(percent(0)).toBe('0%');
    expect(rate(18.34)).toBe('18.3 req/s');
  });

  it('puts a CloudWatch reason on one bounded line', () => {
    expect(shortReason('Threshold Crossed:\n  1 datapoint')).toBe('Threshold Crossed: 1 datapoint');
    expect(shortReason('x'.repeat(300))).toHaveLength(160);
  });
});
