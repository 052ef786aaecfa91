// NextToken handling for the metric read APIs. Tokens are opaque to callers but carry a fingerprint of the request
// they belong to, so a token replayed with different parameters is refused instead of returning a wrong page.
import { createHash } from 'node:crypto';
import { AwsError } from '../protocol.ts';

export function requestFingerprint(request: unknown): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('base64url').slice(0, 16);
}

export function encodeToken(fingerprint: string, cursor: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ f: fingerprint, ...cursor })).toString('base64url');
}

/** The cursor inside a token issued by `encodeToken` for the same request, or InvalidNextToken. */
export function decodeToken(token: string, fingerprint: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (parsed && typeof parsed === 'object' && (parsed as { f?: unknown }).f === fingerprint) return parsed as Record<string, unknown>;
  } catch {
    // Falls through to the error below: garbage and foreign tokens get the same answer.
  }
  throw new AwsError(
    'InvalidNextToken',
    'The NextToken is not valid for this request. Pass the NextToken from the previous response unchanged, with the same other parameters.',
  );
}
