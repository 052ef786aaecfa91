// Conformance of the sandbox's Secrets Manager with the real @aws-sdk/client-secrets-manager over a loopback socket.
// The same suite runs against real AWS with FIREDRILL_CONFORMANCE_ENDPOINT=aws (secrets are named
// firedrill-conformance/<run>/..., force-deleted afterwards); clock-driven checks run only against the sandbox.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateSecretCommand, DeleteSecretCommand, DescribeSecretCommand, GetSecretValueCommand, ListSecretsCommand,
  ListSecretVersionIdsCommand, PutSecretValueCommand, RestoreSecretCommand, SecretsManagerClient, TagResourceCommand,
  UntagResourceCommand, UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { createSecretsManager } from '../../../sandbox/aws/secretsmanager/index.ts';
import { conformanceEndpoint, type ConformanceEndpoint } from '../../support/aws-endpoint.ts';

const DAY_MS = 86_400_000;
/** Same rule as conformanceEndpoint: no FIREDRILL_CONFORMANCE_ENDPOINT means the in-process sandbox. */
const targetIsSandbox = !process.env.FIREDRILL_CONFORMANCE_ENDPOINT;
let clockOffset = 0; // sandbox only: lets a test jump past a recovery window
const clock = () => Date.now() + clockOffset;
const run = randomUUID().slice(0, 8);
const created: string[] = [];
let endpoint: ConformanceEndpoint;
let sm: SecretsManagerClient;

beforeAll(async () => {
  endpoint = await conformanceEndpoint([createSecretsManager({ clock }).service], clock);
  sm = new SecretsManagerClient({ ...endpoint.clientConfig, maxAttempts: 1 });
});

afterAll(async () => {
  for (const id of created) await sm.send(new DeleteSecretCommand({ SecretId: id, ForceDeleteWithoutRecovery: true })).catch(() => undefined);
  sm?.destroy();
  await endpoint?.close();
});

async function createSecret(suffix: string, value?: string, extra: Record<string, unknown> = {}) {
  const Name = `firedrill-conformance/${run}/${suffix}`;
  const out = await sm.send(new CreateSecretCommand({ Name, ...(value !== undefined ? { SecretString: value } : {}), ...extra }));
  created.push(out.ARN!);
  return out;
}

/** Runs `call`, which must fail; returns the SDK's typed error. */
async function failure(call: () => Promise<unknown>): Promise<{ name: string; message: string; $metadata: { httpStatusCode?: number } }> {
  const err = await call().then(() => undefined, (e: unknown) => e);
  expect(err, 'expected the call to fail').toBeInstanceOf(Error);
  return err as never;
}

async function labels(SecretId: string, IncludeDeprecated = false): Promise<Record<string, string[]>> {
  const out = await sm.send(new ListSecretVersionIdsCommand({ SecretId, IncludeDeprecated }));
  return Object.fromEntries((out.Versions ?? []).map((v) => [v.VersionId!, v.VersionStages ?? []]));
}

/** Exactly one AWSCURRENT and at most one AWSPREVIOUS, held by the expected versions, in both list and describe. */
async function expectLabels(SecretId: string, current: string, previous: string | undefined) {
  const listed = await labels(SecretId);
  const described = (await sm.send(new DescribeSecretCommand({ SecretId }))).VersionIdsToStages ?? {};
  for (const view of [listed, described]) {
    const holders = (label: string) => Object.entries(view).filter(([, s]) => s.includes(label)).map(([id]) => id);
    expect(holders('AWSCURRENT')).toEqual([current]);
    expect(holders('AWSPREVIOUS')).toEqual(previous ? [previous] : []);
  }
}

describe('CreateSecret and GetSecretValue', () => {
  it('creates a secret whose ARN ends in -<6 chars> and whose first version is the ClientRequestToken', async () => {
    const token = randomUUID();
    const out = await createSecret('create', 'v1', { ClientRequestToken: token, Description: 'conformance' });
    expect(out.Name).toBe(`firedrill-conformance/${run}/create`);
    expect(out.ARN).toMatch(new RegExp(`^arn:aws:secretsmanager:[a-z0-9-]+:\\d{12}:secret:${out.Name}-[A-Za-z0-9]{6}$`));
    expect(out.VersionId).toBe(token);
    for (const SecretId of [out.Name!, out.ARN!, out.ARN!.slice(0, -7)]) {
      const got = await sm.send(new GetSecretValueCommand({ SecretId }));
      expect(got).toMatchObject({ ARN: out.ARN, Name: out.Name, VersionId: token, SecretString: 'v1', VersionStages: ['AWSCURRENT'] });
      expect(Math.abs(got.CreatedDate!.getTime() - clock())).toBeLessThan(60_000);
    }
    const dup = await failure(() => sm.send(new CreateSecretCommand({ Name: out.Name, SecretString: 'again' })));
    expect(dup.name).toBe('ResourceExistsException');
    expect(dup.$metadata.httpStatusCode).toBe(400);
  });

  it('round-trips a binary secret and refuses an invalid name', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const out = await createSecret('binary', undefined, { SecretBinary: bytes });
    const got = await sm.send(new GetSecretValueCommand({ SecretId: out.ARN }));
    expect(got.SecretString).toBeUndefined();
    expect([...got.SecretBinary!]).toEqual([...bytes]);
    const bad = await failure(() => sm.send(new CreateSecretCommand({ Name: 'has a space', SecretString: 'x' })));
    expect(bad.name).toBe('ValidationException');
  });

  it('reports a missing secret, stage or version with the messages AWS uses', async () => {
    const missing = await failure(() => sm.send(new GetSecretValueCommand({ SecretId: `firedrill-conformance/${run}/nope` })));
    expect(missing.name).toBe('ResourceNotFoundException');
    expect(missing.message).toBe("Secrets Manager can't find the specified secret.");
    const out = await createSecret('lookups', 'v1');
    const stage = await failure(() => sm.send(new GetSecretValueCommand({ SecretId: out.ARN, VersionStage: 'AWSPREVIOUS' })));
    expect([stage.name, stage.message]).toEqual(['ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSPREVIOUS"]);
    const unknown = randomUUID();
    const version = await failure(() => sm.send(new GetSecretValueCommand({ SecretId: out.ARN, VersionId: unknown })));
    expect([version.name, version.message]).toEqual(['ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${unknown}`]);
    const mismatch = await failure(() => sm.send(new GetSecretValueCommand({ SecretId: out.ARN, VersionId: out.VersionId, VersionStage: 'AWSPREVIOUS' })));
    expect(mismatch.name).toBe('InvalidRequestException');
  });

  it('gives a secret created without a value its first version, AWSCURRENT, on the first put', async () => {
    const out = await createSecret('empty');
    expect(out.VersionId).toBeUndefined();
    const none = await failure(() => sm.send(new GetSecretValueCommand({ SecretId: out.ARN })));
    expect([none.name, none.message]).toEqual(['ResourceNotFoundException', "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT"]);
    expect((await sm.send(new DescribeSecretCommand({ SecretId: out.ARN }))).VersionIdsToStages).toBeUndefined();
    const put = await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'first' }));
    expect(put.VersionStages).toEqual(['AWSCURRENT']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: out.ARN }))).SecretString).toBe('first');
  });
});

describe('PutSecretValue and versions', () => {
  it('treats a repeated ClientRequestToken as a no-op with the same data and a conflict with other data', async () => {
    const out = await createSecret('idempotent', 'v1');
    const token = randomUUID();
    const first = await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'v2', ClientRequestToken: token }));
    const again = await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'v2', ClientRequestToken: token }));
    expect(first).toMatchObject({ ARN: out.ARN, Name: out.Name, VersionId: token, VersionStages: ['AWSCURRENT'] });
    expect(again).toMatchObject({ VersionId: token, VersionStages: ['AWSCURRENT'] });
    expect(Object.keys(await labels(out.ARN!, true)).sort()).toEqual([out.VersionId!, token].sort());
    const conflict = await failure(() => sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'other', ClientRequestToken: token })));
    expect(conflict.name).toBe('ResourceExistsException');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: out.ARN }))).SecretString).toBe('v2');
  });

  it('leaves AWSCURRENT alone when VersionStages does not name it, and deprecates versions that lose every label', async () => {
    const out = await createSecret('stages', 'v1');
    const pending = await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'v2', VersionStages: ['AWSPENDING'] }));
    expect(pending.VersionStages).toEqual(['AWSPENDING']);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: out.ARN }))).SecretString).toBe('v1');
    expect((await sm.send(new GetSecretValueCommand({ SecretId: out.ARN, VersionStage: 'AWSPENDING' }))).SecretString).toBe('v2');
    const v3 = await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'v3' }));
    const v4 = await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'v4' }));
    // v1 lost AWSPREVIOUS to v3 and is deprecated: hidden unless IncludeDeprecated.
    expect(await labels(out.ARN!)).toEqual({ [pending.VersionId!]: ['AWSPENDING'], [v3.VersionId!]: ['AWSPREVIOUS'], [v4.VersionId!]: ['AWSCURRENT'] });
    expect((await labels(out.ARN!, true))[out.VersionId!]).toEqual([]);
    const page1 = await sm.send(new ListSecretVersionIdsCommand({ SecretId: out.ARN, IncludeDeprecated: true, MaxResults: 3 }));
    expect(page1.Versions).toHaveLength(3);
    const page2 = await sm.send(new ListSecretVersionIdsCommand({ SecretId: out.ARN, IncludeDeprecated: true, MaxResults: 3, NextToken: page1.NextToken }));
    expect(page2.NextToken).toBeUndefined();
    expect([...page1.Versions!, ...page2.Versions!].map((v) => v.VersionId).sort()).toEqual([out.VersionId, pending.VersionId, v3.VersionId, v4.VersionId].sort());
  });

  it('rolls a drill back losslessly: AWSCURRENT back to the pre-drill version, then a later put moves on normally', async () => {
    const out = await createSecret('rollback', '{"DB_POOL_MAX":"20"}');
    const v1 = out.VersionId!;
    await expectLabels(out.ARN!, v1, undefined);
    const v2 = (await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: '{"DB_POOL_MAX":"broken"}' }))).VersionId!;
    await expectLabels(out.ARN!, v2, v1);
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: out.ARN, VersionStage: 'AWSCURRENT', MoveToVersionId: v1, RemoveFromVersionId: v2 }));
    await expectLabels(out.ARN!, v1, v2);
    expect((await sm.send(new GetSecretValueCommand({ SecretId: out.ARN }))).SecretString).toBe('{"DB_POOL_MAX":"20"}');
    const v3 = (await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: '{"DB_POOL_MAX":"30"}' }))).VersionId!;
    await expectLabels(out.ARN!, v3, v1);
    expect(await labels(out.ARN!)).toEqual({ [v1]: ['AWSPREVIOUS'], [v3]: ['AWSCURRENT'] });
  });

  it('refuses to move a label without naming the version it leaves', async () => {
    const out = await createSecret('move-errors', 'v1');
    const v2 = (await sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'v2' }))).VersionId!;
    const missing = await failure(() => sm.send(new UpdateSecretVersionStageCommand({ SecretId: out.ARN, VersionStage: 'AWSCURRENT', MoveToVersionId: out.VersionId })));
    expect(missing.name).toBe('InvalidParameterException');
    expect(missing.message).toBe(
      `The parameter RemoveFromVersionId can't be empty. Staging label AWSCURRENT is currently attached to version ${v2}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
    // RemoveFromVersionId must be the version holding the label, not any version.
    const wrong = await failure(() =>
      sm.send(new UpdateSecretVersionStageCommand({ SecretId: out.ARN, VersionStage: 'AWSCURRENT', MoveToVersionId: out.VersionId, RemoveFromVersionId: out.VersionId })),
    );
    expect(wrong.name).toBe('InvalidParameterException');
    await expectLabels(out.ARN!, v2, out.VersionId!);
    const custom = await sm.send(new UpdateSecretVersionStageCommand({ SecretId: out.ARN, VersionStage: 'DRILL', MoveToVersionId: out.VersionId }));
    expect(custom).toMatchObject({ ARN: out.ARN, Name: out.Name });
    expect((await labels(out.ARN!))[out.VersionId!]).toEqual(['AWSPREVIOUS', 'DRILL']);
    await sm.send(new UpdateSecretVersionStageCommand({ SecretId: out.ARN, VersionStage: 'DRILL', RemoveFromVersionId: out.VersionId }));
    expect((await labels(out.ARN!))[out.VersionId!]).toEqual(['AWSPREVIOUS']);
  });
});

describe('DescribeSecret, tags and ListSecrets', () => {
  it('describes metadata, access and tags', async () => {
    const out = await createSecret('describe', 'v1', { Description: 'db creds', Tags: [{ Key: 'team', Value: 'core' }] });
    await sm.send(new GetSecretValueCommand({ SecretId: out.ARN }));
    const d = await sm.send(new DescribeSecretCommand({ SecretId: out.Name }));
    expect(d).toMatchObject({ ARN: out.ARN, Name: out.Name, Description: 'db creds', Tags: [{ Key: 'team', Value: 'core' }], VersionIdsToStages: { [out.VersionId!]: ['AWSCURRENT'] } });
    expect(d.CreatedDate).toBeInstanceOf(Date);
    expect(d.LastChangedDate).toBeInstanceOf(Date);
    expect(d.LastAccessedDate).toBeInstanceOf(Date);
    expect(d.DeletedDate).toBeUndefined();
    await sm.send(new TagResourceCommand({ SecretId: out.ARN, Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'drill', Value: 'yes' }] }));
    await sm.send(new UntagResourceCommand({ SecretId: out.ARN, TagKeys: ['drill'] }));
    expect((await sm.send(new DescribeSecretCommand({ SecretId: out.ARN }))).Tags).toEqual([{ Key: 'team', Value: 'platform' }]);
    const listed = await sm.send(new ListSecretsCommand({ Filters: [{ Key: 'name', Values: [`firedrill-conformance/${run}/describe`] }] }));
    expect(listed.SecretList?.map((s) => s.ARN)).toEqual([out.ARN]);
    expect(listed.SecretList?.[0]?.SecretVersionsToStages).toEqual({ [out.VersionId!]: ['AWSCURRENT'] });
  });

  it('reports a missing secret from every read', async () => {
    const SecretId = `firedrill-conformance/${run}/absent`;
    for (const call of [
      () => sm.send(new DescribeSecretCommand({ SecretId })),
      () => sm.send(new ListSecretVersionIdsCommand({ SecretId })),
      () => sm.send(new PutSecretValueCommand({ SecretId, SecretString: 'x' })),
      () => sm.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: randomUUID() })),
    ]) {
      expect((await failure(call)).name).toBe('ResourceNotFoundException');
    }
  });
});

describe('DeleteSecret and RestoreSecret', () => {
  it('schedules deletion, refuses value operations meanwhile, and restores', async () => {
    const out = await createSecret('delete', 'v1');
    const del = await sm.send(new DeleteSecretCommand({ SecretId: out.ARN, RecoveryWindowInDays: 7 }));
    expect(del).toMatchObject({ ARN: out.ARN, Name: out.Name });
    expect(Math.abs(del.DeletionDate!.getTime() - (clock() + 7 * DAY_MS))).toBeLessThan(60_000);
    for (const call of [
      () => sm.send(new GetSecretValueCommand({ SecretId: out.ARN })),
      () => sm.send(new PutSecretValueCommand({ SecretId: out.ARN, SecretString: 'v2' })),
      () => sm.send(new CreateSecretCommand({ Name: out.Name, SecretString: 'v1' })),
    ]) {
      expect((await failure(call)).name).toBe('InvalidRequestException');
    }
    expect((await sm.send(new DescribeSecretCommand({ SecretId: out.ARN }))).DeletedDate).toBeInstanceOf(Date);
    expect(await sm.send(new RestoreSecretCommand({ SecretId: out.ARN }))).toMatchObject({ ARN: out.ARN, Name: out.Name });
    expect((await sm.send(new GetSecretValueCommand({ SecretId: out.ARN }))).SecretString).toBe('v1');
  });

  it('validates the recovery window and deletes at once when forced', async () => {
    const out = await createSecret('force', 'v1');
    for (const input of [{ RecoveryWindowInDays: 6 }, { RecoveryWindowInDays: 31 }, { RecoveryWindowInDays: 7, ForceDeleteWithoutRecovery: true }]) {
      expect((await failure(() => sm.send(new DeleteSecretCommand({ SecretId: out.ARN, ...input })))).name).toBe('InvalidParameterException');
    }
    const del = await sm.send(new DeleteSecretCommand({ SecretId: out.ARN, ForceDeleteWithoutRecovery: true }));
    expect(del.Name).toBe(out.Name);
    // AWS finishes a forced deletion asynchronously ("a short delay"): poll, bounded.
    const deadline = Date.now() + 30_000;
    let err: { name: string } | undefined;
    while (Date.now() < deadline && err?.name !== 'ResourceNotFoundException') {
      err = await sm.send(new DescribeSecretCommand({ SecretId: out.ARN })).then(() => undefined, (e: { name: string }) => e);
      if (err?.name !== 'ResourceNotFoundException') await new Promise((r) => setTimeout(r, 1000));
    }
    expect(err?.name).toBe('ResourceNotFoundException');
  });

  it.runIf(targetIsSandbox)('purges a scheduled deletion once its window has passed (sandbox clock)', async () => {
    const out = await createSecret('expire', 'v1');
    await sm.send(new DeleteSecretCommand({ SecretId: out.ARN, RecoveryWindowInDays: 7 }));
    clockOffset += 7 * DAY_MS + 1000;
    expect((await failure(() => sm.send(new DescribeSecretCommand({ SecretId: out.ARN })))).name).toBe('ResourceNotFoundException');
    const again = await createSecret('expire', 'v2');
    expect(again.ARN).not.toBe(out.ARN);
  });
});

describe.runIf(targetIsSandbox)('wire format (sandbox)', () => {
  it('answers errors with HTTP 400 and a JSON body of __type and message', async () => {
    const res = await fetch(endpoint.clientConfig.endpoint!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'secretsmanager.CreateSecret' },
      body: JSON.stringify({ Name: `firedrill-conformance/${run}/raw`, SecretString: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/x-amz-json-1.1');
    expect(await res.json()).toEqual({ __type: 'InvalidRequestException', message: 'You must provide a ClientRequestToken value. We recommend a UUID-type value.' });
  });
});
