import { describe, expect, it } from 'vitest';
import { faultParams } from '../../../lib/cli/catalogue.ts';
import { loadDrill } from '../../../lib/experiment/index.ts';
import { faultBrief } from '../../../lib/gameday/fault-brief.ts';

describe('faultBrief', () => {
  it('says what the flagship fault will do, when, and what the drill expects of it', async () => {
    const { experiment: x, environment: env } = await loadDrill('experiments/pool-exhaustion.yaml', 'local', faultParams);
    const lines = faultBrief(x.faults[0]!, x, env);
    expect(lines[0]).toBe('fault small-pool: shrink-db-pool (poolMax=1), planned at +30s, held 50s');
    expect(lines.join('\n')).toMatch(/sandbox\/core-api\/db/);
    expect(lines).toContain('  expect: sandbox-pool-wait to fire within 1m and recover within 1m of the restore');
    expect(lines).toContain('  expect: sandbox-pool-utilization to fire within 1m30s (optional)');
    expect(lines.at(-1)).toBe('  judged during the fault: SLO all, /health degraded');
  });
});
