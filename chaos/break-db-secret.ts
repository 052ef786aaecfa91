// break-db-secret: a new version of the database secret whose DATABASE_URL cannot work (closed port, wrong
// password) or is gone, then a forced deployment. Same lossless restore as shrink-db-pool.
//
// Alone: npx tsx chaos/break-db-secret.ts --env local --mode unreachable-host [--hold 60s] [--dry-run] | --restore
import { randomBytes } from 'node:crypto';
import { HarnessError } from '../lib/errors.ts';
import type { Fault } from './contract.ts';
import { runIfScript } from './script.ts';
import { injectSecretVersion, manualSecretRestore, restoreSecretVersion, verifySecretRestored } from './secret-version.ts';

export type BreakMode = 'unreachable-host' | 'wrong-password' | 'remove-key';

export interface BreakDbSecretParams {
  mode?: BreakMode;
  key?: string;
}

const what: Record<BreakMode, string> = {
  'unreachable-host': 'points at a closed port on the task\'s own loopback (127.0.0.1:9), so connections are refused and no packet leaves the task',
  'wrong-password': 'carries a random wrong password',
  'remove-key': 'is removed, so ECS cannot start tasks (ResourceInitializationError)',
};

/** The broken value for one mode. Works on a parsed URL in memory; nothing from the old value is shown. */
export function breakUrl(value: unknown, mode: Exclude<BreakMode, 'remove-key'>, key: string): string {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new HarnessError(`key ${key} of the database secret is not a connection URL`, `use mode remove-key, or point "key" at the connection string`);
  }
  if (mode === 'unreachable-host') {
    url.hostname = '127.0.0.1';
    url.port = '9';
  } else {
    url.password = `firedrill-wrong-${randomBytes(8).toString('hex')}`;
  }
  return url.toString();
}

export const breakDbSecret: Fault<BreakDbSecretParams> = {
  action: 'break-db-secret',
  summary: 'new secret version with an invalid DATABASE_URL (or the key removed), force a new deployment',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      mode: { enum: ['unreachable-host', 'wrong-password', 'remove-key'], default: 'unreachable-host' },
      key: { type: 'string', minLength: 1, default: 'DATABASE_URL', description: 'the JSON key holding the connection string' },
    },
  },

  describe: (p, env) => {
    const mode = p.mode ?? 'unreachable-host';
    return [
      `put a new version of secret ${env.database.secretId} in which ${p.key ?? 'DATABASE_URL'} ${what[mode]}`,
      `force a new deployment of ${env.ecs.cluster}/${env.ecs.service} and wait until its tasks start (or fail to)`,
      `restore: move AWSCURRENT and AWSPREVIOUS back to the versions recorded now, force a new deployment, wait for a steady state`,
    ];
  },

  inject: (ctx, p) => {
    const mode = p.mode ?? 'unreachable-host';
    const key = p.key ?? 'DATABASE_URL';
    return injectSecretVersion(ctx, {
      label: `${key} ${mode}`,
      apply: (keys) => {
        if (!(key in keys)) throw new HarnessError(`the database secret has no key ${key}`, 'set "key" to the JSON key holding the connection string');
        if (mode === 'remove-key') {
          const { [key]: _removed, ...rest } = keys;
          return rest;
        }
        return { ...keys, [key]: breakUrl(keys[key], mode, key) };
      },
      waitFor: 'started',
    });
  },

  restore: restoreSecretVersion,
  verifyRestored: verifySecretRestored,
  manualRestore: manualSecretRestore,
};

runIfScript(import.meta.url, breakDbSecret);
