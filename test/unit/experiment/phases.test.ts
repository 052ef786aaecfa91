import { describe, expect, it } from 'vitest';
import { phaseSelectors, plannedPhases } from '../../../lib/experiment/phases.ts';

describe('plannedPhases', () => {
  it('splits the load into baseline, fault and recovery phases', () => {
    const phases = plannedPhases([{ id: 'small-pool', atMs: 30_000, holdMs: 60_000 }], 180_000);
    expect(phases).toEqual([
      { name: 'baseline', kind: 'baseline', startMs: 0, endMs: 30_000 },
      { name: 'small-pool', kind: 'fault', faultId: 'small-pool', startMs: 30_000, endMs: 90_000 },
      { name: 'recovery', kind: 'recovery', faultId: 'small-pool', startMs: 90_000, endMs: 180_000 },
    ]);
  });

  it('names the gaps between faults after the fault they follow, in time order', () => {
    const phases = plannedPhases(
      [
        { id: 'b', atMs: 100_000, holdMs: 10_000 },
        { id: 'a', atMs: 20_000, holdMs: 10_000 },
      ],
      150_000,
    );
    expect(phases.map((p) => p.name)).toEqual(['baseline', 'a', 'recovery-a', 'b', 'recovery']);
  });

  it('leaves out empty phases', () => {
    const phases = plannedPhases([{ id: 'x', atMs: 0, holdMs: 60_000 }], 60_000);
    expect(phases.map((p) => p.name)).toEqual(['x']);
    expect(phaseSelectors(phases)).toEqual(['x', 'fault', 'all']);
  });

  it('is one baseline phase without faults', () => {
    expect(phaseSelectors(plannedPhases([], 60_000))).toEqual(['baseline', 'all']);
  });
});
