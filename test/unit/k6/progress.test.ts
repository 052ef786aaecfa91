import { describe, expect, it } from 'vitest';
import { consoleProgress, formatProgress, ProgressTracker, type K6Progress } from '../../../lib/k6/progress.ts';
import type { K6Status } from '../../../lib/k6/rest-api.ts';

const status = (vus: number): K6Status => ({ status: 7, running: true, stopped: false, paused: false, vus, vusMax: 20, tainted: false });
const metrics = (requests: number, failedRate: number, p95Ms: number) => ({ requests, failedRate, p95Ms });

describe('ProgressTracker', () => {
  it('turns k6 running totals into rates and error shares over the last interval', () => {
    const tracker = new ProgressTracker(0, 60_000);
    const first = tracker.update(2000, status(10), metrics(200, 0, 12));
    expect(first).toMatchObject({ elapsedMs: 2000, plannedMs: 60_000, vus: 10, vusMax: 20, requests: 200, rps: 100, errorRatio: 0, p95Ms: 12 });
    // 300 more requests in 1 s, of which 150 failed: the run-long rate moves to 150/500 = 0.3.
    const second = tracker.update(3000, status(20), metrics(500, 0.3, 40));
    expect(second.rps).toBe(300);
    expect(second.errorRatio).toBeCloseTo(0.5, 10);
    expect(second.p95Ms).toBe(40);
  });

  it('prefers a recent p95 from the live evidence over k6 run-long figure', () => {
    const tracker = new ProgressTracker(0, undefined);
    expect(tracker.update(1000, status(1), metrics(10, 0, 99), { p95Ms: 7, windowMs: 10_000 })).toMatchObject({ p95Ms: 7, p95WindowMs: 10_000 });
  });

  it('reports no error share when no request completed in the interval, and survives an unreachable API', () => {
    const tracker = new ProgressTracker(0, undefined);
    tracker.update(1000, status(1), metrics(10, 0, 5));
    expect(tracker.update(2000, undefined, undefined)).toMatchObject({ requests: 10, rps: 0, errorRatio: null, vus: 0 });
  });
});

describe('formatProgress', () => {
  it('shows elapsed / planned, VUs, rate, errors and p95 on one line', () => {
    const p: K6Progress = { elapsedMs: 65_000, plannedMs: 165_000, vus: 20, vusMax: 20, requests: 900, rps: 312.44, errorRatio: 0.0012, p95Ms: 48.21, p95WindowMs: 10_000 };
    expect(formatProgress(p)).toBe('k6 1m05s / 2m45s  VUs 20/20  312.4 req/s  errors 0.12%  p95(10s) 48.2 ms');
    expect(formatProgress({ ...p, plannedMs: undefined, errorRatio: null, p95Ms: null, p95WindowMs: undefined })).toBe('k6 1m05s  VUs 20/20  312.4 req/s  errors -  p95 -');
  });
});

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, columns: 200, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

const at = (elapsedMs: number): K6Progress => ({ elapsedMs, plannedMs: 60_000, vus: 1, vusMax: 1, requests: 1, rps: 1, errorRatio: 0, p95Ms: 1, p95WindowMs: undefined });

describe('consoleProgress', () => {
  it('rewrites one line in place on a terminal and ends it with a newline', () => {
    const { writes, stream } = fakeStream(true);
    const printer = consoleProgress(stream);
    printer.update(at(1000));
    printer.update(at(2000));
    printer.done();
    expect(writes).toHaveLength(3);
    expect(writes[0]?.startsWith('\r\x1b[2K')).toBe(true);
    expect(writes[1]).toContain('0m02s / 1m00s');
    expect(writes[2]).toBe('\n');
  });

  it('prints a plain line every interval when not a terminal, and the final state at the end', () => {
    const { writes, stream } = fakeStream(false);
    const printer = consoleProgress(stream, 10_000);
    for (let s = 1; s <= 25; s++) printer.update(at(s * 1000));
    printer.done();
    expect(writes.map((w) => w.slice(0, 9))).toEqual(['k6 0m01s ', 'k6 0m11s ', 'k6 0m21s ', 'k6 0m25s ']);
    expect(writes.every((w) => w.endsWith('\n') && !w.includes('\r'))).toBe(true);
  });
});
