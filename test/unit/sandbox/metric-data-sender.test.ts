import { describe, expect, it } from 'vitest';
import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { MetricDataSender, type MetricDataTarget } from '../../../sandbox/metrics/metric-data-sender.ts';

const INPUT: PutMetricDataCommandInput = { Namespace: 'Test', MetricData: [{ MetricName: 'M', Value: 1 }] };

function sender(target: Partial<MetricDataTarget>) {
  const told: string[] = [];
  const signals: AbortSignal[] = [];
  const s = new MetricDataSender({ intervalMs: 3_600_000, publish: async (_input, signal) => void signals.push(signal), ...target }, (d) => told.push(d));
  return { s, told, signals };
}

/** Resolves with how long the signal took to abort; rejects after `limitMs`. */
function abortedWithin(signal: AbortSignal, limitMs: number): Promise<number> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`signal not aborted within ${limitMs} ms`)), limitMs);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve(Date.now() - started);
    });
  });
}

describe('MetricDataSender', () => {
  it('sends through the injected function with a signal that gives a request at most one interval', async () => {
    const seen: PutMetricDataCommandInput[] = [];
    const { s, signals } = sender({ intervalMs: 100, publish: async (input, signal) => void (seen.push(input), signals.push(signal)) });
    await s.send(INPUT);
    expect(seen).toEqual([INPUT]);
    const signal = signals[0]!;
    expect(signal.aborted).toBe(false);
    // 100 ms interval, generous upper bound for a loaded machine.
    expect(await abortedWithin(signal, 3000)).toBeGreaterThanOrEqual(50);
    s.destroy();
  });

  it('tells a failure to onError only, when one is given', () => {
    const errors: unknown[] = [];
    const { s, told } = sender({ onError: (e) => errors.push(e) });
    const err = new Error('CloudWatch is down');
    s.failed(err);
    expect(errors).toEqual([err]);
    expect(told).toEqual([]);
  });

  it('survives an onError that throws, and does not fall back', () => {
    const { s, told } = sender({
      onError: () => {
        throw new Error('handler broke');
      },
    });
    expect(() => s.failed(new Error('x'))).not.toThrow();
    expect(told).toEqual([]);
  });

  it('without onError, gives the fallback the error name and message (or the thrown value)', () => {
    const { s, told } = sender({});
    const timeout = new Error('The operation was aborted due to timeout');
    timeout.name = 'TimeoutError';
    s.failed(timeout);
    s.failed('a string');
    expect(told).toEqual(['TimeoutError: The operation was aborted due to timeout', 'a string']);
  });
});
