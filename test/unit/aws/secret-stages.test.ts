import { describe, expect, it } from 'vitest';
import { AWSCURRENT, AWSPREVIOUS, withNewCurrent, withStageMoved, type Stages } from '../../../lib/aws/secret-stages.ts';

/** Label order within a version carries no meaning. */
const normal = (s: Stages) => Object.fromEntries(Object.entries(s).map(([v, l]) => [v, [...l].sort()]));
const holder = (s: Stages, label: string) => Object.entries(s).find(([, l]) => l.includes(label))?.[0];

/** The restore firedrill performs, as label moves on the map (chaos/secret-version.ts does it through the API). */
function rollBack(stages: Stages, prior: { current: string; previous?: string }, drill: string): Stages {
  let s = withStageMoved(stages, { stage: AWSCURRENT, moveToVersionId: prior.current, removeFromVersionId: drill });
  s = withStageMoved(s, { stage: AWSPREVIOUS, ...(prior.previous ? { moveToVersionId: prior.previous } : {}), removeFromVersionId: drill });
  return s;
}

describe('secret staging labels', () => {
  it('PutSecretValue makes the new version AWSCURRENT and the old one AWSPREVIOUS', () => {
    const after = withNewCurrent({ v1: [AWSPREVIOUS], v2: [AWSCURRENT] }, 'drill');
    expect(after).toEqual({ v2: [AWSPREVIOUS], drill: [AWSCURRENT] });
  });

  it('moving AWSCURRENT back hands AWSPREVIOUS to the old holder, as AWS does', () => {
    const s = withStageMoved({ v2: [AWSPREVIOUS], drill: [AWSCURRENT] }, { stage: AWSCURRENT, moveToVersionId: 'v2', removeFromVersionId: 'drill' });
    expect(s).toEqual({ v2: [AWSCURRENT], drill: [AWSPREVIOUS] });
  });

  it('the two-step rollback restores exactly the labels before the drill, whatever they were', () => {
    const cases: Array<{ before: Stages; prior: { current: string; previous?: string } }> = [
      { before: { v1: [AWSCURRENT] }, prior: { current: 'v1' } },
      { before: { v1: [AWSPREVIOUS], v2: [AWSCURRENT] }, prior: { current: 'v2', previous: 'v1' } },
      { before: { v1: [AWSPREVIOUS, 'custom'], v2: [AWSCURRENT], v3: ['AWSPENDING'] }, prior: { current: 'v2', previous: 'v1' } },
    ];
    for (const { before, prior } of cases) {
      const injected = withNewCurrent(before, 'drill');
      expect(holder(injected, AWSCURRENT)).toBe('drill');
      expect(normal(rollBack(injected, prior, 'drill'))).toEqual(normal(before));
    }
  });

  it('a version left without labels disappears from the map (deprecated)', () => {
    expect(withStageMoved({ a: [AWSCURRENT], b: [AWSPREVIOUS] }, { stage: AWSPREVIOUS, removeFromVersionId: 'b' })).toEqual({ a: [AWSCURRENT] });
  });

  it('never changes its input', () => {
    const input: Stages = { a: [AWSCURRENT] };
    withNewCurrent(input, 'b');
    withStageMoved(input, { stage: AWSPREVIOUS, moveToVersionId: 'a' });
    expect(input).toEqual({ a: [AWSCURRENT] });
  });
});
