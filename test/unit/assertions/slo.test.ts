import { describe, expect, it } from 'vitest';
import type { CheckResult, Phase } from '../../../assertions/evidence.ts';
import { sloChecks } from '../../../assertions/slo.ts';
import { at, drill, experiment, memoryLoad, PHASES, slo, smallPool, steady, type Req } from './drill-builder.ts';

// baseline: read-simple 50 ms; small-pool (40-90 s): read-simple 400 ms at 8 rps plus 2 rps of 500s; recovery: 50 ms.
// write-simple runs throughout at 120 ms, 2 rps.
const LOAD: Req[] = [
  ...steady({ fromS: 0, toS: 40, rps: 10, ms: 50 }),
  ...steady({ fromS: 40, toS: 90, rps: 8, ms: 400 }),
  ...steady({ fromS: 40, toS: 90, rps: 2, ms: 30, status: 500 }),
  ...steady({ fromS: 90, toS: 180, rps: 10, ms: 50 }),
  ...steady({ fromS: 0, toS: 180, rps: 2, ms: 120, category: 'write-simple' }),
];

const judge = (entries: Parameters<typeof slo>[0][], over: Parameters<typeof drill>[0] = {}): CheckResult[] =>
  sloChecks(drill({ experiment: experiment({ slo: entries.map(slo) }), load: memoryLoad(LOAD), ...over }));

describe('SLO bounds per phase and category', () => {
  it('passes each latency bound that holds, one check per bound, with observed value and sample count', () => {
    const checks = judge([{ category: 'read-simple', phase: 'baseline', p50Ms: 60, p95Ms: 100, p99Ms: 200, maxMs: 60 }]);
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['slo read-simple in baseline: p50', true],
      ['slo read-simple in baseline: p95', true],
      ['slo read-simple in baseline: p99', true],
      ['slo read-simple in baseline: max', true],
    ]);
    expect(checks[1]).toMatchObject({ kind: 'slo', strict: true, observed: 'p95 50ms over 300 requests', expected: 'p95 ≤ 100ms' });
    expect(checks[1]!.data).toMatchObject({ samples: 300, limit: 100 });
  });

  it('passes a figure exactly at its bound', () => {
    const load = memoryLoad([...steady({ fromS: 0, toS: 30, rps: 10, ms: 1 }), ...steady({ fromS: 0, toS: 30, rps: 10, ms: 2, status: 500 })]);
    const checks = judge([{ phase: 'baseline', p95Ms: 2, p50Ms: 1.5, errorRateMax: 0.5 }], { load });
    expect(checks.map((c) => [c.observed, c.ok])).toEqual([
      ['p50 1.5ms over 600 requests', true],
      ['p95 2ms over 600 requests', true],
      ['error rate 50% over 600 requests', true],
    ]);
  });

  it('fails a latency bound that is broken, naming the category, phase and SLO', () => {
    const [c] = judge([{ category: 'read-simple', phase: 'small-pool', p95Ms: 300 }]);
    expect(c).toMatchObject({ ok: false, observed: 'p95 400ms over 500 requests', expected: 'p95 ≤ 300ms' });
    expect(c!.message).toContain('The p95 of read-simple requests was 400ms in phase small-pool (12:00:40–12:01:30 UTC), breaking the SLO (p95 ≤ 300ms)');
  });

  it('judges the error rate with 5xx as errors and lists the status classes when it fails', () => {
    const [loose] = judge([{ category: 'read-simple', phase: 'small-pool', errorRateMax: 0.25 }]);
    expect(loose).toMatchObject({ ok: true, observed: 'error rate 20% over 500 requests' });
    const [tight] = judge([{ category: 'read-simple', phase: 'small-pool', errorRateMax: 0.1 }]);
    expect(tight).toMatchObject({ ok: false, expected: 'error rate ≤ 10%' });
    expect(tight!.message).toContain('2xx 400, 5xx 100');
  });

  it('judges the request-rate floor', () => {
    expect(judge([{ category: 'write-simple', phase: 'baseline', minRps: 2 }])[0]).toMatchObject({ ok: true, observed: 'request rate 2 req/s over 60 requests' });
    expect(judge([{ category: 'write-simple', phase: 'baseline', minRps: 5 }])[0]).toMatchObject({ ok: false, expected: 'rate ≥ 5 req/s' });
  });

  it('category all takes every class', () => {
    const [c] = judge([{ category: 'all', phase: 'baseline', maxMs: 100 }]);
    expect(c).toMatchObject({ ok: false, observed: 'max 120ms over 360 requests' });
  });

  it('fails a category with no requests in the window with a coverage check, never a pass', () => {
    const checks = judge([{ category: 'export', phase: 'baseline', p95Ms: 5000, errorRateMax: 0.01 }]);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ kind: 'slo-coverage', ok: false, strict: true, observed: 'no export requests' });
    expect(checks[0]!.message).toContain('No export requests were recorded in phase baseline');
    expect(checks[0]!.message).toContain('seen instead: read-simple x300, write-simple x60');
  });

  it('fails category all when the window has no requests at all', () => {
    const checks = judge([{ phase: 'baseline', p95Ms: 100 }], { load: memoryLoad(steady({ fromS: 40, toS: 180, rps: 5, ms: 10 })) });
    expect(checks[0]).toMatchObject({ kind: 'slo-coverage', ok: false, observed: 'no requests' });
  });

  it('carries strict: false to every check of an optional SLO', () => {
    const checks = judge([{ category: 'read-simple', phase: 'small-pool', p95Ms: 100, p99Ms: 100, strict: false }]);
    expect(checks.map((c) => [c.ok, c.strict])).toEqual([[false, false], [false, false]]);
  });
});

describe('phase selectors', () => {
  const twoFaults = experiment({}, [
    { id: 'small-pool', action: 'shrink-db-pool', atMs: 30_000, holdMs: 60_000, params: {} },
    { id: 'slow-db', action: 'pg-sleep', atMs: 120_000, holdMs: 30_000, params: {} },
  ]);
  const phases: Phase[] = [
    { name: 'baseline', kind: 'baseline', startMs: at(0), endMs: at(30) },
    { name: 'small-pool', kind: 'fault', faultId: 'small-pool', startMs: at(40), endMs: at(90) },
    { name: 'recovery-small-pool', kind: 'recovery', faultId: 'small-pool', startMs: at(90), endMs: at(120) },
    { name: 'slow-db', kind: 'fault', faultId: 'slow-db', startMs: at(120), endMs: at(150) },
    { name: 'recovery', kind: 'recovery', faultId: 'slow-db', startMs: at(150), endMs: at(180) },
  ];

  it('fault expands to every fault phase, each judged on its own', () => {
    const checks = sloChecks(drill({ experiment: { ...twoFaults, expect: { ...twoFaults.expect, slo: [slo({ category: 'read-simple', phase: 'fault', p95Ms: 100 })] } }, phases, load: memoryLoad(LOAD) }));
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['slo read-simple in small-pool: p95', false],
      ['slo read-simple in slow-db: p95', true],
    ]);
  });

  it('fails a fault phase that did not happen because the drill was aborted, saying so', () => {
    const checks = sloChecks(
      drill({
        experiment: { ...twoFaults, expect: { ...twoFaults.expect, slo: [slo({ category: 'read-simple', phase: 'fault', p95Ms: 1000 })] } },
        phases: phases.slice(0, 2),
        outcome: 'aborted',
        abortReason: 'guardrail sandbox-db-connect-failed in ALARM',
        load: memoryLoad(LOAD),
      }),
    );
    expect(checks.map((c) => [c.name, c.ok])).toEqual([
      ['slo read-simple in small-pool: p95', true],
      ['slo read-simple in slow-db', false],
    ]);
    expect(checks[1]!.message).toBe('SLO "slo read-simple in slow-db" cannot be judged: phase slow-db did not happen in this drill (the drill was aborted: guardrail sandbox-db-connect-failed in ALARM).');
  });

  it('all judges the whole load', () => {
    const [c] = judge([{ category: 'read-simple', phase: 'all', p50Ms: 60 }]);
    // 1,800 read-simple requests over 0-180 s, of which 400 at 400 ms and 100 at 30 ms: the median is 50 ms.
    expect(c).toMatchObject({ ok: true, observed: 'p50 50ms over 1800 requests' });
    expect(c!.data).toMatchObject({ fromMs: at(0), toMs: at(180) });
  });

  it('fails a phase that lasted no time', () => {
    const [c] = judge([{ phase: 'recovery', p95Ms: 100 }], { phases: [...PHASES.slice(0, 2), { name: 'recovery', kind: 'recovery', startMs: at(90), endMs: at(90) }] });
    expect(c).toMatchObject({ ok: false, observed: 'phase did not happen' });
    expect(c!.message).toContain('phase recovery lasted no time');
  });

  it('fails a named phase missing from the evidence', () => {
    const [c] = judge([{ phase: 'recovery', p95Ms: 100 }], { phases: PHASES.slice(0, 2) });
    expect(c).toMatchObject({ ok: false, observed: 'phase did not happen' });
  });
});

describe('recovery SLOs with within', () => {
  // Slow for 20 s after the restore at 90 s, then back to 50 ms.
  const slowStart = [...steady({ fromS: 0, toS: 90, rps: 10, ms: 50 }), ...steady({ fromS: 90, toS: 110, rps: 10, ms: 900 }), ...steady({ fromS: 110, toS: 180, rps: 10, ms: 50 })];

  it('judges the bounds only after the allowance', () => {
    const load = memoryLoad(slowStart);
    expect(judge([{ phase: 'recovery', p95Ms: 100 }], { load })[0]).toMatchObject({ ok: false });
    const [c] = judge([{ phase: 'recovery', p95Ms: 100, withinMs: 30_000 }], { load });
    expect(c).toMatchObject({ ok: true, name: 'slo all in recovery after 30s: p95', observed: 'p95 50ms over 600 requests' });
    expect(c!.message).toContain('after the 30s recovery allowance (12:02:00–12:03:00 UTC)');
  });

  it('counts the allowance from the completed restore', () => {
    const [c] = judge([{ phase: 'recovery', p95Ms: 100, withinMs: 30_000 }], { load: memoryLoad(slowStart), faults: [smallPool({ restoredAtMs: at(100) })] });
    expect(c).toMatchObject({ ok: true, observed: 'p95 50ms over 500 requests' });
  });

  it('fails when the phase is no longer than the allowance', () => {
    const [c] = judge([{ phase: 'recovery', p95Ms: 100, withinMs: 90_000 }]);
    expect(c).toMatchObject({ ok: false });
    expect(c!.message).toContain('lasted only 1m30s, no longer than its 1m30s recovery allowance');
  });
});
