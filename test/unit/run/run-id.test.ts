import { describe, expect, it } from 'vitest';
import { MAX_RUN_ID, newRunId } from '../../../lib/run/run-dir.ts';

describe('newRunId', () => {
  const at = new Date('2026-11-21T23:15:00.123Z');

  it('is the UTC stamp and the experiment name', () => {
    expect(newRunId('pool-exhaustion', at)).toBe('20261121T231500Z-pool-exhaustion');
  });

  it('cuts a long experiment name so the id fits what the drill session accepts', () => {
    const id = newRunId(`a-very-long-experiment-name-${'x'.repeat(40)}`, at);
    expect(id.length).toBeLessThanOrEqual(MAX_RUN_ID);
    expect(id).toMatch(/^20261121T231500Z-a-very-long-experiment-name-x+$/);
  });
});
