// Staging-label rules, version bounds and snapshots of the sandbox's Secrets Manager store (pure, in memory).
import { describe, expect, it } from 'vitest';
import { AWSCURRENT, AWSPENDING, AWSPREVIOUS, MAX_VERSIONS, SecretStore } from '../../../sandbox/aws/secretsmanager/index.ts';

const NOW = Date.UTC(2026, 5, 1, 12);
const ctx = { now: NOW, region: 'us-east-1', accountId: '000000000000' };

function newSecret(store = new SecretStore(() => NOW)) {
  const { ARN } = store.createSecret({ name: 'app/db', secretString: 'v0' }, ctx);
  return { store, arn: ARN };
}

function holders(store: SecretStore, arn: string, label: string): string[] {
  const versions = store.listSecretVersionIds(arn, true, NOW).Versions;
  return versions.filter((v) => v.VersionStages?.includes(label)).map((v) => v.VersionId);
}

/** A small deterministic PRNG so a failing sequence can be replayed from its seed. */
function prng(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

describe('staging labels', () => {
  it('keeps exactly one AWSCURRENT and at most one holder per label over random put/move sequences', () => {
    for (const seed of [7, 42, 99_991]) {
      const { store, arn } = newSecret();
      const pick = prng(seed);
      for (let step = 0; step < 200; step += 1) {
        const ids = store.listSecretVersionIds(arn, true, NOW).Versions.map((v) => v.VersionId);
        const before = holders(store, arn, AWSCURRENT)[0]!;
        const previousBefore = holders(store, arn, AWSPREVIOUS);
        const op = pick(4);
        if (op === 0) {
          store.putSecretValue({ secretId: arn, secretString: `s${step}` }, NOW);
          expect(holders(store, arn, AWSPREVIOUS), `seed ${seed} step ${step}`).toEqual([before]);
        } else if (op === 1) {
          store.putSecretValue({ secretId: arn, secretString: `p${step}`, versionStages: [pick(2) ? AWSPENDING : 'CUSTOM'] }, NOW);
          expect(holders(store, arn, AWSCURRENT)).toEqual([before]);
        } else {
          const target = ids[pick(ids.length)]!;
          store.updateSecretVersionStage({ secretId: arn, versionStage: AWSCURRENT, moveToVersionId: target, removeFromVersionId: before }, NOW);
          // Moving AWSCURRENT onto its own holder changes nothing; otherwise the old holder becomes AWSPREVIOUS.
          expect(holders(store, arn, AWSPREVIOUS)).toEqual(target === before ? previousBefore : [before]);
        }
        const current = holders(store, arn, AWSCURRENT);
        expect(current, `seed ${seed} step ${step}`).toHaveLength(1);
        for (const label of [AWSPREVIOUS, AWSPENDING, 'CUSTOM']) expect(holders(store, arn, label).length).toBeLessThanOrEqual(1);
        expect(store.getSecretValue({ secretId: arn }, NOW).VersionId).toBe(current[0]);
        expect(store.listSecretVersionIds(arn, true, NOW).Versions.length).toBeLessThanOrEqual(MAX_VERSIONS);
      }
    }
  });

  it('drops AWSPENDING from the outgoing AWSCURRENT when a new current is put (rotation finished)', () => {
    const { store, arn } = newSecret();
    const pending = store.putSecretValue({ secretId: arn, secretString: 'v1', versionStages: [AWSPENDING, 'KEEP'] }, NOW).VersionId;
    const v0 = holders(store, arn, AWSCURRENT)[0]!;
    store.updateSecretVersionStage({ secretId: arn, versionStage: AWSCURRENT, moveToVersionId: pending, removeFromVersionId: v0 }, NOW);
    expect(store.getSecretValue({ secretId: arn }, NOW).VersionStages).toEqual([AWSCURRENT, AWSPENDING, 'KEEP']);
    store.putSecretValue({ secretId: arn, secretString: 'v2' }, NOW);
    expect(store.getSecretValue({ secretId: arn, versionId: pending }, NOW).VersionStages).toEqual([AWSPREVIOUS, 'KEEP']);
  });

  it('makes the first version of an empty secret AWSCURRENT even when other labels were asked for', () => {
    const store = new SecretStore(() => NOW);
    const { ARN } = store.createSecret({ name: 'empty' }, ctx);
    expect(store.putSecretValue({ secretId: ARN, secretString: 'x', versionStages: [AWSPENDING] }, NOW).VersionStages).toEqual([AWSCURRENT, AWSPENDING]);
  });

  it('refuses to remove AWSCURRENT without moving it, so a secret never loses its value', () => {
    const { store, arn } = newSecret();
    const v0 = holders(store, arn, AWSCURRENT)[0]!;
    expect(() => store.updateSecretVersionStage({ secretId: arn, versionStage: AWSCURRENT, removeFromVersionId: v0 }, NOW)).toThrow(/MoveToVersionId/);
    expect(holders(store, arn, AWSCURRENT)).toEqual([v0]);
  });
});

describe('version storage bound', () => {
  it('keeps at most MAX_VERSIONS versions, dropping the oldest deprecated ones and never a labelled one', () => {
    const { store, arn } = newSecret();
    const pinned = store.putSecretValue({ secretId: arn, secretString: 'pinned', versionStages: ['PINNED'] }, NOW).VersionId;
    const ids: string[] = [];
    for (let i = 0; i < MAX_VERSIONS + 30; i += 1) ids.push(store.putSecretValue({ secretId: arn, secretString: `v${i}` }, NOW).VersionId);
    const all = store.listSecretVersionIds(arn, true, NOW).Versions.map((v) => v.VersionId);
    expect(all).toHaveLength(MAX_VERSIONS);
    expect(all).toContain(pinned);
    expect(all.slice(-MAX_VERSIONS + 1)).toEqual(ids.slice(-MAX_VERSIONS + 1));
    expect(store.listSecretVersionIds(arn, false, NOW).Versions.map((v) => v.VersionId)).toEqual([pinned, ...ids.slice(-2)]);
  });
});

describe('snapshots', () => {
  it('restores every version, label, tag and date, and is independent of later changes', () => {
    const { store, arn } = newSecret();
    store.putSecretValue({ secretId: arn, secretString: 'v1' }, NOW);
    store.tagResource(arn, [{ Key: 'team', Value: 'core' }], NOW);
    store.deleteSecret({ secretId: arn, recoveryWindowInDays: 7 }, ctx);
    const snap = store.snapshot();
    const restored = SecretStore.restore(JSON.parse(JSON.stringify(snap)), { clock: () => NOW });
    store.restoreSecret(arn, NOW);
    expect(restored.describeSecret(arn, NOW)).toEqual({ ...store.describeSecret(arn, NOW), DeletedDate: new Date(NOW) });
    expect(restored.listSecretVersionIds(arn, true, NOW)).toEqual(store.listSecretVersionIds(arn, true, NOW));
    restored.restoreSecret(arn, NOW);
    expect(restored.getSecretValue({ secretId: arn }, NOW).SecretString).toBe('v1');
    expect(store.snapshot()).not.toEqual(snap);
  });

  it('names the broken field of a malformed snapshot without echoing values', () => {
    const store = new SecretStore();
    expect(() => store.load({ format: 'other' })).toThrow(/^snapshot\.format: expected/);
    const { store: source } = newSecret();
    const snap = JSON.parse(JSON.stringify(source.snapshot()));
    snap.secrets[0].versions[0].secretString = 12345;
    expect(() => store.load(snap)).toThrow('snapshot.secrets[0].versions[0].secretString: expected a string, got a number');
    snap.secrets[0].versions[0].secretString = 'v0';
    snap.secrets.push(structuredClone(snap.secrets[0]));
    expect(() => store.load(snap)).toThrow(/snapshot\.secrets\[1\]\.name: duplicate/);
  });
});
