import { afterEach, describe, expect, it } from 'vitest';
import { assertNoSecret, containsSecret, forgetSecretsForTests, redactSecrets, rememberSecret } from '../../../lib/safety/secret-values.ts';

afterEach(() => forgetSecretsForTests());

describe('secret values', () => {
  it('remembers the whole value, each JSON string in it, and URL passwords raw and decoded', () => {
    rememberSecret(JSON.stringify({ DATABASE_URL: 'postgres://app:p%40ss-word-1@db/app', API_TOKEN: 'tok-123456', DB_POOL_MAX: '10' }));
    expect(containsSecret('x tok-123456 y')).toBe(true);
    expect(containsSecret('p%40ss-word-1')).toBe(true);
    expect(containsSecret('p@ss-word-1')).toBe(true);
    expect(containsSecret('postgres://app:p%40ss-word-1@db/app')).toBe(true);
  });

  it('ignores short values that are not secrets and would match everywhere', () => {
    rememberSecret(JSON.stringify({ DB_POOL_MAX: '10' }));
    expect(containsSecret('poolMax 10')).toBe(false);
  });

  it('redacts and refuses without ever repeating the value', () => {
    rememberSecret('sentinel-value-42');
    expect(redactSecrets('a sentinel-value-42 b sentinel-value-42')).toBe('a *** b ***');
    expect(() => assertNoSecret('has sentinel-value-42', 'the journal')).toThrow('refused to write a secret value to the journal');
    try {
      assertNoSecret('has sentinel-value-42', 'the journal');
    } catch (err) {
      expect((err as Error).message).not.toContain('sentinel');
    }
  });
});
