// How the sandbox resolves an ECS container's `secrets[].valueFrom` at task start, against a real in-memory store.
import { beforeEach, describe, expect, it } from 'vitest';
import { parseValueFrom, SECRET_FAILURE_PREFIX, SecretStore } from '../../../sandbox/aws/secretsmanager/index.ts';

// A sentinel that must never surface in a failure reason, whole or in recognisable part.
const SENTINEL = 'S3NT1NEL-pa55w0rd-do-not-leak';
const V1 = '11111111-1111-4111-8111-111111111111';
const V2 = '22222222-2222-4222-8222-222222222222';
const NOW = Date.UTC(2026, 5, 1, 12);
const ctx = { now: NOW, region: 'us-east-1', accountId: '000000000000' };

let store: SecretStore;
let arn: string;

beforeEach(() => {
  store = new SecretStore(() => NOW);
  arn = store.createSecret(
    { name: 'sandbox/core-api/db', clientRequestToken: V1, secretString: JSON.stringify({ DATABASE_URL: SENTINEL, DB_POOL_MAX: 20, TLS: true, NOTE: null }) },
    ctx,
  ).ARN;
  store.putSecretValue({ secretId: arn, clientRequestToken: V2, secretString: JSON.stringify({ DATABASE_URL: `${SENTINEL}-v2` }) }, NOW);
});

function reasonOf(valueFrom: string): string {
  const result = store.resolveValueFrom(valueFrom);
  if (result.ok) throw new Error(`expected ${valueFrom} to fail`);
  expect(result.reason.startsWith(SECRET_FAILURE_PREFIX)).toBe(true);
  expect(result.reason).not.toContain(SENTINEL);
  expect(result.reason).not.toContain('S3NT1NEL');
  return result.reason;
}

function valueOf(valueFrom: string): string {
  const result = store.resolveValueFrom(valueFrom);
  if (!result.ok) throw new Error(`expected ${valueFrom} to resolve, got: ${result.reason}`);
  return result.value;
}

describe('parseValueFrom', () => {
  const base = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:app/db-AbCdEf';
  it.each([
    ['app/db', { secretId: 'app/db' }],
    [base, { secretId: base }],
    [`${base}:DATABASE_URL::`, { secretId: base, jsonKey: 'DATABASE_URL' }],
    [`${base}::AWSPREVIOUS:`, { secretId: base, versionStage: 'AWSPREVIOUS' }],
    [`${base}:DATABASE_URL:AWSPREVIOUS:`, { secretId: base, jsonKey: 'DATABASE_URL', versionStage: 'AWSPREVIOUS' }],
    [`${base}:::${V1}`, { secretId: base, versionId: V1 }],
    [`${base}:DATABASE_URL::${V1}`, { secretId: base, jsonKey: 'DATABASE_URL', versionId: V1 }],
    [`${base}:::`, { secretId: base }],
  ])('reads %s', (valueFrom, ref) => {
    expect(parseValueFrom(valueFrom)).toEqual({ ok: true, ref });
  });

  it.each([`${base}:DATABASE_URL`, `${base}:DATABASE_URL:`, `${base}:a:b:c:d`])('rejects %s, which drops or adds colons', (valueFrom) => {
    const parsed = parseValueFrom(valueFrom);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(':json-key:version-stage:version-id');
  });

  it('rejects an ARN of another service and an empty valueFrom', () => {
    expect(parseValueFrom('arn:aws:ssm:us-east-1:000000000000:parameter/db').ok).toBe(false);
    expect(parseValueFrom('').ok).toBe(false);
  });
});

describe('resolveValueFrom', () => {
  it('returns the whole AWSCURRENT string for a name, a full ARN and a partial ARN', () => {
    const current = JSON.stringify({ DATABASE_URL: `${SENTINEL}-v2` });
    expect(valueOf('sandbox/core-api/db')).toBe(current);
    expect(valueOf(arn)).toBe(current);
    expect(valueOf(arn.slice(0, -7))).toBe(current);
  });

  it('picks a JSON key from AWSCURRENT, a named stage, or a version id', () => {
    expect(valueOf(`${arn}:DATABASE_URL::`)).toBe(`${SENTINEL}-v2`);
    expect(valueOf(`${arn}:DATABASE_URL:AWSPREVIOUS:`)).toBe(SENTINEL);
    expect(valueOf(`${arn}:DATABASE_URL::${V1}`)).toBe(SENTINEL);
    expect(valueOf(`${arn}:DATABASE_URL:AWSPREVIOUS:${V1}`)).toBe(SENTINEL);
  });

  it('formats non-string JSON values the way the ECS agent does (Go %v)', () => {
    expect(valueOf(`${arn}:DB_POOL_MAX::${V1}`)).toBe('20');
    expect(valueOf(`${arn}:TLS::${V1}`)).toBe('true');
    expect(valueOf(`${arn}:NOTE::${V1}`)).toBe('<nil>');
  });

  it('fails on a missing key with the agent\'s wording and without the value', () => {
    expect(reasonOf(`${arn}:DB_POOL_MAX::`)).toBe(
      `${SECRET_FAILURE_PREFIX}service call has been retried 1 time(s): retrieved secret from Secrets Manager did not contain json key DB_POOL_MAX`,
    );
  });

  it.each([
    ['plain text', SENTINEL],
    ['a JSON array', JSON.stringify([SENTINEL])],
    ['a JSON string', JSON.stringify(SENTINEL)],
    ['truncated JSON', `{"DATABASE_URL":"${SENTINEL}`],
  ])('fails without leaking when the secret is %s and a key is asked for', (_label, secretString) => {
    store.putSecretValue({ secretId: arn, secretString }, NOW);
    expect(reasonOf(`${arn}:DATABASE_URL::`)).toContain('is not a JSON object, so json key DATABASE_URL cannot be read');
    expect(valueOf(arn)).toBe(secretString); // no key: the raw string is injected as is
  });

  it('fails on an unknown secret, version or stage, naming what was asked for', () => {
    const missingArn = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:nope-AbCdEf';
    expect(reasonOf(`${missingArn}:DATABASE_URL::`)).toBe(
      `${SECRET_FAILURE_PREFIX}service call has been retried 1 time(s): failed to fetch secret ${missingArn} from secrets manager: ResourceNotFoundException: Secrets Manager can't find the specified secret.`,
    );
    const unknown = '33333333-3333-4333-8333-333333333333';
    expect(reasonOf(`${arn}:DATABASE_URL::${unknown}`)).toContain(`can't find the specified secret value for VersionId: ${unknown}`);
    expect(reasonOf(`${arn}:DATABASE_URL:AWSPENDING:`)).toContain("can't find the specified secret value for staging label: AWSPENDING");
    expect(reasonOf(`${arn}:DATABASE_URL:AWSCURRENT:${V1}`)).toContain('InvalidRequestException');
    expect(reasonOf(`${arn}:DATABASE_URL::short-id`)).toContain('minimum field size of 32, GetSecretValueInput.VersionId');
  });

  it('fails for a secret scheduled for deletion and for a binary secret', () => {
    store.deleteSecret({ secretId: arn }, ctx);
    expect(reasonOf(`${arn}:DATABASE_URL::`)).toContain('InvalidRequestException');
    const binary = store.createSecret({ name: 'bin', secretBinary: Buffer.from(SENTINEL).toString('base64') }, ctx).ARN;
    const reason = reasonOf(binary);
    expect(reason).toContain('SecretBinary');
    expect(reason).not.toContain(Buffer.from(SENTINEL).toString('base64'));
  });

  it('records the access like GetSecretValue does', () => {
    valueOf(`${arn}:DATABASE_URL::`);
    expect(store.describeSecret(arn, NOW).LastAccessedDate).toEqual(new Date(Date.UTC(2026, 5, 1)));
  });
});
