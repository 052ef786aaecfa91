// The listener's request path: choose a target, stream the request to it and its response back. Failures the
// balancer itself answers are ELB 5xx, as an ALB reports them: 503 no target to route to (or over capacity),
// 502 the target connection failed or broke, 504 the target said nothing for the idle timeout.
import { request, type Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { endToEndHeaders, forwardedRequestHeaders } from './headers.ts';
import type { LoadBalancerEvent } from './metrics.ts';
import type { TargetGroup, TargetSpec } from './target-group.ts';

export interface ProxyContext {
  group: TargetGroup;
  agent: Agent;
  idleTimeoutMs: number;
  maxInFlight: number;
  listenerPort: () => number;
  record: (event: LoadBalancerEvent) => void;
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function createProxy(ctx: ProxyContext): RequestHandler {
  let inFlight = 0;
  return (req, res) => {
    if (inFlight >= ctx.maxInFlight) {
      ctx.record({ kind: 'rejected' });
      return refuse(req, res, 503);
    }
    const target = ctx.group.pick();
    if (!target) {
      ctx.record({ kind: 'elb-error', status: 503, targetChosen: false });
      return refuse(req, res, 503);
    }
    inFlight++;
    res.once('close', () => inFlight--);
    forward(ctx, req, res, target);
  };
}

function forward(ctx: ProxyContext, req: IncomingMessage, res: ServerResponse, target: TargetSpec): void {
  const started = performance.now();
  let timedOut = false;
  let clientGone = false;
  const upstream = request({
    host: target.host,
    port: target.port,
    method: req.method,
    path: req.url,
    headers: forwardedRequestHeaders(req.headers, { address: req.socket.remoteAddress ?? '', listenerPort: ctx.listenerPort(), now: Date.now() }),
    agent: ctx.agent,
  });
  const release = ctx.group.acquire(target.id, () => upstream.destroy(new Error(`target ${target.id} deregistered: deregistration delay expired`)));

  res.once('close', () => {
    release();
    // Only a client that left early cuts the target request; a finished exchange keeps the pooled connection.
    if (!res.writableFinished) {
      clientGone = true;
      upstream.destroy(new Error('client closed the connection'));
    }
  });
  upstream.setTimeout(ctx.idleTimeoutMs, () => {
    timedOut = true;
    upstream.destroy(new Error(`target ${target.id} idle for ${ctx.idleTimeoutMs} ms`));
  });
  upstream.on('response', (targetRes) => relayResponse(ctx, targetRes, res, started));
  upstream.on('error', () => {
    if (clientGone) return;
    if (res.headersSent) {
      // The target broke mid-body: the client must see a broken response, not a short "complete" one.
      res.destroy();
      return;
    }
    const status = timedOut ? 504 : 502;
    ctx.record({ kind: 'elb-error', status, targetChosen: true });
    sendElbError(res, status);
  });
  req.on('error', () => upstream.destroy(new Error('client request stream failed')));
  req.pipe(upstream);
}

function relayResponse(ctx: ProxyContext, targetRes: IncomingMessage, res: ServerResponse, started: number): void {
  const status = targetRes.statusCode ?? 502;
  ctx.record({ kind: 'target-response', status, responseTimeSeconds: (performance.now() - started) / 1000 });
  res.writeHead(status, targetRes.statusMessage, endToEndHeaders(targetRes.headers));
  targetRes.on('error', () => res.destroy());
  targetRes.on('aborted', () => res.destroy());
  targetRes.pipe(res);
}

/** Answers without a target; the unread request body is drained so the client connection stays usable. */
function refuse(req: IncomingMessage, res: ServerResponse, status: 503): void {
  req.resume();
  sendElbError(res, status);
}

// The titles an ALB puts on its own error pages (they differ from the RFC reason phrases).
const ELB_TITLES = { 502: '502 Bad Gateway', 503: '503 Service Temporarily Unavailable', 504: '504 Gateway Time-out' } as const;

/** The small HTML page and `Server: awselb/2.0` header an ALB answers its own errors with. */
export function sendElbError(res: ServerResponse, status: 502 | 503 | 504): void {
  const title = ELB_TITLES[status];
  const body = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
  res.writeHead(status, { server: 'awselb/2.0', 'content-type': 'text/html', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
