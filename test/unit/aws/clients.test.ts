import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awsTargetFor, clientConfig } from '../../../lib/aws/clients.ts';
import { parseSandboxState, readSandboxState, type SandboxState } from '../../../lib/sandbox-state.ts';

const state: SandboxState = {
  version: 1, pid: process.pid, region: 'us-east-1', awsEndpoint: 'http://127.0.0.1:4566', lbUrl: 'http://127.0.0.1:8080', dbAdminUrl: 'postgres://x@127.0.0.1/db',
  cluster: 'sandbox', service: 'core-api', secretId: 'sandbox/core-api/db', alarmPrefix: 'sandbox-', requestLog: '/tmp/requests.ndjson',
};

describe('awsTargetFor', () => {
  it('points a sandbox environment at the sandbox endpoint with stand-in credentials', () => {
    const target = awsTargetFor({ region: 'eu-west-1', aws: { profile: 'ignored' }, sandbox: true }, () => state);
    expect(target).toEqual({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566', sandbox: true });
    const config = clientConfig(target);
    expect(config.credentials).toEqual({ accessKeyId: 'firedrill-sandbox', secretAccessKey: 'firedrill-sandbox' });
    expect(config.endpoint).toBe('http://127.0.0.1:4566');
  });

  it('leaves credentials and endpoint to the SDK chain for AWS, passing only what the file names', () => {
    const plain = clientConfig(awsTargetFor({ region: 'eu-west-1', aws: {}, sandbox: false }));
    expect(plain).not.toHaveProperty('credentials');
    expect(plain).not.toHaveProperty('endpoint');
    expect(plain).not.toHaveProperty('profile');
    expect(plain.region).toBe('eu-west-1');
    const named = clientConfig(awsTargetFor({ region: 'eu-west-1', aws: { profile: 'drills', endpoint: 'http://127.0.0.1:4000' }, sandbox: false }));
    expect(named).toMatchObject({ profile: 'drills', endpoint: 'http://127.0.0.1:4000' });
  });

  it('bounds every call: retries and timeouts are set', () => {
    expect(clientConfig({ region: 'us-east-1', sandbox: false })).toMatchObject({ maxAttempts: 3, requestHandler: { connectionTimeout: 5000, requestTimeout: 30000 } });
  });
});

describe('sandbox state file', () => {
  it('names every missing or wrong field', () => {
    expect(() => parseSandboxState(JSON.stringify({ version: 2, pid: 'x', region: 'us-east-1' }), 'state.json')).toThrow(
      /state\.json: version: expected 1, got 2; pid: expected a process id; awsEndpoint: expected a non-empty string/,
    );
    expect(() => parseSandboxState('{', 'state.json')).toThrow('state.json: not valid JSON');
  });

  it('says how to start the sandbox when there is no state file or its supervisor is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-state-'));
    expect(() => readSandboxState(dir)).toThrow(/the local sandbox is not running \(no .*state\.json\)/);
    mkdirSync(join(dir, 'sandbox'));
    writeFileSync(join(dir, 'sandbox', 'state.json'), JSON.stringify({ ...state, pid: 2 ** 22 + 12345 }));
    expect(() => readSandboxState(dir)).toThrow(/its supervisor, pid \d+, is gone/);
    writeFileSync(join(dir, 'sandbox', 'state.json'), JSON.stringify(state));
    expect(readSandboxState(dir).awsEndpoint).toBe('http://127.0.0.1:4566');
  });
});
