// The account allowlist: an environment may list the AWS account ids it is allowed to touch; the check runs
// before any mutation, against the account the credentials belong to (sts:GetCallerIdentity) and the account the
// environment's ECS service lives in (its ARN), so neither other credentials nor a cluster ARN from another account
// slip past it.
import { SafetyRefusal } from './blast-radius.ts';

/** Which AWS account the harness is acting in, as resolved through the SDK. */
export interface AccountIdentity {
  /** How the account was determined, for messages: "sts:GetCallerIdentity", "the ECS service ARN". */
  source: string;
  accountId(): Promise<string>;
}

/** The account of the credentials in use, as AWS itself resolves them. */
export function callerAccountIdentity(sts: { callerIdentity(): Promise<{ account: string }> }): AccountIdentity {
  return { source: 'sts:GetCallerIdentity', accountId: async () => (await sts.callerIdentity()).account };
}

/** Reads the account from an ARN the SDK returned for the environment's own resources (the ECS service). */
export function arnAccountIdentity(source: string, arn: () => Promise<string>): AccountIdentity {
  return {
    source,
    async accountId() {
      const account = (await arn()).split(':')[4];
      if (!account || !/^\d{12}$/.test(account)) throw new SafetyRefusal(`could not read an account id from ${source}`);
      return account;
    },
  };
}

/**
 * Refuse unless every identity resolves to a listed account (no list: no check, and no call). Returns the
 * account of the first identity. Identities are asked in order, so the cheapest, most telling one goes first.
 */
export async function checkAccountAllowlist(env: { name: string; file: string; accountIds: string[] }, identities: AccountIdentity[]): Promise<string | undefined> {
  if (env.accountIds.length === 0) return undefined;
  let first: string | undefined;
  for (const identity of identities) {
    const account = await identity.accountId();
    if (!env.accountIds.includes(account)) {
      throw new SafetyRefusal(
        `environment "${env.name}" allows AWS account(s) ${env.accountIds.join(', ')} but ${identity.source} says account ${account}`,
        `check AWS_PROFILE / the credentials in use (and ecs.cluster), or the accountIds list in ${env.file}`,
      );
    }
    first ??= account;
  }
  return first;
}
