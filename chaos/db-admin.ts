// Where pg-sleep's admin connection string comes from: the environment file names a source (an environment
// variable, or a secret id + JSON key); the sandbox's comes from its state file. Never from the experiment, never
// printed, resolved only when a fault needs it.
import type { Aws } from '../lib/aws/index.ts';
import { HarnessError } from '../lib/errors.ts';
import type { Environment } from '../lib/experiment/environment.ts';
import { rememberSecret } from '../lib/safety/secret-values.ts';
import { readSandboxState, type SandboxState } from '../lib/sandbox-state.ts';
import type { AdminUrlSource } from './contract.ts';

async function resolve(env: Environment, aws: Aws, sandboxState: () => SandboxState): Promise<string> {
  if (env.sandbox) return sandboxState().dbAdminUrl;
  const from = env.database.adminUrlFrom;
  if (from?.env) {
    const value = process.env[from.env];
    if (!value) throw new HarnessError(`environment variable ${from.env} is not set (database.adminUrlFrom.env in ${env.file})`, `export ${from.env} with an admin connection string for the database`);
    return value;
  }
  if (from?.secretId) {
    const text = await aws.secrets.getString(from.secretId);
    if (!from.key) return text;
    let keys: Record<string, unknown>;
    try {
      keys = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new HarnessError(`secret ${from.secretId} is not a JSON object, so key ${from.key} cannot be read (database.adminUrlFrom in ${env.file})`);
    }
    const value = keys[from.key];
    if (typeof value !== 'string' || value === '') throw new HarnessError(`secret ${from.secretId} has no key ${from.key} (database.adminUrlFrom.key in ${env.file})`);
    return value;
  }
  throw new HarnessError(`pg-sleep needs an admin database connection: ${env.file} has no database.adminUrlFrom`, 'add database.adminUrlFrom: {env: FIREDRILL_DB_ADMIN_URL} (or {secretId, key}) to the environment file');
}

/** A memoised source: looked up once, remembered as a secret so nothing firedrill writes can carry it. */
export function adminUrlSource(env: Environment, aws: Aws, sandboxState: () => SandboxState = () => readSandboxState()): AdminUrlSource {
  let cached: Promise<string> | undefined;
  return () => {
    cached ??= resolve(env, aws, sandboxState).then((url) => {
      rememberSecret(url);
      return url;
    });
    return cached;
  };
}
