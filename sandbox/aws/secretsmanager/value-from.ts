// How ECS turns a container's `secrets: [{name, valueFrom}]` into an environment value at task start.
// valueFrom is a secret name, a (partial) secret ARN, or a full ARN followed by `:json-key:version-stage:version-id`
// where empty fields keep their colons (`<arn>:DATABASE_URL::`). The failure reasons follow the ECS agent's
// wording (aws/amazon-ecs-agent asm.go and the stoppedReason texts AWS support articles quote) so the sandbox's
// stopped tasks read like real ones. A reason never contains the secret value, not even a fragment of it.
import { AwsError } from '../protocol.ts';

export type ResolvedSecret = { ok: true; value: string } | { ok: false; reason: string };

export interface SecretReference {
  /** What the agent sends as GetSecretValue's SecretId: the name or the ARN without the suffix fields. */
  secretId: string;
  jsonKey?: string;
  versionStage?: string;
  versionId?: string;
}

/** Prefix of every stoppedReason for a secret ECS could not inject. */
export const SECRET_FAILURE_PREFIX =
  'ResourceInitializationError: unable to pull secrets or registry auth: execution resource retrieval failed: unable to retrieve secret from asm: ';

const RETRIED = 'service call has been retried 1 time(s): ';
const ARN_FIELDS = 7; // arn:aws:secretsmanager:region:account:secret:name-AbCdEf
const ARN_WITH_SUFFIX_FIELDS = 10; // ...:json-key:version-stage:version-id

export function parseValueFrom(valueFrom: string): { ok: true; ref: SecretReference } | { ok: false; reason: string } {
  if (valueFrom === '') return { ok: false, reason: `${SECRET_FAILURE_PREFIX}valueFrom is empty: give the secret's ARN or name.` };
  if (!valueFrom.startsWith('arn:')) return { ok: true, ref: { secretId: valueFrom } };
  const parts = valueFrom.split(':');
  if (parts[2] !== 'secretsmanager' || parts[5] !== 'secret') {
    return { ok: false, reason: `${SECRET_FAILURE_PREFIX}${valueFrom} is not a Secrets Manager secret ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>).` };
  }
  if (parts.length === ARN_FIELDS) return { ok: true, ref: { secretId: valueFrom } };
  if (parts.length !== ARN_WITH_SUFFIX_FIELDS) {
    return {
      ok: false,
      reason:
        `${SECRET_FAILURE_PREFIX}invalid valueFrom ${valueFrom}: after the secret ARN give all three fields ` +
        ':json-key:version-stage:version-id, keeping the colons of empty ones (for example <arn>:DATABASE_URL::).',
    };
  }
  const [jsonKey, versionStage, versionId] = parts.slice(ARN_FIELDS);
  const ref: SecretReference = { secretId: parts.slice(0, ARN_FIELDS).join(':') };
  if (jsonKey) ref.jsonKey = jsonKey;
  if (versionStage) ref.versionStage = versionStage;
  if (versionId) ref.versionId = versionId;
  return { ok: true, ref };
}

/** The part of GetSecretValue the agent needs; throws AwsError like the service does. */
export type FetchSecret = (input: { secretId: string; versionId?: string; versionStage?: string }) => { SecretString?: string };

export function resolveValueFrom(valueFrom: string, fetch: FetchSecret): ResolvedSecret {
  const parsed = parseValueFrom(valueFrom);
  if (!parsed.ok) return parsed;
  const { secretId, jsonKey, versionStage, versionId } = parsed.ref;
  const fetchFailed = (cause: string): ResolvedSecret => ({
    ok: false,
    reason: `${SECRET_FAILURE_PREFIX}${RETRIED}failed to fetch secret ${secretId} from secrets manager: ${cause}`,
  });
  // The agent's SDK validates VersionId's length before calling the service.
  if (versionId !== undefined && (versionId.length < 32 || versionId.length > 64)) {
    return fetchFailed(`InvalidParameter: 1 validation error(s) found. - ${versionId.length < 32 ? 'minimum field size of 32' : 'maximum field size of 64'}, GetSecretValueInput.VersionId.`);
  }
  let secretString: string | undefined;
  try {
    // Neither stage nor version id: GetSecretValue's default, AWSCURRENT.
    secretString = fetch({ secretId, ...(versionId ? { versionId } : {}), ...(versionStage ? { versionStage } : {}) }).SecretString;
  } catch (err) {
    if (err instanceof AwsError) return fetchFailed(`${err.code}: ${err.message}`);
    throw err;
  }
  if (secretString === undefined) {
    return fetchFailed('the secret version holds SecretBinary; ECS injects only SecretString values into environment variables.');
  }
  return jsonKey === undefined ? { ok: true, value: secretString } : pickJsonKey(secretString, jsonKey);
}

function pickJsonKey(secretString: string, jsonKey: string): ResolvedSecret {
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    // The agent surfaces Go's JSON error here, which can quote a character of the value; this says why instead.
    return { ok: false, reason: `${SECRET_FAILURE_PREFIX}${RETRIED}retrieved secret from Secrets Manager is not a JSON object, so json key ${jsonKey} cannot be read` };
  }
  const record = parsed as Record<string, unknown>;
  if (!Object.hasOwn(record, jsonKey)) {
    return { ok: false, reason: `${SECRET_FAILURE_PREFIX}${RETRIED}retrieved secret from Secrets Manager did not contain json key ${jsonKey}` };
  }
  return { ok: true, value: formatJsonValue(record[jsonKey]) };
}

/** The agent formats the key's value with Go's %v: strings as is, numbers and booleans as text, null as <nil>. */
function formatJsonValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null) return '<nil>';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
