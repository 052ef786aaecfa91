import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { AwsError, errorBody, toWire, type RequestContext, type ServiceDefinition } from './protocol.ts';
import { decodeQueryBody, FORM_CONTENT_TYPE, XML_CONTENT_TYPE, xmlError, xmlResponse, type QueryServiceDefinition } from './query-protocol.ts';
import { RequestLog } from './request-log.ts';

const MAX_BODY_BYTES = 2 * 1024 * 1024; // PutMetricData allows 1 MB; leave room for other operations.

/** A JSON-protocol service (routed on X-Amz-Target) or a query-protocol one (form POST, routed on Version=). */
export type AwsService = ServiceDefinition | QueryServiceDefinition;

const isQuery = (s: AwsService): s is QueryServiceDefinition => 'protocol' in s && s.protocol === 'query';

export interface AwsServerOptions {
  services: AwsService[];
  /** Loopback only. Port 0 picks a free one. */
  host?: '127.0.0.1' | '::1';
  port?: number;
  region?: string;
  accountId?: string;
  clock?: () => number;
  requestLog?: RequestLog;
}

export interface AwsServer {
  url: string;
  port: number;
  requestLog: RequestLog;
  close(): Promise<void>;
}

/**
 * One HTTP server for every sandboxed service: JSON-protocol requests are routed on X-Amz-Target like AWS's JSON
 * endpoints, form-encoded query-protocol requests on their Version= (each query service has its own API version),
 * and GET /_sandbox/<service>/<route> serves a query service's sandbox-only reads.
 */
export async function startAwsServer(options: AwsServerOptions): Promise<AwsServer> {
  const byPrefix = new Map(options.services.flatMap((s) => (isQuery(s) ? [] : [[s.targetPrefix, s] as const])));
  const byVersion = new Map(options.services.flatMap((s) => (isQuery(s) ? [[s.version, s] as const] : [])));
  const byName = new Map([...byVersion.values()].map((s) => [s.name, s]));
  const requestLog = options.requestLog ?? new RequestLog();
  const clock = options.clock ?? Date.now;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '000000000000';
  const host = options.host ?? '127.0.0.1';

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // A bug in a handler: answer like AWS's internal error so the SDK retries, and keep serving.
      console.error('sandbox aws: internal error', err);
      if (!res.headersSent) send(res, 500, 'application/x-amz-json-1.1', randomUUID(), errorBody(new AwsError('InternalFailure', 'internal error', 500)));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    if (req.method === 'GET' && (req.url ?? '').startsWith('/_sandbox/')) return sandboxRead(req, res, requestId);
    if (req.method === 'POST' && contentType(req) === FORM_CONTENT_TYPE) return handleQuery(req, res, requestId);
    const target = String(req.headers['x-amz-target'] ?? '');
    const [prefix = '', operation = ''] = target.split('.');
    const service = byPrefix.get(prefix);
    if (req.method !== 'POST' || !service) {
      send(res, 400, 'application/x-amz-json-1.1', requestId, errorBody(new AwsError('UnknownOperationException', `Unknown target ${target || '(none)'}`)));
      return;
    }
    const mutating = service.mutating.has(operation);
    const finish = (status: number, body: string, err?: AwsError) => {
      const headers: Record<string, string> = {};
      if (err && service.awsQueryCompatible) headers['x-amzn-query-error'] = `${err.queryCode};${err.status >= 500 ? 'Receiver' : 'Sender'}`;
      send(res, status, service.contentType, requestId, body, headers);
      requestLog.record({ time: new Date(clock()).toISOString(), service: service.name, operation, mutating, status, ...(err ? { errorCode: err.code } : {}) });
    };
    try {
      const handler = service.operations[operation];
      if (!handler) throw new AwsError('UnknownOperationException', `${service.name} does not support ${operation} in the sandbox`);
      const input = parseJson(await readBody(req));
      const ctx: RequestContext = { requestId, now: clock(), region, accountId };
      const output = await handler(input, ctx);
      finish(200, JSON.stringify(toWire(output ?? {})));
    } catch (err) {
      const awsErr = err instanceof AwsError ? err : internal(err);
      finish(awsErr.status, errorBody(awsErr), awsErr);
    }
  }

  /** The query protocol: Action= names the operation; answers and errors are XML in the service's namespace. */
  async function handleQuery(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    let service: QueryServiceDefinition | undefined;
    let action = '';
    const namespace = () => service?.xmlNamespace ?? 'https://firedrill.dev/sandbox/unknown/';
    const finish = (status: number, body: string, err?: AwsError) => {
      send(res, status, XML_CONTENT_TYPE, requestId, body);
      if (service) requestLog.record({ time: new Date(clock()).toISOString(), service: service.name, operation: action, mutating: service.mutating.has(action), status, ...(err ? { errorCode: err.code } : {}) });
    };
    try {
      const request = decodeQueryBody((await readBody(req)).toString('utf8'));
      action = request.action;
      service = byVersion.get(request.version);
      if (!service) throw new AwsError('InvalidAction', `No sandboxed query-protocol service has API version "${request.version}" (Action ${action || '(none)'}).`);
      const handler = service.operations[action];
      if (!handler) throw new AwsError('InvalidAction', `The action ${action || '(none)'} is not valid for this web service.`);
      const output = await handler(request.input, { requestId, now: clock(), region, accountId });
      finish(200, xmlResponse(action, service.xmlNamespace, requestId, output));
    } catch (err) {
      const awsErr = err instanceof AwsError ? err : internal(err);
      finish(awsErr.status, xmlError(namespace(), requestId, awsErr), awsErr);
    }
  }

  /** GET /_sandbox/<service>/<route>: sandbox-only JSON reads, outside AWS's API and the request log. */
  function sandboxRead(req: IncomingMessage, res: ServerResponse, requestId: string): void {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const [, , name = '', route = ''] = url.pathname.split('/');
    const read = byName.get(name)?.sandboxRoutes?.[route];
    if (!read) {
      send(res, 404, 'application/json', requestId, JSON.stringify({ error: 'not_found', message: `no sandbox route ${url.pathname}` }));
      return;
    }
    send(res, 200, 'application/json', requestId, JSON.stringify(read(url.searchParams)));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '::1' ? '[::1]' : host;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    requestLog,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function internal(err: unknown): AwsError {
  console.error('sandbox aws: handler failed', err);
  return new AwsError('InternalFailure', 'The request processing has failed because of an unknown error.', 500);
}

function contentType(req: IncomingMessage): string {
  return String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new AwsError('RequestEntityTooLarge', 'Request size exceeded the limit.', 413);
    chunks.push(chunk as Buffer);
  }
  let body = Buffer.concat(chunks);
  if (String(req.headers['content-encoding'] ?? '').toLowerCase() === 'gzip') {
    try {
      body = gunzipSync(body);
    } catch {
      throw new AwsError('InvalidParameterValue', 'The request body could not be decompressed (Content-Encoding: gzip).');
    }
  }
  return body;
}

function parseJson(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
    return parsed as Record<string, unknown>;
  } catch {
    throw new AwsError('SerializationException', 'The request body is not a JSON object.');
  }
}

function send(res: ServerResponse, status: number, contentType: string, requestId: string, body: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': contentType, 'x-amzn-requestid': requestId, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}
