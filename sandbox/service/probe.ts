// Keeps the service's view of the database fresh when traffic is quiet, and answers the deep /health/ready.
// The background probe takes a slot only when one is free, so it never queues behind requests; when the pool is
// busy, the requests themselves prove (or disprove) the database. With the database down it retries every
// PROBE_INTERVAL_MS (and counts each failed connect), never exits: the platform wants 503s, not a crash loop.
import { errorReply } from './errors.ts';
import type { DbHealth } from './health.ts';
import type { InstrumentedPool } from './pool.ts';
import type { Reply } from './routes/route.ts';

export const PROBE_INTERVAL_MS = 2_000;

export class DbProbe {
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    private readonly pool: InstrumentedPool,
    private readonly health: DbHealth,
  ) {}

  start(): void {
    void this.tick();
    this.timer = setInterval(() => void this.tick(), PROBE_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.running || !this.health.needsProbe(PROBE_INTERVAL_MS)) return;
    if (!this.pool.canLendWithoutWaiting() && !this.pool.configurationProblem) return;
    this.running = true;
    try {
      await this.ping(true);
    } catch {
      // Already recorded by the pool observer or below; the next tick retries.
    } finally {
      this.running = false;
    }
  }

  private async ping(probe: boolean): Promise<number> {
    const started = performance.now();
    const client = await this.pool.acquire(probe);
    try {
      await client.query('SELECT 1');
    } catch (err) {
      this.health.failed((err as Error).message);
      this.pool.release(client, err as Error, probe);
      throw err;
    }
    this.pool.release(client, undefined, probe);
    this.health.ok();
    return performance.now() - started;
  }

  /** Deep check: a real round trip through the pool (waits for a slot like a request would). */
  async ready(): Promise<Reply> {
    try {
      const ms = await this.ping(false);
      return { status: 200, body: { status: 'ready', latencyMs: Math.round(ms * 10) / 10 } };
    } catch (err) {
      const reply = errorReply(err);
      return { status: 503, body: reply.body };
    }
  }
}
