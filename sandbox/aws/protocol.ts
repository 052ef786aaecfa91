// The AWS JSON wire protocol as the SDK v3 clients speak it (see shared aws-semantics.md, "Wire protocol").
// Handlers work with plain JS values and Date objects; this module turns them into what goes on the wire.

/** An error the SDK turns into its typed exception: `__type` carries the code, HTTP status 400 unless told. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** awsQueryCompatible services (CloudWatch) also send `x-amzn-query-error: <queryCode>;Sender`. */
    readonly queryCode: string = code,
  ) {
    super(message);
    this.name = code;
  }
}

export interface RequestContext {
  requestId: string;
  /** Milliseconds since epoch, from the server's clock (tests drive a manual clock). */
  now: number;
  region: string;
  accountId: string;
}

export type Handler = (input: Record<string, unknown>, ctx: RequestContext) => unknown;

export interface ServiceDefinition {
  /** Short name used in logs and the request log: cloudwatch | ecs | secretsmanager. */
  name: string;
  /** The X-Amz-Target prefix before the dot. */
  targetPrefix: string;
  contentType: 'application/x-amz-json-1.0' | 'application/x-amz-json-1.1';
  awsQueryCompatible: boolean;
  operations: Record<string, Handler>;
  /** Operations that change state; the request log marks them so tests can prove a dry run mutated nothing. */
  mutating: ReadonlySet<string>;
}

/** Epoch seconds with millisecond fraction: the only timestamp form the JS SDK accepts in JSON protocols. */
export function toEpochSeconds(ms: number): number {
  return Math.round(ms) / 1000;
}

/** Replace every Date (deeply) with epoch seconds and drop undefined fields, as AWS omits absent members. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return toEpochSeconds(value.getTime());
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** Timestamps arrive as epoch seconds (number) from the SDK; accept ISO strings too for hand-written clients. */
export function parseTimestamp(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value * 1000;
  if (typeof value === 'string' && value !== '') {
    const asNumber = Number(value);
    if (Number.isFinite(asNumber)) return asNumber * 1000;
    const parsed = Date.parse(value);
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new AwsError('InvalidParameterValue', `The parameter ${field} must be a valid timestamp.`);
}

export function errorBody(err: AwsError): string {
  return JSON.stringify({ __type: err.code, message: err.message });
}
