import { redactSecrets } from './secret-values.ts';

const SECRET_KEY = /password|passwd|secret|token|credential|url|dsn|key$/i;
const URL_WITH_CREDENTIALS = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i;

/**
 * Fault parameters as they may appear in run records and reports: values under secret-sounding keys, connection
 * strings with credentials and any value the process has seen as a secret become "[redacted]".
 */
export function redactParams(params: Record<string, unknown>): Record<string, unknown> {
  const walk = (value: unknown, key: string): unknown => {
    if (typeof value === 'string') {
      if (SECRET_KEY.test(key) || URL_WITH_CREDENTIALS.test(value)) return '[redacted]';
      return redactSecrets(value);
    }
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  return walk(params, '') as Record<string, unknown>;
}
