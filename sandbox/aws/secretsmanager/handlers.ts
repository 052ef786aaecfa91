// Secrets Manager operations as the JSON protocol delivers them: read and check the members, call the store.
// Shapes follow botocore's secretsmanager/2017-10-17/service-2.json.
import { AwsError, type Handler, type RequestContext } from '../protocol.ts';
import { missingToken } from './errors.ts';
import {
  optionalBoolean, optionalInteger, optionalString, optionalStringList, optionalTags, paginate, requiredString,
} from './input.ts';
import { matchesFilters, parseFilters } from './list-filter.ts';
import type { SecretStore, SecretValueInput } from './store.ts';

type Input = Record<string, unknown>;

const SECRET_ID_MAX = 2048;
const SECRET_VALUE_MAX = 65_536;
const TOKEN_MAX = 64;

export const MUTATING_OPERATIONS: ReadonlySet<string> = new Set([
  'CreateSecret', 'PutSecretValue', 'UpdateSecretVersionStage', 'DeleteSecret', 'RestoreSecret', 'TagResource', 'UntagResource',
]);

/** SecretString may be empty; SecretBinary is base64 text on the wire and stays so in the store. */
function secretValue(input: Input): SecretValueInput {
  const secretString = optionalString(input, 'SecretString', SECRET_VALUE_MAX, 0);
  const secretBinary = optionalString(input, 'SecretBinary', Math.ceil((SECRET_VALUE_MAX * 4) / 3) + 4);
  return { ...(secretString !== undefined ? { secretString } : {}), ...(secretBinary !== undefined ? { secretBinary } : {}) };
}

/** The SDKs always fill ClientRequestToken in; a hand-made request without one is refused, as AWS does. */
function clientToken(input: Input): string {
  const token = optionalString(input, 'ClientRequestToken', TOKEN_MAX, 32);
  if (token === undefined) throw missingToken();
  return token;
}

const secretId = (input: Input) => requiredString(input, 'SecretId', SECRET_ID_MAX);

export function secretsManagerOperations(store: SecretStore): Record<string, Handler> {
  return {
    CreateSecret: (input: Input, ctx: RequestContext) => {
      const value = secretValue(input);
      const description = optionalString(input, 'Description', 2048, 0);
      const tags = optionalTags(input, 'Tags');
      return store.createSecret(
        {
          name: requiredString(input, 'Name', 512),
          ...value,
          clientRequestToken: clientToken(input),
          ...(description !== undefined ? { description } : {}),
          ...(tags ? { tags } : {}),
        },
        ctx,
      );
    },

    GetSecretValue: (input: Input, ctx: RequestContext) => {
      const versionId = optionalString(input, 'VersionId', TOKEN_MAX, 32);
      const versionStage = optionalString(input, 'VersionStage', 256);
      return store.getSecretValue({ secretId: secretId(input), ...(versionId ? { versionId } : {}), ...(versionStage ? { versionStage } : {}) }, ctx.now);
    },

    PutSecretValue: (input: Input, ctx: RequestContext) => {
      const versionStages = optionalStringList(input, 'VersionStages', 20);
      return store.putSecretValue(
        { secretId: secretId(input), ...secretValue(input), clientRequestToken: clientToken(input), ...(versionStages ? { versionStages } : {}) },
        ctx.now,
      );
    },

    UpdateSecretVersionStage: (input: Input, ctx: RequestContext) => {
      const moveToVersionId = optionalString(input, 'MoveToVersionId', TOKEN_MAX, 32);
      const removeFromVersionId = optionalString(input, 'RemoveFromVersionId', TOKEN_MAX, 32);
      return store.updateSecretVersionStage(
        {
          secretId: secretId(input),
          versionStage: requiredString(input, 'VersionStage', 256),
          ...(moveToVersionId ? { moveToVersionId } : {}),
          ...(removeFromVersionId ? { removeFromVersionId } : {}),
        },
        ctx.now,
      );
    },

    ListSecretVersionIds: (input: Input, ctx: RequestContext) => {
      const maxResults = optionalInteger(input, 'MaxResults', 1, 100);
      const nextToken = optionalString(input, 'NextToken', 4096);
      const all = store.listSecretVersionIds(secretId(input), optionalBoolean(input, 'IncludeDeprecated') ?? false, ctx.now);
      const { page, nextToken: next } = paginate(all.Versions, maxResults, nextToken, 100);
      return { ...all, Versions: page, NextToken: next };
    },

    DescribeSecret: (input: Input, ctx: RequestContext) => store.describeSecret(secretId(input), ctx.now),

    ListSecrets: (input: Input, ctx: RequestContext) => {
      const maxResults = optionalInteger(input, 'MaxResults', 1, 100);
      const nextToken = optionalString(input, 'NextToken', 4096);
      const filters = parseFilters(input.Filters);
      const listed = store.listSecrets(optionalBoolean(input, 'IncludePlannedDeletion') ?? false, ctx.now).filter((s) => matchesFilters(s, filters));
      const sortOrder = optionalString(input, 'SortOrder', 16);
      if (sortOrder !== undefined && sortOrder !== 'asc' && sortOrder !== 'desc') {
        throw new AwsError('ValidationException', `SortOrder must be asc or desc, got ${JSON.stringify(sortOrder)}.`);
      }
      if (sortOrder === 'desc') listed.reverse();
      const { page, nextToken: next } = paginate(listed, maxResults, nextToken, 100);
      return { SecretList: page, NextToken: next };
    },

    DeleteSecret: (input: Input, ctx: RequestContext) => {
      const recoveryWindowInDays = optionalInteger(input, 'RecoveryWindowInDays', Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
      const forceDeleteWithoutRecovery = optionalBoolean(input, 'ForceDeleteWithoutRecovery');
      return store.deleteSecret(
        {
          secretId: secretId(input),
          ...(recoveryWindowInDays !== undefined ? { recoveryWindowInDays } : {}),
          ...(forceDeleteWithoutRecovery !== undefined ? { forceDeleteWithoutRecovery } : {}),
        },
        ctx,
      );
    },

    RestoreSecret: (input: Input, ctx: RequestContext) => store.restoreSecret(secretId(input), ctx.now),

    TagResource: (input: Input, ctx: RequestContext) => {
      store.tagResource(secretId(input), optionalTags(input, 'Tags') ?? [], ctx.now);
      return {};
    },

    UntagResource: (input: Input, ctx: RequestContext) => {
      store.untagResource(secretId(input), optionalStringList(input, 'TagKeys', 50, 128) ?? [], ctx.now);
      return {};
    },
  };
}
