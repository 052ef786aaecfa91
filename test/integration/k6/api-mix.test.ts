// api-mix through the firedrill runner against the loopback stand-in of the reference API: the evidence covers
// every SLO class and agrees with k6's own summary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceStore } from '../../../lib/evidence/store.ts';
import { runK6, type K6Result } from '../../../lib/k6/runner.ts';
import type { K6Progress } from '../../../lib/k6/progress.ts';
import { CATEGORIES } from '../../../scenarios/lib/slo.ts';
import { startLoopbackApi, type LoopbackApi } from '../../support/loopback-api.ts';
import { k6Path } from './k6-path.ts';
import { expectEvidenceAgreesWithK6 } from '../../support/k6-agreement.ts';

let api: LoopbackApi;
let dir: string;
let result: K6Result;
const progress: K6Progress[] = [];

beforeAll(async () => {
  api = await startLoopbackApi();
  dir = mkdtempSync(join(tmpdir(), 'firedrill-k6-mix-'));
  result = await runK6({
    k6Path: await k6Path(),
    scenario: 'scenarios/api-mix.ts',
    runDir: dir,
    params: { baseUrl: api.url, thinkTimeMs: 100 },
    stages: [
      { duration: '3s', target: 8 },
      { duration: '17s', target: 8 },
    ],
    onProgress: (p) => progress.push(p),
  });
});

afterAll(async () => {
  result?.evidence.dispose();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('api-mix for 20 s through the runner', () => {
  it('completes with every SLO class populated and nothing flagged', () => {
    expect(result.outcome, result.stderrTail).toBe('completed');
    expect(result.exitCode).toBe(0);
    expect(result.coverage.missing).toEqual([]);
    expect(result.coverage.expected.map((e) => e.category).sort()).toEqual([...CATEGORIES].sort());
    for (const { category, requests } of result.coverage.expected) expect(requests, category).toBeGreaterThan(0);
    // The evidence saw exactly the requests the server answered.
    const served = Object.values(api.counts).reduce((a, b) => a + b, 0);
    expect(result.requests).toBe(served);
  });

  it('gives per-class p95 within 1 % of k6 own end-of-test summary, and matching counts', () => {
    expectEvidenceAgreesWithK6(result);
  });

  it('separates the classes by their latency (the loopback API answers each class at a fixed delay)', () => {
    const byCategory = result.evidence.window().byCategory();
    expect(byCategory['read-simple']?.p50Ms).toBeGreaterThanOrEqual(api.latencies['read-simple']);
    expect(byCategory.export?.p50Ms).toBeGreaterThanOrEqual(api.latencies.export);
    expect(byCategory.export?.p50Ms).toBeLessThan(api.latencies.export + 30);
  });

  it('persists evidence that reloads from the run directory with the same figures', () => {
    const reloaded = EvidenceStore.load(result.files.evidence);
    expect(reloaded.window().byCategory()).toEqual(result.evidence.window().byCategory());
    reloaded.dispose();
    expect(existsSync(result.files.samplesGz)).toBe(true);
    expect(existsSync(result.files.samples)).toBe(false);
    expect(existsSync(result.files.record)).toBe(true);
  });

  it('reported progress while the load ran: rising elapsed time against the planned 20 s, live rate and p95', () => {
    expect(progress.length).toBeGreaterThanOrEqual(10);
    expect(progress.every((p) => p.plannedMs === 20_000)).toBe(true);
    const late = progress.filter((p) => p.elapsedMs > 8000);
    expect(late.length).toBeGreaterThan(0);
    for (const p of late) {
      expect(p.vus).toBeGreaterThan(0);
      expect(p.rps).toBeGreaterThan(0);
      expect(p.p95Ms).toBeGreaterThan(0);
      expect(p.p95WindowMs).toBe(10_000);
    }
  });

  it('places the evidence inside the run: its span starts after k6 started and ends before it exited', () => {
    const span = result.evidence.span();
    expect(span).toBeDefined();
    expect(span!.fromMs).toBeGreaterThanOrEqual(Math.floor(result.startedAt.getTime() / 1000) * 1000);
    expect(span!.toMs).toBeLessThanOrEqual(Math.ceil(result.endedAt.getTime() / 1000) * 1000 + 1000);
  });
});
