// Sends the recorder's snapshot with PutMetricData on a timer. A failed publish loses that interval's datapoint
// (like an agent that drops on error), is logged at most once a minute, and never takes the service down.
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { NAMESPACE, toMetricData, type MetricsRecorder } from './metrics.ts';

export interface PublisherOptions {
  recorder: MetricsRecorder;
  serviceName: string;
  region: string;
  endpoint: string | undefined;
  intervalMs: number;
  /** The pool level right now, so an interval with no events still reports it. */
  poolLevel: () => { acquired: number; utilizationPct: number };
  log: (line: string) => void;
  clock?: () => number;
}

const LOG_EVERY_MS = 60_000;

export class MetricsPublisher {
  private readonly client: CloudWatchClient;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private lastFailureLog = -Infinity;
  private suppressed = 0;
  private readonly clock: () => number;

  constructor(private readonly opts: PublisherOptions) {
    this.clock = opts.clock ?? Date.now;
    this.client = new CloudWatchClient({
      region: opts.region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      maxAttempts: 2,
      // Bounded so a dead endpoint cannot pile up requests behind the timer.
      requestHandler: { connectionTimeout: 2_000, requestTimeout: Math.min(5_000, opts.intervalMs) },
    });
  }

  start(): void {
    this.timer = setInterval(() => void this.publish(), this.opts.intervalMs);
    this.timer.unref();
  }

  /** Publish what has accumulated now; resolves when sent or failed (never rejects). */
  publish(): Promise<void> {
    const level = this.opts.poolLevel();
    const snapshot = this.opts.recorder.drain(level.acquired, level.utilizationPct);
    const command = new PutMetricDataCommand({
      Namespace: NAMESPACE,
      MetricData: toMetricData(snapshot, this.opts.serviceName, new Date(this.clock())),
    });
    const send = this.client.send(command).then(
      () => undefined,
      (err: unknown) => this.failed(err),
    );
    this.inFlight = Promise.all([this.inFlight, send]).then(() => undefined);
    return send;
  }

  private failed(err: unknown): void {
    const now = this.clock();
    if (now - this.lastFailureLog < LOG_EVERY_MS) {
      this.suppressed += 1;
      return;
    }
    const more = this.suppressed > 0 ? ` (${this.suppressed} more failures since the last message)` : '';
    this.opts.log(`metrics: PutMetricData failed: ${(err as Error).name}: ${(err as Error).message}${more}`);
    this.lastFailureLog = now;
    this.suppressed = 0;
  }

  /** Stop the timer, send the last partial interval, wait for everything in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.publish();
    await this.inFlight;
    this.client.destroy();
  }
}
