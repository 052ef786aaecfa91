// Which SLO classes the load actually exercised. A k6 threshold on a class that received no requests passes
// silently (there is nothing to fail), so a class the drill expected but never sent must be reported, not passed.
import { UNTAGGED } from './keys.ts';
import type { WindowEvidence } from './window.ts';

export interface CoverageReport {
  /** Expected classes with their request counts (0 = no samples). */
  expected: Array<{ category: string; requests: number }>;
  /** Expected classes with no requests at all. */
  missing: string[];
  /** Classes seen that were not expected (often a misspelt tag), with their counts. */
  unexpected: Array<{ category: string; requests: number }>;
  /** Requests without a category tag. */
  untagged: number;
  /** One plain sentence per problem, for logs and reports. */
  messages: string[];
}

export function checkCoverage(evidence: WindowEvidence, expected: readonly string[]): CoverageReport {
  const counts = evidence.categoryCounts();
  const untagged = counts.get(UNTAGGED) ?? 0;
  const unexpected = [...counts]
    .filter(([category]) => category !== UNTAGGED && !expected.includes(category))
    .map(([category, requests]) => ({ category, requests }));
  const missing = expected.filter((c) => !counts.get(c));
  const seenInstead = unexpected.length > 0 ? ` (classes seen that were not expected: ${unexpected.map((u) => `${u.category} x${u.requests}`).join(', ')})` : '';
  const messages = missing.map(
    (c) => `SLO class ${c}: no samples. The load sent no request tagged category=${c}, so a threshold on it would pass without evidence; check the scenario's tags and weights${seenInstead}.`,
  );
  return { expected: expected.map((category) => ({ category, requests: counts.get(category) ?? 0 })), missing, unexpected, untagged, messages };
}
