import { describe, expect, it } from 'vitest';
import { interpolate } from '../../../lib/experiment/interpolate.ts';

describe('interpolate', () => {
  const vars = { alarmPrefix: 'stg-', region: 'eu-west-1' };

  it('substitutes variables deep inside lists and mappings', () => {
    const { value, problems } = interpolate({ expect: { alarms: [{ name: '${alarmPrefix}pool-wait' }] }, r: '${ region }' }, vars);
    expect(problems).toEqual([]);
    expect(value).toEqual({ expect: { alarms: [{ name: 'stg-pool-wait' }] }, r: 'eu-west-1' });
  });

  it('keeps $${ as a literal ${', () => {
    expect(interpolate({ a: 'cost $${alarmPrefix}' }, vars).value).toEqual({ a: 'cost ${alarmPrefix}' });
  });

  it('reports every unknown variable at the field that uses it', () => {
    const { problems } = interpolate({ list: ['${nope}', 'ok'], deep: { x: '${alsoNope}' } }, vars);
    expect(problems).toEqual([
      { path: 'list[0]', message: 'unknown variable ${nope}; the environment defines alarmPrefix, region' },
      { path: 'deep.x', message: 'unknown variable ${alsoNope}; the environment defines alarmPrefix, region' },
    ]);
  });

  it('rejects malformed variable names', () => {
    expect(interpolate({ a: '${}' }, vars).problems[0]?.message).toMatch(/not a valid variable/);
  });

  it('leaves non-string values alone', () => {
    expect(interpolate({ n: 3, b: true, z: null }, vars).value).toEqual({ n: 3, b: true, z: null });
  });
});
