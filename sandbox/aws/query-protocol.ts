// The AWS query protocol (awsQuery) as SDK v3 clients speak it for SNS: a form-encoded POST carrying Action= and
// Version=, answered with XML. Handlers are the same `Handler` as for the JSON services; this module turns the
// form into their input object and their output (or AwsError) into the XML the SDK parses.
import type { AwsError, Handler } from './protocol.ts';

export interface QueryServiceDefinition {
  protocol: 'query';
  /** Short name used in logs and the request log: sns. */
  name: string;
  /** The API version every request carries (Version=2010-03-31 for SNS); form requests are routed on it. */
  version: string;
  /** xmlns of every response, from the service model's metadata. */
  xmlNamespace: string;
  operations: Record<string, Handler>;
  mutating: ReadonlySet<string>;
  /**
   * Sandbox-only reads (not AWS APIs) served on GET /_sandbox/<name>/<route>, answered as JSON; tests use them to see
   * what a client sent. They never appear in the request log, so IAM coverage checks see only real API calls.
   */
  sandboxRoutes?: Record<string, (query: URLSearchParams) => unknown>;
}

export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const XML_CONTENT_TYPE = 'text/xml';

export interface QueryRequest {
  action: string;
  version: string;
  input: Record<string, unknown>;
}

/**
 * `Tags.member.1.Key=a` -> `{Tags: [{Key: 'a'}]}`; `Attributes.entry.1.key=k&Attributes.entry.1.value=v` ->
 * `{Attributes: {k: 'v'}}` (maps named Name/Value, like MessageAttributes, too). Scalars stay strings: the query
 * protocol has no types on the wire, so handlers parse numbers and booleans themselves.
 */
export function decodeQueryBody(body: string): QueryRequest {
  const params = new URLSearchParams(body);
  const root: Tree = Object.create(null) as Tree;
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    setPath(root, key.split('.'), value);
  }
  return { action: params.get('Action') ?? '', version: params.get('Version') ?? '', input: normalise(root) as Record<string, unknown> };
}

type Tree = { [key: string]: Tree | string };

function setPath(node: Tree, path: string[], value: string): void {
  const [head, ...rest] = path;
  if (head === undefined || head === '') return;
  if (rest.length === 0) {
    node[head] = value;
    return;
  }
  const child = node[head];
  // A scalar already at a branch point is a malformed request; the later, deeper key wins.
  const next: Tree = typeof child === 'object' ? child : (Object.create(null) as Tree);
  node[head] = next;
  setPath(next, rest, value);
}

function normalise(node: Tree | string): unknown {
  if (typeof node === 'string') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'member') return indexed(node.member).map(normalise);
  if (keys.length === 1 && keys[0] === 'entry') return Object.fromEntries(indexed(node.entry).map(entryPair));
  return Object.fromEntries(keys.map((k) => [k, normalise(node[k]!)]));
}

/** The children `1`, `2`, ... of a list or map node, in index order. */
function indexed(node: Tree | string | undefined): Array<Tree | string> {
  if (node === undefined || typeof node === 'string') return [];
  return Object.entries(node)
    .filter(([k]) => /^\d+$/.test(k))
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, v]) => v);
}

function entryPair(entry: Tree | string): [string, unknown] {
  if (typeof entry === 'string') return ['', entry];
  const key = entry.key ?? entry.Name;
  const value = entry.value ?? entry.Value;
  return [typeof key === 'string' ? key : '', value === undefined ? '' : normalise(value)];
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Output members as elements; lists as <member> items, Dates as ISO 8601. (No modelled output holds a map.) */
function toXml(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => `<member>${toXml(v)}</member>`).join('');
  if (value !== null && typeof value === 'object') {
    return Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `<${k}>${toXml(v)}</${k}>`)
      .join('');
  }
  return escapeXml(String(value));
}

/** `<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata>...`; no Result element for void operations. */
export function xmlResponse(action: string, namespace: string, requestId: string, output: unknown): string {
  const result = output === undefined ? '' : `<${action}Result>${toXml(output)}</${action}Result>`;
  const metadata = `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata>`;
  return `<?xml version="1.0"?>\n<${action}Response xmlns="${namespace}">${result}${metadata}</${action}Response>\n`;
}

/** The query protocol's error document; the SDK maps <Code> to its typed exception (NotFound -> NotFoundException). */
export function xmlError(namespace: string, requestId: string, err: AwsError): string {
  const type = err.status >= 500 ? 'Receiver' : 'Sender';
  const error = `<Error><Type>${type}</Type><Code>${escapeXml(err.queryCode)}</Code><Message>${escapeXml(err.message)}</Message></Error>`;
  return `<?xml version="1.0"?>\n<ErrorResponse xmlns="${namespace}">${error}<RequestId>${requestId}</RequestId></ErrorResponse>\n`;
}
