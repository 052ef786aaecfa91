import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidInputError } from '../../../lib/errors.ts';
import { killedAfterGrace, outcomeOfExit, startupTimeout } from '../../../lib/k6/outcome.ts';
import { k6Args, k6Env } from '../../../lib/k6/process.ts';
import { bannerMaxDurationMs, clearRunFiles, plannedDurationMs, runFiles, writeRunConfig } from '../../../lib/k6/run-files.ts';
import { failedThresholds, readSummary, thresholdedCategories } from '../../../lib/k6/summary.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'firedrill-k6cfg-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('outcomeOfExit', () => {
  it('maps the k6 exit codes the harness acts on', () => {
    expect(outcomeOfExit(0)).toMatchObject({ outcome: 'completed', loadCompleted: true });
    expect(outcomeOfExit(99)).toMatchObject({ outcome: 'thresholds-failed', loadCompleted: true });
    expect(outcomeOfExit(103)).toMatchObject({ outcome: 'stopped', loadCompleted: false });
    expect(outcomeOfExit(105)).toMatchObject({ outcome: 'interrupted', loadCompleted: false });
    expect(outcomeOfExit(107)).toMatchObject({ outcome: 'script-error', loadCompleted: false });
    expect(outcomeOfExit(108)).toMatchObject({ outcome: 'aborted', loadCompleted: false });
    expect(outcomeOfExit(104)).toMatchObject({ outcome: 'invalid-config' });
  });

  it('treats unknown codes and external signals as failures it can describe', () => {
    expect(outcomeOfExit(42)).toMatchObject({ outcome: 'k6-error', description: 'k6 exited with code 42' });
    expect(outcomeOfExit(null, 'SIGKILL')).toMatchObject({ outcome: 'killed', description: 'k6 was ended by SIGKILL' });
    expect(startupTimeout(30_000)).toMatchObject({ outcome: 'startup-timeout', description: 'the test did not start within 30 s' });
    expect(killedAfterGrace(10_000).outcome).toBe('killed');
  });
});

describe('k6 command line and environment', () => {
  const files = runFiles('/runs/r1');
  const command = { k6Path: '/bin/k6', scenario: '/s/api-mix.ts', files, port: 40123, env: { EXTRA: '1' } };

  it('enables the REST API on loopback only, captures evidence as CSV with status tags, exports the summary', () => {
    const args = k6Args(command);
    expect(args.slice(0, 3)).toEqual(['run', '--address', '127.0.0.1:40123']);
    expect(args).toContain('csv=/runs/r1/k6-samples.csv');
    expect(args[args.indexOf('--system-tags') + 1]).toBe('status');
    expect(args[args.indexOf('--summary-export') + 1]).toBe('/runs/r1/k6-summary.json');
    expect(args[args.indexOf('--summary-trend-stats') + 1]).toContain('p(99)');
    expect(args[args.indexOf('--config') + 1]).toBe('/runs/r1/k6-options.json');
    expect(args).toContain('--no-usage-report');
    expect(args.at(-1)).toBe('/s/api-mix.ts');
  });

  it('keeps extra system tags a scenario asks for, without duplicates', () => {
    const args = k6Args({ ...command, extraSystemTags: ['name', 'status'] });
    expect(args[args.indexOf('--system-tags') + 1]).toBe('status,name');
  });

  it('gives k6 only what it needs from the environment: no credentials or database URLs', () => {
    const env = k6Env(command, { PATH: '/usr/bin', HOME: '/root', AWS_SECRET_ACCESS_KEY: 'x', DATABASE_URL: 'postgres://u:p@h/db', K6_CLOUD_TOKEN: 't' });
    expect(env).toMatchObject({ PATH: '/usr/bin', HOME: '/root', EXTRA: '1', FIREDRILL_CONFIG: '/runs/r1/scenario-config.json', K6_CSV_TIME_FORMAT: 'unix_milli', K6_NO_USAGE_REPORT: 'true', GOGC: '200' });
    expect(Object.keys(env)).not.toContain('AWS_SECRET_ACCESS_KEY');
    expect(Object.keys(env)).not.toContain('DATABASE_URL');
    expect(Object.keys(env)).not.toContain('K6_CLOUD_TOKEN');
  });

  it('lets the caller override the Go collector setting', () => {
    expect(k6Env({ ...command, env: { GOGC: '100' } }, {}).GOGC).toBe('100');
  });
});

describe('writeRunConfig', () => {
  it('writes the scenario parameters and the k6 options file, and returns the resolved parameters', () => {
    const files = runFiles(dir);
    const params = writeRunConfig(files, { baseUrl: 'http://127.0.0.1:9/', stages: [{ duration: '20s', target: 5 }] });
    expect(params.baseUrl).toBe('http://127.0.0.1:9');
    expect(params.weights['read-simple']).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(files.scenarioConfig, 'utf8'))).toEqual({ baseUrl: 'http://127.0.0.1:9/', stages: [{ duration: '20s', target: 5 }] });
    expect(JSON.parse(readFileSync(files.k6Options, 'utf8'))).toMatchObject({ noUsageReport: true });
  });

  it('rejects bad parameters before starting anything, naming each field and the fix', () => {
    const files = runFiles(dir);
    let error: unknown;
    try {
      writeRunConfig(files, { baseUrl: 'localhost', stages: [{ duration: 'soon', target: 5 }], weights: { 'read-simpel': 3 } });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    const problems = (error as InvalidInputError).problems;
    expect(problems.map((p) => p.path)).toEqual(['load.baseUrl', 'load.stages[0].duration', 'load.weights.read-simpel']);
    expect(problems[1]?.message).toMatch(/expected a duration like 30s/);
    expect(problems[2]?.message).toMatch(/unknown class; expected one of read-simple/);
  });
});

describe('clearRunFiles', () => {
  it('removes what an earlier run in the same directory left, and only that', () => {
    const files = runFiles(dir);
    for (const file of [files.samples, files.summary, files.evidence, files.record]) writeFileSync(file, 'stale');
    writeFileSync(join(dir, 'journal.ndjson'), '{}');
    clearRunFiles(files);
    expect([files.samples, files.summary, files.evidence, files.record].some((f) => existsSync(f))).toBe(false);
    expect(existsSync(join(dir, 'journal.ndjson'))).toBe(true);
  });
});

describe('planned duration', () => {
  it('comes from the stock scenario plans', () => {
    const files = runFiles(dir);
    const params = writeRunConfig(files, { baseUrl: 'http://h', stages: [{ duration: '30s', target: 5 }, { duration: '1m', target: 5 }], scale: 0.1 });
    expect(plannedDurationMs('/x/scenarios/api-mix.ts', params)).toBe(90_000);
    expect(plannedDurationMs('/x/scenarios/monthly.ts', params)).toBe((12 + 30 + 12 + 30 + 12) * 1000);
    expect(plannedDurationMs('/x/my-own.ts', params)).toBeUndefined();
  });

  it('falls back to the max duration in k6 start-up banner', () => {
    const banner = '     scenarios: (100.00%) 1 scenario, 10 max VUs, 2m38.5s max duration (incl. graceful stop):';
    expect(bannerMaxDurationMs(banner)).toBe(158_500);
    expect(bannerMaxDurationMs('no banner')).toBeUndefined();
  });
});

describe('k6 summary', () => {
  const exported = {
    metrics: {
      http_reqs: { count: 120, rate: 6 },
      'http_req_duration{category:read-simple}': { 'p(95)': 3.2, count: 100, thresholds: { 'p(95)<100': false, 'p(99)<200': false } },
      'http_req_duration{category:export}': { 'p(95)': 0, count: 0, thresholds: { 'p(95)<5000': false } },
      http_req_failed: { value: 0.5, passes: 60, fails: 60, thresholds: { 'rate<0.01': true } },
    },
  };

  it('reads values and thresholds, lists thresholded classes and crossed thresholds', () => {
    const file = join(dir, 'summary.json');
    writeFileSync(file, JSON.stringify(exported));
    const summary = readSummary(file);
    expect(summary?.metrics['http_req_duration{category:read-simple}']?.values['p(95)']).toBe(3.2);
    expect(thresholdedCategories(summary)).toEqual(['export', 'read-simple']);
    expect(failedThresholds(summary)).toEqual(['http_req_failed: rate<0.01']);
    expect(readSummary(join(dir, 'missing.json'))).toBeUndefined();
  });
});
