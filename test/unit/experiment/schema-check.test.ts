import { describe, expect, it } from 'vitest';
import { checkSchema, fieldPath } from '../../../lib/experiment/schema-check.ts';
import { experimentSchema } from '../../../lib/experiment/experiment-schema.ts';
import { environmentSchema } from '../../../lib/experiment/environment-schema.ts';
import { closest } from '../../../lib/experiment/suggest.ts';

describe('fieldPath', () => {
  it('turns JSON pointers into the paths people read', () => {
    expect(fieldPath('/faults/1/hold')).toBe('faults[1].hold');
    expect(fieldPath('')).toBe('');
    expect(fieldPath('/a~1b/0', 'faults[0].with')).toBe('faults[0].with.a/b[0]');
  });
});

describe('checkSchema', () => {
  const valid = { name: 'x', load: { scenario: 'scenarios/api-mix.ts', stages: [{ duration: '1m', target: 3 }] } };

  it('accepts a minimal experiment', () => {
    expect(checkSchema(experimentSchema, valid)).toEqual([]);
  });

  it('reports all problems at once, each with its path', () => {
    const problems = checkSchema(experimentSchema, { ...valid, description: 3, faults: [{ id: 'a', action: 'x', at: 'soon', hold: '1m' }], extra: 1 });
    expect(problems.map((p) => p.path).sort()).toEqual(['description', 'extra', 'faults[0].at']);
  });

  it('suggests the closest known field for a typo', () => {
    const problems = checkSchema(experimentSchema, { ...valid, guardrail: {} });
    expect(problems).toEqual([{ path: 'guardrail', message: 'unknown field: did you mean "guardrails"?' }]);
  });

  it('validates environment files, including account id shape', () => {
    const problems = checkSchema(environmentSchema, { name: 'stg', region: 'eu-west-1', alarmPrefix: 'a-', ecs: { cluster: 'c', service: 's' }, database: { secretId: 'x' }, accountIds: ['12345'] });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toBe('accountIds[0]');
  });
});

describe('closest', () => {
  it('finds plausible typos and ignores unrelated words', () => {
    expect(closest('recovry', ['baseline', 'recovery'])).toBe('recovery');
    expect(closest('zzzzzz', ['baseline', 'recovery'])).toBeUndefined();
  });
});
