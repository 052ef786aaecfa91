// How Secrets Manager moves staging labels (aws-semantics.md), as pure functions on VersionIdsToStages. A dry run
// uses them to show the restore calls that would follow an inject that was not made.

export type Stages = Record<string, string[]>;

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';

export interface StageMove {
  stage: string;
  moveToVersionId?: string;
  removeFromVersionId?: string;
}

function copy(stages: Stages): Stages {
  return Object.fromEntries(Object.entries(stages).map(([v, labels]) => [v, [...labels]]));
}

function holderOf(stages: Stages, label: string): string | undefined {
  return Object.entries(stages).find(([, labels]) => labels.includes(label))?.[0];
}

function detach(stages: Stages, versionId: string, label: string): void {
  const left = (stages[versionId] ?? []).filter((l) => l !== label);
  if (left.length > 0) stages[versionId] = left;
  else delete stages[versionId]; // a version without labels is deprecated and not listed
}

function attach(stages: Stages, versionId: string, label: string): void {
  const old = holderOf(stages, label);
  if (old === versionId) return;
  if (old) detach(stages, old, label);
  stages[versionId] = [...(stages[versionId] ?? []), label];
  if (label === AWSCURRENT && old) attach(stages, old, AWSPREVIOUS);
}

/** PutSecretValue with default stages: the new version becomes AWSCURRENT, the old holder AWSPREVIOUS. */
export function withNewCurrent(stages: Stages, versionId: string): Stages {
  const next = copy(stages);
  attach(next, versionId, AWSCURRENT);
  return next;
}

/** UpdateSecretVersionStage (valid input assumed: the real call is what enforces the rules). */
export function withStageMoved(stages: Stages, move: StageMove): Stages {
  const next = copy(stages);
  if (move.moveToVersionId) attach(next, move.moveToVersionId, move.stage);
  else if (move.removeFromVersionId) detach(next, move.removeFromVersionId, move.stage);
  return next;
}
