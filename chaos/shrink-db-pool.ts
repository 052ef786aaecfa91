// shrink-db-pool: a new version of the database secret with DB_POOL_MAX=n (every other key kept), a forced
// deployment, and a wait until the new deployment serves alone. Restore moves AWSCURRENT back to the recorded
// version (the old value is never re-put), redeploys and waits for a steady state.
//
// Alone: npx tsx chaos/shrink-db-pool.ts --env local --pool-max 2 [--hold 60s] [--dry-run] | --restore
import type { Fault } from './contract.ts';
import { runIfScript } from './script.ts';
import { injectSecretVersion, manualSecretRestore, restoreSecretVersion, verifySecretRestored } from './secret-version.ts';

export interface ShrinkDbPoolParams {
  poolMax: number;
}

const POOL_KEY = 'DB_POOL_MAX';

export const shrinkDbPool: Fault<ShrinkDbPoolParams> = {
  action: 'shrink-db-pool',
  summary: 'new secret version with DB_POOL_MAX=n (other keys kept), force a new deployment',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['poolMax'],
    properties: { poolMax: { type: 'integer', minimum: 1, maximum: 10000, description: 'the pool size each task gets during the fault' } },
  },

  describe: (p, env) => [
    `put a new version of secret ${env.database.secretId} with ${POOL_KEY}=${p.poolMax} (all other keys unchanged)`,
    `force a new deployment of ${env.ecs.cluster}/${env.ecs.service} and wait until it serves alone`,
    `restore: move AWSCURRENT and AWSPREVIOUS back to the versions recorded now, force a new deployment, wait for a steady state`,
  ],

  inject: (ctx, p) =>
    injectSecretVersion(ctx, {
      label: `${POOL_KEY}=${p.poolMax}`,
      // ECS injects JSON values as strings: keep the type the secret already uses.
      apply: (keys) => ({ ...keys, [POOL_KEY]: typeof keys[POOL_KEY] === 'number' ? p.poolMax : String(p.poolMax) }),
      waitFor: 'serving',
    }),

  restore: restoreSecretVersion,
  verifyRestored: verifySecretRestored,
  manualRestore: manualSecretRestore,
};

runIfScript(import.meta.url, shrinkDbPool);
