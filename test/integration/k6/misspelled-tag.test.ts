// A scenario whose read-simple requests carry a misspelt class tag: k6 passes the read-simple thresholds (they
// have no samples to fail on) and exits 0; the harness must report the class as having no samples instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { categoryDuration } from '../../../lib/k6/summary.ts';
import { runK6, type K6Result } from '../../../lib/k6/runner.ts';
import { startLoopbackApi, type LoopbackApi } from '../../support/loopback-api.ts';
import { k6Path } from './k6-path.ts';

const lib = (file: string) => pathToFileURL(resolve('scenarios/lib', file)).href;

// Every endpoint of the catalogue, but the read-simple request is tagged by hand with a typo.
const VARIANT = `
import http from 'k6/http';
import { sleep } from 'k6';
import { loadParams } from '${lib('config.ts')}';
import { CATALOGUE, callEndpoint } from '${lib('catalogue.ts')}';
import { sloThresholds } from '${lib('slo.ts')}';

const params = loadParams();
export const options = {
  scenarios: { typo: { executor: 'constant-vus', vus: 3, duration: '4s' } },
  thresholds: sloThresholds(),
};
export default function () {
  http.get(params.baseUrl + '/v1/patients/1', { headers: { 'X-Org-Id': '1' }, tags: { category: 'read-simpel' } });
  for (const endpoint of CATALOGUE) if (endpoint.category !== 'read-simple') callEndpoint(endpoint, params);
  sleep(0.2);
}
`;

let api: LoopbackApi;
let dir: string;
let result: K6Result;

beforeAll(async () => {
  api = await startLoopbackApi();
  dir = mkdtempSync(join(tmpdir(), 'firedrill-k6-typo-'));
  const scenario = join(dir, 'typo-mix.ts');
  writeFileSync(scenario, VARIANT);
  result = await runK6({ k6Path: await k6Path(), scenario, runDir: join(dir, 'run'), params: { baseUrl: api.url } });
});

afterAll(async () => {
  result?.evidence.dispose();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a misspelt category tag', () => {
  it('passes k6 silently: the read-simple thresholds had zero samples', () => {
    expect(result.outcome, result.stderrTail).toBe('completed');
    expect(categoryDuration(result.summary, 'read-simple')?.count ?? 0).toBe(0);
    expect(result.failedThresholds).toEqual([]);
  });

  it('is reported by the harness as "no samples" for read-simple, naming the class seen instead', () => {
    expect(result.coverage.missing).toEqual(['read-simple']);
    const typo = result.coverage.unexpected.find((u) => u.category === 'read-simpel');
    expect(typo?.requests).toBeGreaterThan(0);
    expect(result.coverage.messages).toHaveLength(1);
    expect(result.coverage.messages[0]).toMatch(/^SLO class read-simple: no samples/);
    expect(result.coverage.messages[0]).toContain('read-simpel x');
  });

  it('still covers the correctly tagged classes', () => {
    for (const entry of result.coverage.expected.filter((e) => e.category !== 'read-simple')) expect(entry.requests, entry.category).toBeGreaterThan(0);
  });
});
