import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';
import { AwsError, errorBody, toWire, type RequestContext, type ServiceDefinition } from './protocol.ts';
import { RequestLog } from './request-log.ts';

const MAX_BODY_BYTES = 2 * 1024 * 1024; // PutMetricData allows 1 MB; leave room for other operations.

export interface AwsServerOptions {
  services: ServiceDefinition[];
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

/** One HTTP server for every sandboxed service, routed on X-Amz-Target like AWS's JSON protocol endpoints. */
export async function startAwsServer(options: AwsServerOptions): Promise<AwsServer> {
  const byPrefix = new Map(options.services.map((s) => [s.targetPrefix, s]));
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
      const input = await readJson(req);
      const ctx: RequestContext = { requestId, now: clock(), region, accountId };
      const output = await handler(input, ctx);
      finish(200, JSON.stringify(toWire(output ?? {})));
    } catch (err) {
      const awsErr = err instanceof AwsError ? err : internal(err);
      finish(awsErr.status, errorBody(awsErr), awsErr);
    }
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

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
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
