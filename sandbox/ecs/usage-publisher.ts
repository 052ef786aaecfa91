// Samples the task processes every interval and sends their usage with PutMetricData (the real CloudWatch SDK
// client, or an injected publish function). Best effort: a slow or failing CloudWatch costs datapoints, never tasks.
import { MetricDataSender } from '../metrics/metric-data-sender.ts';
import type { ResolvedMetricsOptions } from './options.ts';
import { procAvailable, sampleProcessGroups } from './proc-stats.ts';
import { UsageMeter, usageDatums, type UsageTarget } from './usage-metrics.ts';

const NAMESPACE = 'AWS/ECS';
const DATUMS_PER_REQUEST = 100;

export class UsagePublisher {
  private readonly sender: MetricDataSender;
  private readonly meter: UsageMeter;
  private readonly timer: NodeJS.Timeout;
  private inFlight: Promise<void> | undefined;

  constructor(
    opts: ResolvedMetricsOptions,
    private readonly targets: () => UsageTarget[],
    log: (line: string) => void,
  ) {
    this.sender = new MetricDataSender(opts, (detail) => log(`reconciler: publishing AWS/ECS usage metrics failed: ${detail}`));
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
    this.sender.destroy();
  }

  private async pass(): Promise<void> {
    try {
      const targets = this.targets();
      const sample = await sampleProcessGroups(new Set(targets.map((t) => t.pid)));
      if (!sample) return;
      const datums = usageDatums(this.meter.measure(targets, sample), new Date());
      for (let i = 0; i < datums.length; i += DATUMS_PER_REQUEST) {
        await this.sender.send({ Namespace: NAMESPACE, MetricData: datums.slice(i, i + DATUMS_PER_REQUEST) });
      }
    } catch (err) {
      this.sender.failed(err);
    }
  }
}
