// The secret and version records the sandbox keeps, and the staging-label rules Secrets Manager applies to them.
// Labels are the whole story of a version's life: a label names at most one version of a secret, a version with
// no label is deprecated (hidden from ListSecretVersionIds unless IncludeDeprecated), and AWSCURRENT/AWSPREVIOUS
// move together. See shared aws-semantics.md "Secrets Manager versions" and LocalStack's AWS-recorded snapshots
// (test_update_secret_version_stages_*, test_deprecated_secret_version_stage).

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';

/** AWS keeps about 100 versions per secret and drops the oldest deprecated ones beyond that. */
export const MAX_VERSIONS = 100;

export interface Tag {
  Key: string;
  Value: string;
}

/** All timestamps are epoch milliseconds so a record is plain JSON (snapshots persist it as is). */
export interface VersionRecord {
  versionId: string;
  secretString?: string;
  /** Base64, exactly as it travels on the wire. */
  secretBinary?: string;
  /** Kept sorted: AWS returns labels in lexical order. */
  stages: string[];
  createdDate: number;
  lastAccessedDate?: number;
}

export interface SecretRecord {
  arn: string;
  name: string;
  description?: string;
  createdDate: number;
  lastChangedDate: number;
  lastAccessedDate?: number;
  /** Set while the secret is scheduled for deletion (DescribeSecret's DeletedDate). */
  deletedDate?: number;
  /** When a scheduled deletion becomes permanent (DeleteSecret's DeletionDate). */
  deletionDate?: number;
  /** Absent until tags are first set; an empty list after the last one is removed (as AWS reports it). */
  tags?: Tag[];
  /** Oldest first. */
  versions: VersionRecord[];
}

export function labelHolder(secret: SecretRecord, label: string): VersionRecord | undefined {
  return secret.versions.find((v) => v.stages.includes(label));
}

export function findVersion(secret: SecretRecord, versionId: string): VersionRecord | undefined {
  return secret.versions.find((v) => v.versionId === versionId);
}

function addStage(version: VersionRecord, label: string): void {
  if (!version.stages.includes(label)) version.stages = [...version.stages, label].sort();
}

function removeStage(version: VersionRecord, label: string): void {
  version.stages = version.stages.filter((s) => s !== label);
}

/**
 * Put `label` on `target`, taking it off whichever version held it. Moving AWSCURRENT hands AWSPREVIOUS to the
 * version that lost AWSCURRENT (and so takes AWSPREVIOUS off its previous holder, which may become deprecated).
 */
export function attachLabel(secret: SecretRecord, label: string, target: VersionRecord): void {
  const holder = labelHolder(secret, label);
  if (holder === target) return;
  if (holder) removeStage(holder, label);
  addStage(target, label);
  if (label === AWSCURRENT && holder) attachLabel(secret, AWSPREVIOUS, holder);
}

/** Take `label` off `version`; no AWSPREVIOUS bookkeeping (that only follows a move of AWSCURRENT). */
export function detachLabel(version: VersionRecord, label: string): void {
  removeStage(version, label);
}

/**
 * Label a freshly stored version the way PutSecretValue does. A version that becomes AWSCURRENT ends any rotation
 * that finished on the outgoing version: AWS drops AWSPENDING from the old AWSCURRENT holder (recorded in
 * test_update_secret_version_stages_current_pending), while custom labels stay where they are.
 */
export function labelNewVersion(secret: SecretRecord, version: VersionRecord, stages: readonly string[]): void {
  const outgoing = stages.includes(AWSCURRENT) ? labelHolder(secret, AWSCURRENT) : undefined;
  for (const label of stages) attachLabel(secret, label, version);
  if (outgoing && outgoing !== version && outgoing.stages.includes(AWSPENDING)) removeStage(outgoing, AWSPENDING);
}

/** Drop the oldest deprecated versions beyond MAX_VERSIONS so storage stays bounded, as AWS does. */
export function pruneDeprecated(secret: SecretRecord): void {
  let excess = secret.versions.length - MAX_VERSIONS;
  if (excess <= 0) return;
  secret.versions = secret.versions.filter((v) => {
    if (excess > 0 && v.stages.length === 0) {
      excess -= 1;
      return false;
    }
    return true;
  });
}

/** LastAccessedDate carries no time of day in AWS: midnight UTC of the access. */
export function accessDay(now: number): number {
  const d = new Date(now);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}
