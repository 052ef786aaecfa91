import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_ACQUIRE_TIMEOUT_MS, loadConfig } from '../../../sandbox/service/config.ts';

const base = { PORT: '8080', DATABASE_URL: 'postgres://core_api:s3cret@127.0.0.1:5432/clinic' };

function problems(env: Record<string, string | undefined>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('service config', () => {
  it('applies the documented defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      port: 8080, poolMax: 10, serviceName: 'core-api', awsRegion: 'us-east-1', awsEndpointUrl: undefined, metricsIntervalMs: 10_000,
      acquireTimeoutMs: DEFAULT_ACQUIRE_TIMEOUT_MS, slowQueryMs: 500, queryTimeoutMs: 5_000, requestTimeoutMs: 30_000,
      exportQueryTimeoutMs: 30_000, exportRequestTimeoutMs: 120_000,
    });
    expect(c.taskId).toMatch(/^local-\d+$/);
  });

  it('keeps the acquire timeout plus the query timeout well inside the request timeout', () => {
    const c = loadConfig(base);
    expect(c.acquireTimeoutMs + c.queryTimeoutMs).toBeLessThan(c.requestTimeoutMs);
  });

  it('reads every variable', () => {
    const c = loadConfig({
      ...base, DB_POOL_MAX: '2', SERVICE_NAME: 'svc', TASK_ID: 't-1', AWS_REGION: 'eu-west-1', AWS_ENDPOINT_URL: 'http://127.0.0.1:4566',
      METRICS_INTERVAL_MS: '1000', DB_ACQUIRE_TIMEOUT_MS: '250', SLOW_QUERY_MS: '100', SHUTDOWN_GRACE_MS: '0',
    });
    expect(c).toMatchObject({ poolMax: 2, serviceName: 'svc', taskId: 't-1', awsRegion: 'eu-west-1', awsEndpointUrl: 'http://127.0.0.1:4566', metricsIntervalMs: 1000, acquireTimeoutMs: 250, slowQueryMs: 100, shutdownGraceMs: 0 });
  });

  it('names every problem at once', () => {
    expect(problems({ PORT: 'http', DATABASE_URL: ' ', DB_POOL_MAX: '-1', METRICS_INTERVAL_MS: '1.5', AWS_ENDPOINT_URL: 'ftp://x' })).toEqual([
      'DATABASE_URL is required (postgres://user:password@host:port/db)',
      'PORT: expected an integer 0..65535, got "http"',
      'DB_POOL_MAX: expected an integer 1..1000, got "-1"',
      'AWS_ENDPOINT_URL: expected an http(s) URL such as http://127.0.0.1:4566, got "ftp://x"',
      'METRICS_INTERVAL_MS: expected an integer 100..3600000, got "1.5"',
    ]);
  });

  it('requires PORT', () => {
    expect(problems({ DATABASE_URL: base.DATABASE_URL })).toEqual(['PORT is required (an integer 0..65535)']);
  });

  it('accepts any non-empty DATABASE_URL (a wrong one is a runtime outage, not a config error) and never echoes it', () => {
    expect(problems({ PORT: '1', DATABASE_URL: 'garbage s3cret' })).toEqual([]);
    const err = (() => {
      try {
        loadConfig({ ...base, DB_POOL_MAX: 'x' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).not.toContain('s3cret');
  });
});
