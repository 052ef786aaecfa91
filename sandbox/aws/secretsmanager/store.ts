// The sandbox's Secrets Manager state and its operations. Methods take already-validated inputs (handlers.ts
// parses the wire) and return AWS-shaped responses with Date timestamps, so the ECS reconciler and the stack can
// call them in-process exactly as a client would over HTTP.
import { randomBytes, randomUUID } from 'node:crypto';
import * as errors from './errors.ts';
import {
  AWSCURRENT, accessDay, attachLabel, detachLabel, findVersion, labelHolder, labelNewVersion, pruneDeprecated,
  type SecretRecord, type Tag, type VersionRecord,
} from './model.ts';
import { fromSnapshot, toSnapshot, type SecretsSnapshot } from './snapshot.ts';
import { resolveValueFrom, type ResolvedSecret } from './value-from.ts';
import { describeRecord, secretValueResponse, stagesByVersion, versionListEntry } from './views.ts';

export interface StoreContext {
  now: number;
  region: string;
  accountId: string;
}

export interface SecretValueInput {
  secretString?: string;
  /** Base64 as on the wire. */
  secretBinary?: string;
}

export interface CreateSecretInput extends SecretValueInput {
  name: string;
  /** Becomes the first version's id; a UUID is generated when absent (the SDK always sends one). */
  clientRequestToken?: string;
  description?: string;
  tags?: Tag[];
}

export interface PutSecretValueInput extends SecretValueInput {
  secretId: string;
  clientRequestToken?: string;
  /** Default [AWSCURRENT]. Without AWSCURRENT the new version does not become current. */
  versionStages?: string[];
}

export interface GetSecretValueInput {
  secretId: string;
  versionId?: string;
  versionStage?: string;
}

export interface UpdateVersionStageInput {
  secretId: string;
  versionStage: string;
  moveToVersionId?: string;
  removeFromVersionId?: string;
}

export interface DeleteSecretInput {
  secretId: string;
  recoveryWindowInDays?: number;
  forceDeleteWithoutRecovery?: boolean;
}

const NAME_PATTERN = /^[A-Za-z0-9/_+=.@-]{1,512}$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const DAY_MS = 86_400_000;

export class SecretStore {
  /** Keyed by name: a name is unique among live and scheduled-for-deletion secrets. */
  #secrets = new Map<string, SecretRecord>();

  /** `clock` serves in-process callers (resolveValueFrom); HTTP handlers pass the request's time. */
  constructor(private readonly clock: () => number = Date.now) {}

  static restore(snapshot: unknown, options: { clock?: () => number } = {}): SecretStore {
    const store = new SecretStore(options.clock);
    store.load(snapshot);
    return store;
  }

  /** JSON-safe state for `sandbox down --keep-state`. It holds secret values: persist it as a secret (mode 0600). */
  snapshot(): SecretsSnapshot {
    return toSnapshot([...this.#secrets.values()]);
  }

  /** Replace all state with a snapshot's; throws an Error naming the bad field if the snapshot is malformed. */
  load(snapshot: unknown): void {
    const secrets = fromSnapshot(snapshot);
    this.#secrets = new Map(secrets.map((s) => [s.name, s]));
  }

  createSecret(input: CreateSecretInput, ctx: StoreContext): { ARN: string; Name: string; VersionId?: string } {
    if (!NAME_PATTERN.test(input.name)) throw errors.invalidName();
    checkValue(input, false);
    const existing = this.#lookup(input.name, ctx.now);
    if (existing?.deletedDate !== undefined) throw errors.nameScheduledForDeletion();
    if (existing) throw errors.secretExists(input.name);
    const secret: SecretRecord = {
      arn: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${input.name}-${arnSuffix()}`,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
      createdDate: ctx.now,
      lastChangedDate: ctx.now,
      ...(input.tags ? { tags: dedupeTags(input.tags) } : {}),
      versions: [],
    };
    let versionId: string | undefined;
    if (hasValue(input)) {
      const version = newVersion(input.clientRequestToken, input, ctx.now);
      secret.versions.push(version);
      attachLabel(secret, AWSCURRENT, version);
      versionId = version.versionId;
    }
    this.#secrets.set(secret.name, secret);
    return { ARN: secret.arn, Name: secret.name, ...(versionId ? { VersionId: versionId } : {}) };
  }

  getSecretValue(input: GetSecretValueInput, now: number) {
    const secret = this.#live(input.secretId, now);
    const version = selectVersion(secret, input.versionId, input.versionStage);
    if (version.secretString === undefined && version.secretBinary === undefined) throw errors.stageNotFound(AWSCURRENT);
    version.lastAccessedDate = accessDay(now);
    secret.lastAccessedDate = version.lastAccessedDate;
    return secretValueResponse(secret, version);
  }

  putSecretValue(input: PutSecretValueInput, now: number) {
    const secret = this.#live(input.secretId, now);
    checkValue(input, true);
    const reply = (v: VersionRecord) => ({ ARN: secret.arn, Name: secret.name, VersionId: v.versionId, VersionStages: [...v.stages] });
    const same = input.clientRequestToken !== undefined ? findVersion(secret, input.clientRequestToken) : undefined;
    if (same) {
      // A retried request (same token, same data) is a no-op; anything else would rewrite history.
      if (same.secretString !== input.secretString || same.secretBinary !== input.secretBinary) throw errors.versionExists();
      return reply(same);
    }
    const version = newVersion(input.clientRequestToken, input, now);
    // The first version of a secret is always AWSCURRENT, whatever labels were asked for.
    const stages = new Set(input.versionStages ?? [AWSCURRENT]);
    if (!labelHolder(secret, AWSCURRENT)) stages.add(AWSCURRENT);
    secret.versions.push(version);
    labelNewVersion(secret, version, [...stages]);
    pruneDeprecated(secret);
    secret.lastChangedDate = now;
    return reply(version);
  }

  updateSecretVersionStage(input: UpdateVersionStageInput, now: number): { ARN: string; Name: string } {
    const secret = this.#live(input.secretId, now);
    const { versionStage: stage, moveToVersionId: moveId, removeFromVersionId: removeId } = input;
    const target = moveId !== undefined ? findVersion(secret, moveId) : undefined;
    if (moveId !== undefined && !target) throw errors.unknownVersionParam('MoveToVersionId', moveId);
    if (removeId !== undefined && !findVersion(secret, removeId)) throw errors.unknownVersionParam('RemoveFromVersionId', removeId);
    const holder = labelHolder(secret, stage);
    if (removeId !== undefined && holder?.versionId !== removeId) throw errors.removeFromMismatch(stage, holder?.versionId, removeId);
    if (target) {
      if (holder && holder !== target && removeId === undefined) throw errors.removeFromRequired(stage, holder.versionId);
      attachLabel(secret, stage, target);
    } else if (holder && removeId !== undefined) {
      // Removing AWSCURRENT outright would leave the secret with no value to serve.
      if (stage === AWSCURRENT) {
        throw errors.invalidParameter('AWSCURRENT cannot be removed without a new holder: set MoveToVersionId to the version that should become current.');
      }
      detachLabel(holder, stage);
    } else {
      throw errors.invalidParameter('Specify MoveToVersionId, RemoveFromVersionId, or both.');
    }
    pruneDeprecated(secret);
    secret.lastChangedDate = now;
    return { ARN: secret.arn, Name: secret.name };
  }

  listSecretVersionIds(secretId: string, includeDeprecated: boolean, now: number) {
    const secret = this.#existing(secretId, now);
    const versions = secret.versions.filter((v) => includeDeprecated || v.stages.length > 0).map(versionListEntry);
    return { ARN: secret.arn, Name: secret.name, Versions: versions };
  }

  describeSecret(secretId: string, now: number) {
    const secret = this.#existing(secretId, now);
    return { ...describeRecord(secret), VersionIdsToStages: stagesByVersion(secret) };
  }

  /** ListSecrets' entries (SecretVersionsToStages), oldest first; filtering and paging are the caller's. */
  listSecrets(includePlannedDeletion: boolean, now: number) {
    this.#purgeExpired(now);
    return [...this.#secrets.values()]
      .filter((s) => includePlannedDeletion || s.deletedDate === undefined)
      .map((s) => ({ ...describeRecord(s), SecretVersionsToStages: stagesByVersion(s) }));
  }

  deleteSecret(input: DeleteSecretInput, ctx: StoreContext): { ARN: string; Name: string; DeletionDate: Date } {
    const window = input.recoveryWindowInDays;
    if (input.forceDeleteWithoutRecovery && window !== undefined) {
      throw errors.invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    if (window !== undefined && (!Number.isInteger(window) || window < 7 || window > 30)) {
      throw errors.invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    const secret = this.#lookup(input.secretId, ctx.now);
    if (input.forceDeleteWithoutRecovery) {
      // AWS answers a forced delete of a missing secret as if it had existed.
      if (secret) this.#secrets.delete(secret.name);
      const { arn, name } = secret ?? phantomIdentity(input.secretId, ctx);
      return { ARN: arn, Name: name, DeletionDate: new Date(ctx.now) };
    }
    if (!secret) throw errors.secretNotFound();
    if (secret.deletedDate !== undefined) throw errors.markedForDeletion();
    secret.deletedDate = ctx.now;
    secret.deletionDate = ctx.now + (window ?? 30) * DAY_MS;
    secret.lastChangedDate = ctx.now;
    return { ARN: secret.arn, Name: secret.name, DeletionDate: new Date(secret.deletionDate) };
  }

  restoreSecret(secretId: string, now: number): { ARN: string; Name: string } {
    const secret = this.#existing(secretId, now);
    delete secret.deletedDate;
    delete secret.deletionDate;
    secret.lastChangedDate = now;
    return { ARN: secret.arn, Name: secret.name };
  }

  tagResource(secretId: string, tags: Tag[], now: number): void {
    const secret = this.#live(secretId, now);
    const byKey = new Map((secret.tags ?? []).map((t) => [t.Key, t]));
    for (const tag of tags) byKey.set(tag.Key, { Key: tag.Key, Value: tag.Value });
    secret.tags = [...byKey.values()];
    secret.lastChangedDate = now;
  }

  untagResource(secretId: string, tagKeys: string[], now: number): void {
    const secret = this.#live(secretId, now);
    secret.tags = (secret.tags ?? []).filter((t) => !tagKeys.includes(t.Key));
    secret.lastChangedDate = now;
  }

  /**
   * What the ECS agent does at task start for one `secrets[].valueFrom`: fetch the value (AWSCURRENT unless the
   * suffix names a stage or version) and pick a JSON key. Failures come back as ECS-style reasons, never values.
   */
  resolveValueFrom(valueFrom: string): ResolvedSecret {
    return resolveValueFrom(valueFrom, (input) => this.getSecretValue(input, this.clock()));
  }

  #purgeExpired(now: number): void {
    for (const [name, s] of this.#secrets) if (s.deletionDate !== undefined && s.deletionDate <= now) this.#secrets.delete(name);
  }

  /** By name, full ARN, or partial ARN (the ARN without its `-XXXXXX` suffix). */
  #lookup(secretId: string, now: number): SecretRecord | undefined {
    this.#purgeExpired(now);
    if (!secretId.startsWith('arn:')) return this.#secrets.get(secretId);
    const all = [...this.#secrets.values()];
    return all.find((s) => s.arn === secretId) ?? all.find((s) => s.arn.slice(0, -7) === secretId);
  }

  /** A secret that exists, possibly scheduled for deletion (metadata reads and restore accept those). */
  #existing(secretId: string, now: number): SecretRecord {
    const secret = this.#lookup(secretId, now);
    if (!secret) throw errors.secretNotFound();
    return secret;
  }

  /** A secret whose value may be read or changed: not scheduled for deletion. */
  #live(secretId: string, now: number): SecretRecord {
    const secret = this.#existing(secretId, now);
    if (secret.deletedDate !== undefined) throw errors.markedForDeletion();
    return secret;
  }
}

function hasValue(input: SecretValueInput): boolean {
  return input.secretString !== undefined || input.secretBinary !== undefined;
}

function checkValue(input: SecretValueInput, required: boolean): void {
  if (input.secretString !== undefined && input.secretBinary !== undefined) throw errors.bothValues();
  if (required && !hasValue(input)) throw errors.missingValue();
}

function newVersion(token: string | undefined, value: SecretValueInput, now: number): VersionRecord {
  return {
    versionId: token ?? randomUUID(),
    ...(value.secretString !== undefined ? { secretString: value.secretString } : {}),
    ...(value.secretBinary !== undefined ? { secretBinary: value.secretBinary } : {}),
    stages: [],
    createdDate: now,
  };
}

/** GetSecretValue's choice of version: VersionId and/or VersionStage, AWSCURRENT when neither is given. */
function selectVersion(secret: SecretRecord, versionId?: string, versionStage?: string): VersionRecord {
  if (versionId !== undefined) {
    const version = findVersion(secret, versionId);
    if (!version) throw errors.versionNotFound(versionId);
    if (versionStage !== undefined && !version.stages.includes(versionStage)) throw errors.stageVersionMismatch();
    return version;
  }
  const stage = versionStage ?? AWSCURRENT;
  const version = labelHolder(secret, stage);
  if (!version) throw errors.stageNotFound(stage);
  return version;
}

function dedupeTags(tags: Tag[]): Tag[] {
  return [...new Map(tags.map((t) => [t.Key, { Key: t.Key, Value: t.Value }])).values()];
}

function arnSuffix(): string {
  return [...randomBytes(6)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join('');
}

function phantomIdentity(secretId: string, ctx: StoreContext): { arn: string; name: string } {
  if (secretId.startsWith('arn:')) return { arn: secretId, name: secretId.split(':').slice(6).join(':') };
  return { arn: `arn:aws:secretsmanager:${ctx.region}:${ctx.accountId}:secret:${secretId}-${arnSuffix()}`, name: secretId };
}
