import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from '../../../lib/experiment/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['1.5s', 1500],
    ['2m', 120_000],
    ['1m30s', 90_000],
    ['1h', 3_600_000],
    ['1h2m3s', 3_723_000],
    ['0s', 0],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(['', 'ninety', '90', '1m30', '5 s', '-5s', '1s30m', 's', '1.5m', '30msec'])('rejects %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [250, '250ms'],
    [1500, '1.5s'],
    [90_000, '1m30s'],
    [120_000, '2m'],
    [3_723_000, '1h2m3s'],
  ])('%d ms reads %s', (ms, text) => expect(formatDuration(ms)).toBe(text));

  it('round-trips through parseDuration', () => {
    for (const ms of [1000, 61_000, 3_600_000, 5_400_000, 45_500]) expect(parseDuration(formatDuration(ms))).toBe(ms);
  });
});
