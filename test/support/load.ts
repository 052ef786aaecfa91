// A small, bounded load generator for integration tests that need traffic but not k6's evidence: N concurrent
// loops of HTTP requests to a loopback URL, stopped by stop() or after maxMs, whichever comes first.
import { request } from 'node:http';

export interface LoadStats {
  requests: number;
  byStatus: Record<number, number>;
  errors: number;
}

export interface LoadRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

function assertLoopback(base: string): URL {
  const url = new URL(base);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`test load may only target loopback, got ${url.hostname}`);
  return url;
}

export function send(base: string, r: LoadRequest, timeoutMs = 30_000): Promise<{ status: number; body: string }> {
  const url = assertLoopback(base);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: r.path, method: r.method ?? 'GET', headers: { ...(r.body ? { 'content-type': 'application/json' } : {}), ...r.headers }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** Start `concurrency` loops calling `next()` for each request; bounded by maxMs. */
export function startLoad(base: string, concurrency: number, next: (i: number) => LoadRequest, maxMs: number): { stats: LoadStats; stop(): Promise<LoadStats> } {
  const stats: LoadStats = { requests: 0, byStatus: {}, errors: 0 };
  const deadline = Date.now() + maxMs;
  let stopped = false;
  let counter = 0;
  const loop = async () => {
    while (!stopped && Date.now() < deadline) {
      try {
        const { status } = await send(base, next(counter++));
        stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
      } catch {
        stats.errors++;
        await new Promise((r) => setTimeout(r, 50));
      }
      stats.requests++;
    }
  };
  const loops = Array.from({ length: concurrency }, loop);
  return {
    stats,
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
      return stats;
    },
  };
}

/** Poll `check` every intervalMs until it returns a value (not undefined) or timeoutMs passes. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      lastError = err;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? ` (last error: ${(lastError as Error).message})` : ''}`);
}
