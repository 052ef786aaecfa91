import { describe, expect, it } from 'vitest';
import { majorOf, parseK6Version } from '../../../lib/k6/binary.ts';

describe('k6 version parsing', () => {
  it('reads the version from `k6 version` output', () => {
    expect(parseK6Version('k6 v2.2.0 (go1.26.8, linux/amd64)\n')).toBe('v2.2.0');
    expect(parseK6Version('k6 v1.8.1 (commit/abc, go1.24)')).toBe('v1.8.1');
    expect(parseK6Version('something else')).toBeUndefined();
  });

  it('tells the major version', () => {
    expect(majorOf('v2.2.0')).toBe(2);
    expect(majorOf('v1.8.1')).toBe(1);
    expect(majorOf('2.2.0')).toBeUndefined();
  });
});
