import { describe, expect, it } from 'vitest';
import { endToEndHeaders, forwardedRequestHeaders, traceId } from '../../../sandbox/lb/headers.ts';

describe('balancer header rewriting', () => {
  it('drops hop-by-hop headers and the ones Connection names, keeps the rest', () => {
    const out = endToEndHeaders({ connection: 'keep-alive, x-hop', 'keep-alive': 'timeout=5', 'x-hop': '1', 'transfer-encoding': 'chunked', 'x-org-id': '3', host: 'lb' });
    expect(out).toEqual({ 'x-org-id': '3', host: 'lb' });
  });

  it('adds X-Forwarded-For/Proto/Port and appends to an existing X-Forwarded-For', () => {
    const client = { address: '127.0.0.1', listenerPort: 8080, now: Date.UTC(2026, 0, 1) };
    const fresh = forwardedRequestHeaders({ host: 'lb' }, client);
    expect(fresh).toMatchObject({ host: 'lb', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-port': '8080' });
    expect(forwardedRequestHeaders({ 'x-forwarded-for': '10.0.0.1' }, client)['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
  });

  it('stamps an X-Amzn-Trace-Id only when the client sent none', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(traceId(now)).toMatch(new RegExp(`^Root=1-${(now / 1000).toString(16)}-[0-9a-f]{24}$`));
    const kept = forwardedRequestHeaders({ 'x-amzn-trace-id': 'Root=1-abc' }, { address: '::1', listenerPort: 1, now });
    expect(kept['x-amzn-trace-id']).toBe('Root=1-abc');
  });
});
