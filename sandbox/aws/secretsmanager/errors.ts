// Secrets Manager's error codes and messages. Where AWS's wording is on record (LocalStack's AWS-validated
// snapshots, the Terraform AWS provider changelog, the API reference) it is used verbatim; the rest say plainly
// which field is wrong and how to fix it. None of them ever includes a secret value.
import { AwsError } from '../protocol.ts';

export const secretNotFound = (): AwsError =>
  new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

export const stageNotFound = (stage: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`);

export const versionNotFound = (versionId: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);

export const stageVersionMismatch = (): AwsError =>
  new AwsError('InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.');

export const markedForDeletion = (): AwsError =>
  new AwsError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");

export const nameScheduledForDeletion = (): AwsError =>
  new AwsError('InvalidRequestException', "You can't create this secret because a secret with this name is already scheduled for deletion.");

export const secretExists = (name: string): AwsError =>
  new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);

export const versionExists = (): AwsError =>
  new AwsError('ResourceExistsException', "You can't modify an existing version, you can only create a new version.");

export const missingToken = (): AwsError =>
  new AwsError('InvalidRequestException', 'You must provide a ClientRequestToken value. We recommend a UUID-type value.');

export const missingValue = (): AwsError =>
  new AwsError('InvalidRequestException', 'You must provide either SecretString or SecretBinary.');

export const bothValues = (): AwsError =>
  new AwsError('InvalidParameterException', "You can't specify both a binary secret value and a string secret value in the same secret.");

export const invalidName = (): AwsError =>
  new AwsError('ValidationException', 'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!');

export const removeFromRequired = (stage: string, holder: string): AwsError =>
  new AwsError(
    'InvalidParameterException',
    `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
  );

export const removeFromMismatch = (stage: string, holder: string | undefined, given: string): AwsError =>
  new AwsError(
    'InvalidParameterException',
    holder
      ? `RemoveFromVersionId ${given} does not hold staging label ${stage}; it is attached to version ${holder}, so set RemoveFromVersionId to ${holder}.`
      : `RemoveFromVersionId ${given} does not hold staging label ${stage}, which is not attached to any version; omit RemoveFromVersionId.`,
  );

export const unknownVersionParam = (field: string, versionId: string): AwsError =>
  new AwsError('InvalidParameterException', `${field} ${versionId} is not a version of this secret; use ListSecretVersionIds to find its versions.`);

export const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterException', message);

/** AWS's shape for a missing required member, naming it in camelCase as the service does. */
export const missingMember = (field: string): AwsError =>
  new AwsError(
    'ValidationException',
    `1 validation error detected: Value null at '${field.charAt(0).toLowerCase()}${field.slice(1)}' failed to satisfy constraint: Member must not be null`,
  );
