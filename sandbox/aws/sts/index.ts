// The sandbox's STS: GetCallerIdentity only, on the query protocol (Version=2011-06-15), which is all the harness
// asks of STS (the account allowlist). The sandbox has one identity: an IAM user in its one account. On AWS the call
// needs no permission and cannot be denied, so the sandbox never refuses it either.
import type { Handler } from '../protocol.ts';
import type { QueryServiceDefinition } from '../query-protocol.ts';

export const STS_API_VERSION = '2011-06-15';
export const STS_XML_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The sandbox's one caller: what its fixed stand-in credentials stand for. */
export const SANDBOX_USER = 'firedrill-sandbox';
/** An IAM user's unique id: AIDA + 17 upper-case letters and digits, as AWS forms them. */
export const SANDBOX_USER_ID = 'AIDAFIREDRILLSANDBOX1';

const getCallerIdentity: Handler = (_input, ctx) => ({
  UserId: SANDBOX_USER_ID,
  Account: ctx.accountId,
  Arn: `arn:aws:iam::${ctx.accountId}:user/${SANDBOX_USER}`,
});

export function createSts(): QueryServiceDefinition {
  return {
    protocol: 'query',
    name: 'sts',
    version: STS_API_VERSION,
    xmlNamespace: STS_XML_NAMESPACE,
    operations: { GetCallerIdentity: getCallerIdentity },
    mutating: new Set(),
  };
}
