import { appendFileSync } from 'node:fs';
import type { HealthSample } from '../../assertions/evidence.ts';

const STATUSES = new Set(['healthy', 'degraded', 'unhealthy']);

/** One GET of the target's shallow health endpoint, classified. Never throws. */
export async function probeHealth(url: string, timeoutMs: number, now = Date.now): Promise<HealthSample> {
  const atMs = now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'firedrill-health-probe' } });
    const body = (await res.json().catch(() => ({}))) as { status?: unknown };
    const stated = typeof body.status === 'string' && STATUSES.has(body.status) ? (body.status as HealthSample['status']) : undefined;
    return { atMs, httpStatus: res.status, status: stated ?? (res.ok ? 'healthy' : 'unhealthy') };
  } catch {
    return { atMs, httpStatus: 0, status: 'unreachable' };
  }
}

/**
 * Samples /health every intervalMs into evidence/health.ndjson for the whole drill. Samples are evidence of what a
 * person polling the endpoint would have seen; the load balancer's own checks are separate.
 */
export function startHealthProbe(url: string, file: string, intervalMs = 1000, onSample?: (s: HealthSample) => void): { stop(): Promise<void>; latest(): HealthSample | undefined } {
  let latest: HealthSample | undefined;
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const tick = () => {
    inFlight = probeHealth(url, Math.min(intervalMs * 2, 5000)).then((sample) => {
      latest = sample;
      appendFileSync(file, `${JSON.stringify(sample)}\n`);
      onSample?.(sample);
    });
  };
  tick();
  const timer = setInterval(() => {
    if (!stopped) tick();
  }, intervalMs);
  return {
    latest: () => latest,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await inFlight;
    },
  };
}
