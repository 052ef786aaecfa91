// Secrets Manager state as JSON, for `sandbox down/up --keep-state`. Loading checks every field so a hand-edited
// or truncated state file fails with the field's path instead of corrupting the sandbox later.
import type { SecretRecord, Tag, VersionRecord } from './model.ts';

export const SNAPSHOT_FORMAT = 'firedrill.sandbox.secretsmanager/1';

export interface SecretsSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  secrets: SecretRecord[];
}

export function toSnapshot(secrets: SecretRecord[]): SecretsSnapshot {
  // A deep copy: the snapshot must not change when the store does.
  return structuredClone({ format: SNAPSHOT_FORMAT, secrets });
}

export function fromSnapshot(snapshot: unknown): SecretRecord[] {
  const root = object(snapshot, 'snapshot');
  if (root.format !== SNAPSHOT_FORMAT) {
    throw new Error(`snapshot.format: expected "${SNAPSHOT_FORMAT}", got ${JSON.stringify(root.format)}; start the sandbox without --keep-state to discard it`);
  }
  const list = array(root.secrets, 'snapshot.secrets');
  const secrets = list.map((s, i) => secretRecord(s, `snapshot.secrets[${i}]`));
  const names = new Set<string>();
  for (const [i, s] of secrets.entries()) {
    if (names.has(s.name)) throw new Error(`snapshot.secrets[${i}].name: duplicate secret name "${s.name}"`);
    names.add(s.name);
  }
  return structuredClone(secrets);
}

function secretRecord(value: unknown, path: string): SecretRecord {
  const o = object(value, path);
  const record: SecretRecord = {
    arn: string(o.arn, `${path}.arn`),
    name: string(o.name, `${path}.name`),
    createdDate: time(o.createdDate, `${path}.createdDate`),
    lastChangedDate: time(o.lastChangedDate, `${path}.lastChangedDate`),
    versions: array(o.versions, `${path}.versions`).map((v, i) => versionRecord(v, `${path}.versions[${i}]`)),
  };
  if (o.description !== undefined) record.description = string(o.description, `${path}.description`);
  for (const key of ['lastAccessedDate', 'deletedDate', 'deletionDate'] as const) {
    if (o[key] !== undefined) record[key] = time(o[key], `${path}.${key}`);
  }
  if (o.tags !== undefined) record.tags = array(o.tags, `${path}.tags`).map((t, i) => tag(t, `${path}.tags[${i}]`));
  return record;
}

function versionRecord(value: unknown, path: string): VersionRecord {
  const o = object(value, path);
  const record: VersionRecord = {
    versionId: string(o.versionId, `${path}.versionId`),
    stages: array(o.stages, `${path}.stages`).map((s, i) => string(s, `${path}.stages[${i}]`)).sort(),
    createdDate: time(o.createdDate, `${path}.createdDate`),
  };
  if (o.secretString !== undefined) record.secretString = string(o.secretString, `${path}.secretString`);
  if (o.secretBinary !== undefined) record.secretBinary = string(o.secretBinary, `${path}.secretBinary`);
  if (o.lastAccessedDate !== undefined) record.lastAccessedDate = time(o.lastAccessedDate, `${path}.lastAccessedDate`);
  return record;
}

function tag(value: unknown, path: string): Tag {
  const o = object(value, path);
  return { Key: string(o.Key, `${path}.Key`), Value: string(o.Value, `${path}.Value`) };
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path}: expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${path}: expected an array, got ${describe(value)}`);
  return value;
}

function string(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new Error(`${path}: expected a string, got ${describe(value)}`);
  return value;
}

function time(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${path}: expected epoch milliseconds, got ${describe(value)}`);
  return value;
}

/** Names the type only: a snapshot field may hold a secret value, which must never reach an error message. */
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
