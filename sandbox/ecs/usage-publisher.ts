// Samples the task processes every interval and sends their usage with PutMetricData (the real CloudWatch SDK
// client, or an injected publish function). Best effort: a slow or failing CloudWatch costs datapoints, never tasks.
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { PublishEcsMetrics, ResolvedMetricsOptions } from './options.ts';
import { procAvailable, sampleProcessGroups } from './proc-stats.ts';
import { UsageMeter, usageDatums, type UsageTarget } from './usage-metrics.ts';

const NAMESPACE = 'AWS/ECS';
const DATUMS_PER_REQUEST = 100;
/** Each request gets at most this (or one interval, if shorter), so a hung endpoint cannot pile passes up. */
const REQUEST_TIMEOUT_MS = 5000;

export class UsagePublisher {
  private readonly publish: PublishEcsMetrics;
  private readonly client: CloudWatchClient | undefined;
  private readonly meter: UsageMeter;
  private readonly timer: NodeJS.Timeout;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly opts: ResolvedMetricsOptions,
    private readonly targets: () => UsageTarget[],
    private readonly log: (line: string) => void,
  ) {
    if (opts.publish) {
      this.publish = opts.publish;
    } else {
      const client = new CloudWatchClient(opts.cloudwatch ?? {});
      this.client = client;
      this.publish = (input, abortSignal) => client.send(new PutMetricDataCommand(input), { abortSignal });
    }
    this.meter = new UsageMeter({ cpuUnits: opts.taskCpuUnits, memoryMiB: opts.taskMemoryMiB });
    if (!procAvailable()) log('reconciler: no /proc on this system; AWS/ECS CPUUtilization and MemoryUtilization are not published');
    this.timer = setInterval(() => void this.tick(), opts.intervalMs);
    this.timer.unref();
  }

  /** One sample-and-publish pass; a pass still running makes this one a no-op rather than a pile-up. */
  tick(): Promise<void> {
    this.inFlight ??= this.pass().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
    this.client?.destroy();
  }

  private async pass(): Promise<void> {
    try {
      const targets = this.targets();
      const sample = await sampleProcessGroups(new Set(targets.map((t) => t.pid)));
      if (!sample) return;
      const datums = usageDatums(this.meter.measure(targets, sample), new Date());
      for (let i = 0; i < datums.length; i += DATUMS_PER_REQUEST) {
        const signal = AbortSignal.timeout(Math.min(this.opts.intervalMs, REQUEST_TIMEOUT_MS));
        await this.publish({ Namespace: NAMESPACE, MetricData: datums.slice(i, i + DATUMS_PER_REQUEST) }, signal);
      }
    } catch (err) {
      this.failed(err);
    }
  }

  private failed(err: unknown): void {
    try {
      if (this.opts.onError) return this.opts.onError(err);
    } catch {
      return;
    }
    this.log(`reconciler: publishing AWS/ECS usage metrics failed: ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
}
