// Evaluates every metric alarm against the metric store on CloudWatch's schedule and moves alarms between OK, ALARM and
// INSUFFICIENT_DATA. Schedule (user guide, "Evaluating an alarm"): alarms with a 10, 20 or 30 s period are evaluated
// every 10 s, longer ones every minute, each over a sliding window that ends at the evaluation time. Periods of a
// minute or more slide by the minute (the metric store rounds query starts to the minute, as CloudWatch does); 10-30 s
// periods are aligned to a multiple of the period, because that is how high-resolution data is grouped.
import { decideAlarmState, evaluationRange, breaches, type Slot } from './alarm-decision.ts';
import type { AlarmStore } from './alarm-store.ts';
import { alarmStatistic, datapointsToAlarm, treatMissingData, type MetricAlarmRecord, type TreatMissingData } from './alarm-types.ts';
import { stateReason, stateReasonData, type EvaluationOutcome } from './state-reason.ts';
import type { Datapoint, MetricQuery, MetricSource } from './types.ts';

const TEN_SECONDS = 10_000;
const MINUTE = 60_000;

export interface EvaluationSummary {
  /** Alarms evaluated in this tick (alarms not yet due are skipped). */
  evaluated: number;
  /** Alarms whose StateValue changed. */
  transitions: number;
  /** Distinct metric queries made (alarms sharing a metric, statistic and window share one). */
  queries: number;
}

export class Evaluator {
  private timer: NodeJS.Timeout | undefined;
  /** Per alarm, the evaluation tick it was last evaluated at, keyed with its configuration time so edits re-evaluate. */
  private readonly lastTick = new Map<string, { configuredAt: number; tick: number }>();

  constructor(
    private readonly alarms: AlarmStore,
    private readonly metrics: MetricSource,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Evaluate every alarm that is due at `now` (each alarm at most once per 10 s or per minute tick). */
  evaluateAll(now: number = this.clock()): EvaluationSummary {
    const cache = new Map<string, Datapoint[]>();
    const summary: EvaluationSummary = { evaluated: 0, transitions: 0, queries: 0 };
    const seen = new Set<string>();
    for (const alarm of this.alarms.values()) {
      seen.add(alarm.AlarmName);
      const tick = Math.floor(now / cadence(alarm.Period)) * cadence(alarm.Period);
      const last = this.lastTick.get(alarm.AlarmName);
      if (last && last.tick === tick && last.configuredAt === alarm.AlarmConfigurationUpdatedTimestamp) continue;
      this.lastTick.set(alarm.AlarmName, { configuredAt: alarm.AlarmConfigurationUpdatedTimestamp, tick });
      summary.evaluated++;
      if (this.evaluate(alarm, now, cache)) summary.transitions++;
    }
    for (const name of this.lastTick.keys()) if (!seen.has(name)) this.lastTick.delete(name);
    summary.queries = cache.size;
    return summary;
  }

  /** Evaluate one alarm now; returns whether its state changed. */
  evaluate(alarm: MetricAlarmRecord, now: number, cache = new Map<string, Datapoint[]>()): boolean {
    const query = windowQuery(alarm, now);
    const key = `${query.namespace}\u0000${query.metricName}\u0000${JSON.stringify(query.dimensions)}\u0000${query.stat}\u0000${query.unit ?? ''}\u0000${query.period}\u0000${query.start}\u0000${query.end}`;
    let datapoints = cache.get(key);
    if (!datapoints) cache.set(key, (datapoints = this.metrics.datapoints(query)));
    const points = toSlots(datapoints, query);
    const slots: Slot[] = points.map((p) => (p ? breaches(p.value, alarm.ComparisonOperator, alarm.Threshold) : null));
    const decision = decideAlarmState({
      slots,
      evaluationPeriods: alarm.EvaluationPeriods,
      datapointsToAlarm: datapointsToAlarm(alarm),
      treatMissingData: effectiveTreatMissingData(alarm),
    });
    // AWS leaves StateReason as written at the last transition; re-evaluations in the same state change nothing.
    if (decision.state === null || decision.state === alarm.StateValue) return false;
    const outcome: EvaluationOutcome = { alarm, decision, state: decision.state, points, rangeStart: query.start, queryDate: now };
    return this.alarms.setState(alarm.AlarmName, { value: decision.state, reason: stateReason(outcome), reasonData: stateReasonData(outcome) }, now);
  }

  /** Evaluate on a timer aligned to 10 s boundaries of the clock until stop(). The timer does not keep the process alive. */
  start(): void {
    if (this.timer) return;
    const schedule = () => {
      const now = this.clock();
      const delay = Math.max(1, Math.floor(now / TEN_SECONDS) * TEN_SECONDS + TEN_SECONDS - now);
      this.timer = setTimeout(tick, delay);
      this.timer.unref();
    };
    const tick = () => {
      try {
        this.evaluateAll(this.clock());
      } catch (err) {
        // One bad evaluation must not stop alarms for the rest of the sandbox's life; it is a bug worth seeing.
        console.error('sandbox cloudwatch: alarm evaluation failed', err);
      }
      if (this.timer) schedule();
    };
    schedule();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }
}

/** How often an alarm is evaluated: every 10 s for high-resolution periods, every minute otherwise. */
export function cadence(periodSeconds: number): number {
  return periodSeconds < 60 ? TEN_SECONDS : MINUTE;
}

/** The metric query covering an alarm's evaluation range at `now`. */
export function windowQuery(alarm: MetricAlarmRecord, now: number): MetricQuery {
  const periodMs = alarm.Period * 1000;
  const align = alarm.Period < 60 ? periodMs : MINUTE;
  const end = Math.floor(now / align) * align;
  const start = end - evaluationRange(alarm.EvaluationPeriods) * periodMs;
  return {
    namespace: alarm.Namespace,
    metricName: alarm.MetricName,
    dimensions: alarm.Dimensions,
    period: alarm.Period,
    stat: alarmStatistic(alarm),
    start,
    end,
    ...(alarm.Unit ? { unit: alarm.Unit } : {}),
  };
}

/** One entry per period of the range, oldest first; null where the metric has no datapoint. */
function toSlots(datapoints: readonly Datapoint[], query: MetricQuery): (Datapoint | null)[] {
  const periodMs = query.period * 1000;
  const slots: (Datapoint | null)[] = new Array<Datapoint | null>(Math.round((query.end - query.start) / periodMs)).fill(null);
  for (const point of datapoints) {
    const index = Math.floor((point.timestamp - query.start) / periodMs);
    if (index >= 0 && index < slots.length) slots[index] = point;
  }
  return slots;
}

/** The user guide: alarms on AWS/DynamoDB metrics always ignore missing data, whatever TreatMissingData says. */
function effectiveTreatMissingData(alarm: MetricAlarmRecord): TreatMissingData {
  return alarm.Namespace === 'AWS/DynamoDB' ? 'ignore' : treatMissingData(alarm);
}
