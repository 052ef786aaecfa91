// Header rewriting on the way through the balancer: hop-by-hop headers stay on their own connection, and the
// target learns who the client was through the X-Forwarded-* headers an ALB adds.
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';

// RFC 9110 section 7.6.1 connection-specific fields, plus the legacy ones proxies also drop.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade']);

/** Copies end-to-end headers only: the fixed hop-by-hop set and whatever the Connection header names. */
export function endToEndHeaders(headers: IncomingHttpHeaders): OutgoingHttpHeaders {
  const named = String(headers.connection ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || named.includes(name)) continue;
    out[name] = value;
  }
  return out;
}

export interface ClientInfo {
  /** The client's address as the balancer saw it. */
  address: string;
  /** The balancer's listener port. */
  listenerPort: number;
  /** Epoch ms, for the trace id's time field. */
  now: number;
}

/** The request headers sent to a target: end-to-end headers plus X-Forwarded-For/Proto/Port and X-Amzn-Trace-Id. */
export function forwardedRequestHeaders(headers: IncomingHttpHeaders, client: ClientInfo): OutgoingHttpHeaders {
  const out = endToEndHeaders(headers);
  const prior = headers['x-forwarded-for'];
  out['x-forwarded-for'] = prior ? `${String(prior)}, ${client.address}` : client.address;
  out['x-forwarded-proto'] = 'http';
  out['x-forwarded-port'] = String(client.listenerPort);
  if (!headers['x-amzn-trace-id']) out['x-amzn-trace-id'] = traceId(client.now);
  return out;
}

/** X-Ray style id an ALB stamps on requests: Root=1-<epoch seconds, 8 hex>-<96 random bits, 24 hex>. */
export function traceId(now: number): string {
  const seconds = Math.floor(now / 1000).toString(16).padStart(8, '0');
  return `Root=1-${seconds}-${randomBytes(12).toString('hex')}`;
}
