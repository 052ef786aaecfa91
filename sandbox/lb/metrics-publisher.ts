// Sends the balancer's metrics with PutMetricData every interval. Publishing is best effort: a failing or slow
// CloudWatch never blocks or breaks proxying; it only costs the datapoints of that interval.
import { MetricDataSender } from '../metrics/metric-data-sender.ts';
import type { ResolvedMetrics } from './options.ts';
import { buildDatums, toRequests, type MetricsWindow } from './metrics.ts';

/** Batches waiting behind a slow publish before new ones are dropped: bounds memory when CloudWatch is down. */
const MAX_QUEUED_BATCHES = 3;
const WARN_EVERY_MS = 60_000;
/** close() sends what is buffered but never holds a shutdown longer than this. */
const CLOSE_GRACE_MS = 5_000;

export interface PublisherStats {
  requestsSent: number;
  requestsFailed: number;
  batchesDropped: number;
}

export class MetricsPublisher {
  readonly stats: PublisherStats = { requestsSent: 0, requestsFailed: 0, batchesDropped: 0 };
  private readonly sender: MetricDataSender;
  private readonly timer: NodeJS.Timeout;
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private lastWarning = 0;

  constructor(
    private readonly opts: ResolvedMetrics,
    private readonly window: MetricsWindow,
    private readonly hostCounts: () => { healthy: number; unhealthy: number },
  ) {
    this.sender = new MetricDataSender(opts, (detail) => this.warn(detail));
    this.timer = setInterval(() => void this.flush(), opts.intervalMs);
    this.timer.unref();
  }

  /** Drains the window now and resolves once this batch (and any before it) has been sent or given up on. */
  flush(): Promise<void> {
    const now = Date.now();
    const datums = buildDatums(this.window.drain(), {
      now,
      loadBalancerDim: this.opts.loadBalancerDim,
      targetGroupDim: this.opts.targetGroupDim,
      hosts: this.hostCounts(),
      publishZeroCounts: this.opts.publishZeroCounts,
    });
    if (this.queued >= MAX_QUEUED_BATCHES) {
      this.stats.batchesDropped++;
      this.sender.failed(new Error(`CloudWatch is not keeping up; dropped ${datums.length} datums`));
      return this.queue;
    }
    this.queued++;
    this.queue = this.queue.then(() => this.send(toRequests(datums))).finally(() => this.queued--);
    return this.queue;
  }

  /** Stops the timer, sends what is buffered, and releases the client. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (grace = setTimeout(resolve, CLOSE_GRACE_MS)))]);
    clearTimeout(grace);
    this.sender.destroy();
  }

  private async send(requests: ReturnType<typeof toRequests>): Promise<void> {
    for (const input of requests) {
      try {
        await this.sender.send(input);
        this.stats.requestsSent++;
      } catch (err) {
        this.stats.requestsFailed++;
        this.sender.failed(err);
      }
    }
  }

  /** Without an onError, failures go to the console at most once a minute: CloudWatch down must not flood it. */
  private warn(detail: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    console.warn(`sandbox lb: publishing ALB metrics failed (further failures silenced for ${WARN_EVERY_MS / 1000} s): ${detail}`);
  }
}
