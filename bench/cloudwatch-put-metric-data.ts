// PutMetricData throughput of the sandbox CloudWatch through the real SDK client, against a baseline measured in the
// same run on the same in-process server with a PutMetricData handler that does nothing. The ratio shows what the
// validation and the metric store cost on top of HTTP, JSON and the SDK itself.
// Run: npx tsx bench/cloudwatch-put-metric-data.ts   (not part of the test suite)
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from '@aws-sdk/client-cloudwatch';
import { MetricStore } from '../sandbox/aws/cloudwatch/metric-store.ts';
import { METRIC_MUTATING_OPERATIONS, metricOperations } from '../sandbox/aws/cloudwatch/metric-operations.ts';
import type { Handler } from '../sandbox/aws/protocol.ts';
import { startAwsServer } from '../sandbox/aws/server.ts';

const DATUMS_PER_REQUEST = 20;
const VALUES_PER_DATUM = 30;
const CONCURRENCY = 8;
const PHASE_MS = 2_000;
const MAX_REQUESTS_PER_PHASE = 50_000;
// Baseline and store phases alternate so load from elsewhere on the machine hits both alike.
const ROUNDS = 5;

/** One request shaped like the reference API's publisher: latency distributions as Values/Counts, high resolution. */
function request(seq: number): MetricDatum[] {
  return Array.from({ length: DATUMS_PER_REQUEST }, (_, i) => ({
    MetricName: `Latency${i % 10}`,
    Dimensions: [{ Name: 'Service', Value: 'core-api' }, { Name: 'Route', Value: `/v1/r${i % 4}` }],
    Timestamp: new Date(Date.now() - ((seq * 7 + i) % 60) * 1000),
    Values: Array.from({ length: VALUES_PER_DATUM }, (_, v) => ((seq + v * 13 + i) % 500) + 1),
    Counts: Array.from({ length: VALUES_PER_DATUM }, (_, v) => 1 + ((v + seq) % 3)),
    Unit: 'Milliseconds',
    StorageResolution: 1,
  }));
}

async function phase(client: CloudWatchClient): Promise<number> {
  let sent = 0;
  const started = performance.now();
  const deadline = started + PHASE_MS;
  const worker = async () => {
    while (performance.now() < deadline && sent < MAX_REQUESTS_PER_PHASE) {
      const seq = sent++;
      await client.send(new PutMetricDataCommand({ Namespace: 'Bench', MetricData: request(seq) }));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return (sent * DATUMS_PER_REQUEST) / ((performance.now() - started) / 1000);
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function main(): Promise<void> {
  const store = new MetricStore();
  const real = metricOperations(store);
  const noop: Handler = () => ({});
  let active: Handler = noop;
  const server = await startAwsServer({
    services: [{
      name: 'cloudwatch', targetPrefix: 'GraniteServiceVersion20100801', contentType: 'application/x-amz-json-1.0', awsQueryCompatible: true,
      operations: { PutMetricData: (input, ctx) => active(input, ctx) }, mutating: METRIC_MUTATING_OPERATIONS,
    }],
  });
  const client = new CloudWatchClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' } });
  try {
    await phase(client); // warm-up: JIT, sockets
    const baseline: number[] = [];
    const withStore: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      active = noop;
      baseline.push(await phase(client));
      active = real.PutMetricData as Handler;
      withStore.push(await phase(client));
    }
    const b = median(baseline);
    const s = median(withStore);
    const ratios = withStore.map((x, i) => x / (baseline[i] ?? x));
    const direct = directStoreRate();
    console.log(`PutMetricData via SDK, ${DATUMS_PER_REQUEST} datums x ${VALUES_PER_DATUM} values per request, ${CONCURRENCY} in flight, median of ${ROUNDS} x ${PHASE_MS / 1000}s:`);
    console.log(`  baseline (no-op handler): ${b.toFixed(0)} datums/s`);
    console.log(`  sandbox metric store:     ${s.toFixed(0)} datums/s`);
    console.log(`  ratio store/baseline:     ${median(ratios).toFixed(3)} (median of per-round ratios; range ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)})`);
    console.log(`  store.put alone (no HTTP): ${direct.toFixed(0)} datums/s`);
    console.log(`  store after run: ${JSON.stringify(store.stats())}, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    client.destroy();
    await server.close();
  }
}

/** The store's own cost with validation skipped, for scale: same datums, straight into MetricStore.put. */
function directStoreRate(): number {
  const store = new MetricStore();
  const now = Date.now();
  const batches = Array.from({ length: 500 }, (_, seq) =>
    request(seq).map((d) => ({
      namespace: 'Bench', metricName: d.MetricName!, dimensions: d.Dimensions!.map((x) => ({ Name: x.Name!, Value: x.Value! })),
      timestamp: d.Timestamp!.getTime(), unit: 'Milliseconds', storageResolution: 1 as const, values: d.Values!, counts: d.Counts!,
    })),
  );
  const started = performance.now();
  for (const batch of batches) store.put(batch, now);
  return (batches.length * DATUMS_PER_REQUEST) / ((performance.now() - started) / 1000);
}

await main();
