// SNS: the summary published to a topic (subject + plain text), through a client made from lib/aws's one client
// config, so it reaches the same account, profile and endpoint (the sandbox's, too) as the rest of the drill.
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { clientConfig, type AwsTarget } from '../aws/clients.ts';
import { isThrottling } from '../aws/errors.ts';
import { scrubText } from '../../reports/redact.ts';
import { plainText, type NotifyContent } from './content.ts';
import { isRetryableStatus, type AttemptResult } from './retry.ts';

/** "less than 100 characters", and ASCII so every email client shows it as sent. */
export const SNS_SUBJECT_MAX = 99;
/** Far below Publish's 256 KiB; the summary is a few KiB. */
export const SNS_MESSAGE_MAX_BYTES = 64 * 1024;

export function snsSubject(content: NotifyContent): string {
  const ascii = content.title.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= SNS_SUBJECT_MAX ? ascii : `${ascii.slice(0, SNS_SUBJECT_MAX - 3)}...`;
}

export function snsMessage(content: NotifyContent): string {
  const text = plainText(content);
  if (Buffer.byteLength(text, 'utf8') <= SNS_MESSAGE_MAX_BYTES) return text;
  const note = '\n... (cut to fit; the full report is in the run directory)\n';
  // Cut on a character boundary: decode the byte prefix and drop a trailing partial character.
  const head = Buffer.from(text, 'utf8').subarray(0, SNS_MESSAGE_MAX_BYTES - Buffer.byteLength(note)).toString('utf8').replace(/\uFFFD$/, '');
  return head + note;
}

export const topicRegion = (topicArn: string): string => topicArn.split(':')[3] ?? '';

/** One attempt per call: the notifier's own retry loop decides about retries, inside its deadline. */
export function snsClientFor(target: AwsTarget, credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): SNSClient {
  return new SNSClient({
    ...clientConfig(target),
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 8_000 },
    ...(credentials ? { credentials } : {}),
  });
}

export async function publishToSns(client: SNSClient, topicArn: string, content: NotifyContent, signal: AbortSignal, source: string): Promise<AttemptResult> {
  try {
    const out = await client.send(new PublishCommand({ TopicArn: topicArn, Subject: snsSubject(content), Message: snsMessage(content) }), { abortSignal: signal });
    return { ok: true, detail: `message ${out.MessageId ?? '(no id)'}` };
  } catch (err) {
    return snsFailure(err, topicArn, signal, source);
  }
}

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError', 'RequestTimeout']);
const CREDENTIALS = new Set(['CredentialsProviderError', 'InvalidClientTokenId', 'UnrecognizedClientException', 'ExpiredToken', 'ExpiredTokenException', 'SignatureDoesNotMatch', 'IncompleteSignature']);

/** An SDK failure as a result: what happened (code and AWS's words) and the fix, retryable only if it may pass. */
export function snsFailure(err: unknown, topicArn: string, signal: AbortSignal, source: string): AttemptResult {
  if (signal.aborted) return { ok: false, retryable: false, detail: 'no answer before the deadline', fix: 'check the network, the region and AWS_ENDPOINT_URL' };
  const e = (err ?? {}) as SdkError;
  const code = e.name && e.name !== 'Error' ? e.name : (e.code ?? 'Error');
  const status = e.$metadata?.httpStatusCode;
  const words = scrubText(String(e.message ?? '')).replace(/\s+/g, ' ').trim().slice(0, 200);
  const detail = `${code}${status ? ` (HTTP ${status})` : ''}${words && words !== code ? `: ${words}` : ''}`;
  const retryable = isThrottling(err) || (status !== undefined && isRetryableStatus(status)) || NETWORK.has(code) || NETWORK.has(e.code ?? '');
  return { ok: false, retryable, detail, fix: snsFix(code, topicArn, source, retryable) };
}

function snsFix(code: string, topicArn: string, source: string, retryable: boolean): string {
  if (code === 'NotFoundException') return `create the topic in ${topicRegion(topicArn)} or correct ${source}`;
  // Before the IAM case: KMSAccessDeniedException is about the key, not about sns:Publish.
  if (code.startsWith('KMS')) return 'the topic is encrypted with a KMS key this role cannot use: allow kms:GenerateDataKey and kms:Decrypt on it';
  if (code === 'AuthorizationErrorException' || /AccessDenied/.test(code)) {
    return `grant sns:Publish on ${topicArn} to the role firedrill runs as (firedrill iam-policy includes it when notify.sns is set; docs/iam.md)`;
  }
  if (CREDENTIALS.has(code)) return 'AWS credentials are missing or expired: set AWS_PROFILE (or aws.profile in the environment file) or log in again';
  if (retryable) return 'SNS or the network is failing; the report is in the run directory';
  return `check ${source} (region and account) and the topic's settings`;
}
