// Secrets Manager response shapes built from the store's records (botocore service-2.json member names, Dates for
// timestamps, absent members left out as AWS omits them).
import type { SecretRecord, VersionRecord } from './model.ts';

export function secretValueResponse(secret: SecretRecord, version: VersionRecord) {
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: version.versionId,
    ...(version.secretString !== undefined ? { SecretString: version.secretString } : {}),
    ...(version.secretBinary !== undefined ? { SecretBinary: version.secretBinary } : {}),
    VersionStages: [...version.stages],
    CreatedDate: new Date(version.createdDate),
  };
}

/** ListSecretVersionIds' entry; a deprecated version has no VersionStages member at all. */
export function versionListEntry(v: VersionRecord) {
  return {
    VersionId: v.versionId,
    ...(v.stages.length > 0 ? { VersionStages: [...v.stages] } : {}),
    ...(v.lastAccessedDate !== undefined ? { LastAccessedDate: new Date(v.lastAccessedDate) } : {}),
    CreatedDate: new Date(v.createdDate),
    KmsKeyIds: ['DefaultEncryptionKey'],
  };
}

/** The members DescribeSecret and ListSecrets' entries share. */
export function describeRecord(s: SecretRecord) {
  return {
    ARN: s.arn,
    Name: s.name,
    ...(s.description !== undefined ? { Description: s.description } : {}),
    LastChangedDate: new Date(s.lastChangedDate),
    ...(s.lastAccessedDate !== undefined ? { LastAccessedDate: new Date(s.lastAccessedDate) } : {}),
    ...(s.deletedDate !== undefined ? { DeletedDate: new Date(s.deletedDate) } : {}),
    ...(s.tags ? { Tags: s.tags.map((t) => ({ ...t })) } : {}),
    CreatedDate: new Date(s.createdDate),
  };
}

/** Labelled versions only; absent when the secret has none (a secret created without a value). */
export function stagesByVersion(s: SecretRecord): Record<string, string[]> | undefined {
  const labelled = s.versions.filter((v) => v.stages.length > 0);
  return labelled.length > 0 ? Object.fromEntries(labelled.map((v) => [v.versionId, [...v.stages]])) : undefined;
}

