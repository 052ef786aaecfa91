// CPU cost of the sandbox's alarm evaluator: 200 alarms over 50 metrics holding three hours of 10-second data, evaluated
// tick by tick over simulated time. Reports the CPU time of the evaluation ticks as a share of one core (target: under
// 2 %) and the ratio to a baseline measured in the same run: the same tick loop over the same store with one alarm.
// Run: npx tsx bench/alarm-evaluator.ts   (not part of the test suite)
import { AlarmStore } from '../sandbox/aws/cloudwatch/alarm-store.ts';
import { validatePutMetricAlarm } from '../sandbox/aws/cloudwatch/alarm-validation.ts';
import { Evaluator } from '../sandbox/aws/cloudwatch/evaluator.ts';
import { MetricStore, type MetricDatumInput } from '../sandbox/aws/cloudwatch/metric-store.ts';

const METRICS = 50;
const ALARMS = 200;
const RESOLUTION_MS = 10_000;
const HISTORY_MS = 3 * 3600 * 1000;
const SIMULATED_MS = 10 * 60 * 1000; // ten minutes of ticks per measurement
const ROUNDS = 3;
const T0 = Date.UTC(2026, 5, 1, 12, 0, 0);

const ALARM_SHAPES = [
  { Statistic: 'Average', Period: 10, EvaluationPeriods: 3, DatapointsToAlarm: 2, Threshold: 60 },
  { Statistic: 'Maximum', Period: 10, EvaluationPeriods: 6, DatapointsToAlarm: 3, Threshold: 95, TreatMissingData: 'breaching' },
  { ExtendedStatistic: 'p99', Period: 60, EvaluationPeriods: 5, DatapointsToAlarm: 3, Threshold: 90 },
  { Statistic: 'Sum', Period: 60, EvaluationPeriods: 3, Threshold: 2_000, TreatMissingData: 'notBreaching' },
];

/** One 10-second datum per metric, shaped like the reference API's latency distributions (values with counts). */
function datum(metric: number, timestamp: number): MetricDatumInput {
  const phase = Math.floor(timestamp / 90_000 + metric) % 4; // drifts in and out of breaching every few minutes
  const base = 20 + phase * 25;
  return {
    namespace: 'CoreAPI',
    metricName: `Metric${metric}`,
    dimensions: [{ Name: 'Service', Value: 'core-api' }],
    timestamp,
    unit: 'Milliseconds',
    storageResolution: 1,
    values: [base, base + 3, base + 7, base + 12, base + 30],
    counts: [40, 30, 15, 10, 5],
  };
}

function fill(store: MetricStore, from: number, to: number): void {
  for (let t = from; t < to; t += RESOLUTION_MS) {
    store.put(
      Array.from({ length: METRICS }, (_, m) => datum(m, t + 1_000)),
      t + RESOLUTION_MS,
    );
  }
}

function alarms(count: number): AlarmStore {
  const store = new AlarmStore();
  for (let i = 0; i < count; i++) {
    const config = validatePutMetricAlarm({
      AlarmName: `bench-${i}`,
      Namespace: 'CoreAPI',
      MetricName: `Metric${i % METRICS}`,
      Dimensions: [{ Name: 'Service', Value: 'core-api' }],
      ComparisonOperator: 'GreaterThanThreshold',
      ...ALARM_SHAPES[Math.floor(i / METRICS) % ALARM_SHAPES.length],
    });
    store.put(config, `arn:aws:cloudwatch:us-east-1:000000000000:alarm:${config.AlarmName}`, T0);
  }
  return store;
}

interface Measurement {
  cpuMs: number;
  ticks: number;
  transitions: number;
  queries: number;
}

/** Ticks every 10 s of simulated time from `start`, feeding new data between ticks; only evaluateAll is timed. */
function measure(metrics: MetricStore, alarmCount: number, start: number): Measurement {
  const evaluator = new Evaluator(alarms(alarmCount), metrics, () => start);
  const result: Measurement = { cpuMs: 0, ticks: 0, transitions: 0, queries: 0 };
  for (let now = start; now < start + SIMULATED_MS; now += RESOLUTION_MS) {
    fill(metrics, now - RESOLUTION_MS, now);
    const before = process.cpuUsage();
    const summary = evaluator.evaluateAll(now);
    const used = process.cpuUsage(before);
    result.cpuMs += (used.user + used.system) / 1000;
    result.ticks++;
    result.transitions += summary.transitions;
    result.queries += summary.queries;
  }
  return result;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function main(): void {
  const metrics = new MetricStore();
  const filledUntil = T0 + HISTORY_MS;
  fill(metrics, T0, filledUntil);
  console.log(`store: ${metrics.stats().metrics} metrics, ${metrics.stats().storedValues} stored values (3 h of 10 s data)`);

  const full: Measurement[] = [];
  const baseline: Measurement[] = [];
  let clock = filledUntil + RESOLUTION_MS;
  // Warm-up round (JIT), then rounds alternating baseline and full load so machine noise hits both alike.
  measure(metrics, ALARMS, clock);
  clock += SIMULATED_MS;
  for (let round = 0; round < ROUNDS; round++) {
    baseline.push(measure(metrics, 1, clock));
    clock += SIMULATED_MS;
    full.push(measure(metrics, ALARMS, clock));
    clock += SIMULATED_MS;
  }

  const fullCpu = median(full.map((m) => m.cpuMs));
  const baseCpu = median(baseline.map((m) => m.cpuMs));
  const ticks = full[0]?.ticks ?? 1;
  const share = (cpuMs: number) => (100 * cpuMs) / SIMULATED_MS;
  console.log(`simulated ${SIMULATED_MS / 60_000} min per round, ${ticks} ticks, median of ${ROUNDS} rounds`);
  console.log(`baseline (1 alarm):   ${(baseCpu / ticks).toFixed(3)} ms CPU per tick = ${share(baseCpu).toFixed(4)} % of one core`);
  console.log(
    `${ALARMS} alarms / ${METRICS} metrics: ${(fullCpu / ticks).toFixed(3)} ms CPU per tick = ${share(fullCpu).toFixed(4)} % of one core ` +
      `(target < 2 %), ${full[0]?.queries ?? 0} metric queries and ${full[0]?.transitions ?? 0} transitions per round`,
  );
  console.log(`ratio to baseline: ${(fullCpu / Math.max(baseCpu, 1e-6)).toFixed(1)}x`);
  process.exitCode = share(fullCpu) < 2 ? 0 : 1;
}

main();
