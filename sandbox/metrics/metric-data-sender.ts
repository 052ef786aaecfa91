// What the sandbox's periodic PutMetricData publishers (the load balancer's metrics, the ECS tasks' usage) share:
// where a request goes (an injected function, or the real CloudWatch SDK client), how long one may take, and
// where a failure is told. Publishing is best effort: a failure costs datapoints and is reported, never thrown.
import { CloudWatchClient, PutMetricDataCommand, type CloudWatchClientConfig, type PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';

export type PublishMetricData = (input: PutMetricDataCommandInput, signal: AbortSignal) => Promise<unknown>;

/** The publisher options both components resolve: exactly one of `publish` and `cloudwatch` is given. */
export interface MetricDataTarget {
  publish?: PublishMetricData;
  cloudwatch?: CloudWatchClientConfig;
  intervalMs: number;
  onError?: (err: unknown) => void;
}

/** Each request gets at most this (or one interval, if shorter), so a hung endpoint cannot pile requests up. */
const REQUEST_TIMEOUT_MS = 5_000;

export class MetricDataSender {
  private readonly publish: PublishMetricData;
  private readonly client: CloudWatchClient | undefined;

  /** `fallback` tells a failure when the options give no `onError` (a log line, a rate-limited warning). */
  constructor(
    private readonly target: MetricDataTarget,
    private readonly fallback: (detail: string) => void,
  ) {
    if (target.publish) {
      this.publish = target.publish;
    } else {
      const client = new CloudWatchClient(target.cloudwatch ?? {});
      this.client = client;
      this.publish = (input, abortSignal) => client.send(new PutMetricDataCommand(input), { abortSignal });
    }
  }

  /** One PutMetricData request, aborted after REQUEST_TIMEOUT_MS or one interval, whichever is shorter. */
  send(input: PutMetricDataCommandInput): Promise<unknown> {
    return this.publish(input, AbortSignal.timeout(Math.min(this.target.intervalMs, REQUEST_TIMEOUT_MS)));
  }

  /** Tell a failure to `onError`, or else to the fallback. A throwing `onError` must not break the publisher. */
  failed(err: unknown): void {
    try {
      if (this.target.onError) return this.target.onError(err);
    } catch {
      return;
    }
    this.fallback(describeError(err));
  }

  /** Release the SDK client, if this sender made one. */
  destroy(): void {
    this.client?.destroy();
  }
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
