// AWS failures classified at the boundary (style.md #8): a user sees what to do, never an SDK dump.
import { HarnessError } from '../errors.ts';

/** One AWS API call as the harness names it: the IAM action it needs and the resource it touches. */
export interface AwsCall {
  /** IAM service prefix: ecs, secretsmanager, cloudwatch, sts. */
  service: 'ecs' | 'secretsmanager' | 'cloudwatch' | 'sts';
  operation: string;
  /** ARN or name of the resource, for messages and the IAM policy. '*' for account-wide calls. */
  resource: string;
}

export const iamAction = (call: AwsCall): string => `${call.service}:${call.operation}`;

/** The caller lacks an IAM permission. Names the action, the resource and where the policy is documented. */
export class AwsAccessDeniedError extends HarnessError {
  constructor(readonly call: AwsCall, awsMessage: string) {
    super(
      `firedrill needs ${iamAction(call)} on ${call.resource} (AWS said: ${oneLine(awsMessage)})`,
      'grant it to the role firedrill runs as; docs/iam.md lists the least-privilege policy for each fault',
    );
  }
}

/** A named resource does not exist: almost always a wrong id in the environment file. */
export class AwsNotFoundError extends HarnessError {
  constructor(readonly call: AwsCall, code: string, awsMessage: string) {
    super(
      `${iamAction(call)}: ${call.resource} was not found (${code}: ${oneLine(awsMessage)})`,
      'check the ids in the environment file (ecs.cluster, ecs.service, database.secretId) and its region',
    );
  }
}

/** The endpoint did not answer: no network, a wrong endpoint, or the sandbox is not running. */
export class AwsUnreachableError extends HarnessError {
  constructor(readonly call: AwsCall, detail: string) {
    super(
      `${iamAction(call)}: could not reach the AWS endpoint (${oneLine(detail)})`,
      'for the local sandbox run "firedrill sandbox up"; otherwise check the region, AWS_ENDPOINT_URL and the network',
    );
  }
}

/** No credentials, or credentials AWS does not accept. */
export class AwsCredentialsError extends HarnessError {
  constructor(readonly call: AwsCall, detail: string) {
    super(
      `${iamAction(call)}: AWS credentials are missing or not accepted (${oneLine(detail)})`,
      'set AWS_PROFILE (or aws.profile in the environment file), log in with "aws sso login", or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    );
  }
}

/** Throttled on every attempt. */
export class AwsThrottledError extends HarnessError {
  constructor(readonly call: AwsCall, attempts: number) {
    super(`${iamAction(call)} on ${call.resource} was throttled on all ${attempts} attempts`, 'another client is using the same API quota; retry later');
  }
}

/** Any other error AWS returned, with its code. */
export class AwsCallError extends HarnessError {
  constructor(readonly call: AwsCall, readonly code: string, awsMessage: string) {
    super(`${iamAction(call)} on ${call.resource} failed: ${code}: ${oneLine(awsMessage)}`);
  }
}

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'AuthorizationError', 'NotAuthorized']);
const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'PriorRequestNotComplete', 'BandwidthLimitExceeded',
]);
const NOT_FOUND = new Set(['ResourceNotFoundException', 'ResourceNotFound', 'ClusterNotFoundException', 'ServiceNotFoundException', 'ServiceNotActiveException']);
const BAD_CREDENTIALS = new Set([
  'CredentialsProviderError', 'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidSignatureException',
  'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException', 'IncompleteSignature', 'TokenRefreshRequired',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError']);

function errorCode(err: SdkErrorLike): string {
  return err.name && err.name !== 'Error' ? err.name : (err.code ?? 'Error');
}

export function isThrottling(err: unknown): boolean {
  const e = (err ?? {}) as SdkErrorLike;
  return THROTTLING.has(errorCode(e)) || e.$retryable?.throttling === true || e.$metadata?.httpStatusCode === 429;
}

/** Map any error thrown by an SDK call to the error the user sees. Non-AWS errors pass through unchanged. */
export function classifyAwsError(err: unknown, call: AwsCall): Error {
  if (err instanceof HarnessError) return err;
  const e = (err ?? {}) as SdkErrorLike;
  const code = errorCode(e);
  const message = e.message ?? String(err);
  if (ACCESS_DENIED.has(code) || /not authorized to perform/i.test(message)) return new AwsAccessDeniedError(call, message);
  if (NOT_FOUND.has(code)) return new AwsNotFoundError(call, code, message);
  if (BAD_CREDENTIALS.has(code) || /could not load credentials/i.test(message)) return new AwsCredentialsError(call, message);
  if (NETWORK.has(code) || NETWORK.has(e.code ?? '')) return new AwsUnreachableError(call, `${e.code ?? code}: ${message}`);
  if (e.$metadata !== undefined || /Exception$/.test(code)) return new AwsCallError(call, code, message);
  return err instanceof Error ? err : new Error(message);
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 300 ? `${flat.slice(0, 297)}...` : flat;
}
