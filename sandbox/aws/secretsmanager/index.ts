// The sandbox's Secrets Manager: a ServiceDefinition for the AWS endpoint server plus the store behind it, which
// the ECS reconciler uses in-process to resolve a task's secrets at start (store.resolveValueFrom).
import type { ServiceDefinition } from '../protocol.ts';
import { MUTATING_OPERATIONS, secretsManagerOperations } from './handlers.ts';
import { SecretStore } from './store.ts';

export { SecretStore } from './store.ts';
export type {
  CreateSecretInput, DeleteSecretInput, GetSecretValueInput, PutSecretValueInput, StoreContext, UpdateVersionStageInput,
} from './store.ts';
export { parseValueFrom, SECRET_FAILURE_PREFIX, type ResolvedSecret, type SecretReference } from './value-from.ts';
export { SNAPSHOT_FORMAT, type SecretsSnapshot } from './snapshot.ts';
export { AWSCURRENT, AWSPENDING, AWSPREVIOUS, MAX_VERSIONS } from './model.ts';

export interface SecretsManagerOptions {
  /** Time for in-process calls (resolveValueFrom, expiry of scheduled deletions); HTTP calls use the server's clock. */
  clock?: () => number;
  /** A previous `store.snapshot()`, for `sandbox up --keep-state`. */
  state?: unknown;
}

export function createSecretsManager(options: SecretsManagerOptions = {}): { service: ServiceDefinition; store: SecretStore } {
  const store = new SecretStore(options.clock);
  if (options.state !== undefined) store.load(options.state);
  const service: ServiceDefinition = {
    name: 'secretsmanager',
    targetPrefix: 'secretsmanager',
    contentType: 'application/x-amz-json-1.1',
    awsQueryCompatible: false,
    operations: secretsManagerOperations(store),
    mutating: MUTATING_OPERATIONS,
  };
  return { service, store };
}
