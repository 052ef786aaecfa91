// The harness's evidence must agree with k6's own end-of-test summary: same counts, p95 within 1 % per class.
import { expect } from 'vitest';
import { categoryDuration } from '../../lib/k6/summary.ts';
import type { K6Result } from '../../lib/k6/runner.ts';
import { CATEGORIES } from '../../scenarios/lib/slo.ts';

export function expectEvidenceAgreesWithK6(result: K6Result): void {
  const byCategory = result.evidence.window().byCategory();
  for (const category of CATEGORIES) {
    const k6 = categoryDuration(result.summary, category);
    const ours = byCategory[category];
    expect(k6, `k6 summarised ${category}`).toBeDefined();
    expect(ours?.count, category).toBe(k6?.count);
    const relative = Math.abs((ours?.p95Ms ?? Number.NaN) - (k6?.['p(95)'] ?? Number.NaN)) / (k6?.['p(95)'] ?? Number.NaN);
    expect(relative, `${category}: ours ${ours?.p95Ms} ms, k6 ${k6?.['p(95)']} ms`).toBeLessThan(0.01);
  }
}
