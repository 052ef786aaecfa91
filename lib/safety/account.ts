// The account allowlist: an environment may list the AWS account ids it is allowed to touch; the check runs
// before any mutation, against the account the credentials actually reach.
import { SafetyRefusal } from './blast-radius.ts';

/** Which AWS account the harness is acting in, as resolved through the SDK. */
export interface AccountIdentity {
  /** How the account was determined, for messages: "sts:GetCallerIdentity", "the ECS service ARN". */
  source: string;
  accountId(): Promise<string>;
}

/**
 * Reads the account from an ARN the SDK returned for the environment's own resources (the ECS service). It proves
 * which account will be changed, with no extra permission; the caller's identity itself needs
 * sts:GetCallerIdentity (@aws-sdk/client-sts), which this project does not depend on yet.
 */
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

/** Refuse unless the resolved account is listed (no list: no check). */
export async function checkAccountAllowlist(env: { name: string; file: string; accountIds: string[] }, identity: AccountIdentity): Promise<string | undefined> {
  if (env.accountIds.length === 0) return undefined;
  const account = await identity.accountId();
  if (!env.accountIds.includes(account)) {
    throw new SafetyRefusal(
      `environment "${env.name}" allows AWS account(s) ${env.accountIds.join(', ')} but the credentials reach account ${account} (from ${identity.source})`,
      `check AWS_PROFILE / the credentials in use, or the accountIds list in ${env.file}`,
    );
  }
  return account;
}
