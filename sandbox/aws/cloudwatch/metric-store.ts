// The sandbox's CloudWatch metric store: raw samples per metric in time slots, with bounded memory.
//
// Layout: metric (namespace, name, dimension set) -> unit -> slots. High-resolution data (StorageResolution 1) is kept
// in 1-second slots for `highResolutionRetentionMs` (3 h, like CloudWatch) and then rolled up into 1-minute slots;
// standard-resolution data goes straight into 1-minute slots. Minute slots live for `retentionMs` (15 days, CloudWatch's
// retention for 1-minute data). Slots keep every distinct raw value with its count, so percentiles stay exact after a
// roll-up. Two caps keep a long-running sandbox from growing without limit: at most `maxMetrics` distinct metrics (a
// put that would exceed it is refused with LimitExceeded, since it usually means an unbounded dimension value), and at
// most `maxStoredValues` distinct (slot, value) entries overall, beyond which the oldest slots are dropped.
import { AwsError } from '../protocol.ts';
import { SampleBucket, periodStatistics, type BucketSnapshot, type PeriodSamples } from './metric-bucket.ts';
import type { Summary } from './statistics.ts';
import type { Datapoint, Dimension, MetricQuery, MetricSource } from './types.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const PRUNE_INTERVAL_MS = 10 * SECOND;
const MAX_EVICTION_ROUNDS = 200;

/** One validated PutMetricData datum (see metric-validation.ts). */
export interface MetricDatumInput {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
  /** Epoch ms. */
  timestamp: number;
  /** "None" when the publisher gave no unit. */
  unit: string;
  storageResolution: 1 | 60;
  /** Raw values (Value is one value); counts default to 1 each. */
  values?: readonly number[];
  counts?: readonly number[];
  statisticSet?: Summary;
}

export interface MetricIdentity {
  namespace: string;
  metricName: string;
  dimensions: Dimension[];
}

/** A metric and time range without the statistic: what the period grouping needs. */
export type SeriesRange = Omit<MetricQuery, 'stat'>;

export interface ListMetricsFilter {
  namespace?: string;
  metricName?: string;
  /** Every filter must match one of the metric's dimensions; a filter without value matches any value. */
  dimensions?: { name: string; value?: string }[];
  /** Epoch ms: only metrics that received a put at or after this time (ListMetrics RecentlyActive). */
  activeSince?: number;
}

export interface MetricStoreOptions {
  maxMetrics?: number;
  maxStoredValues?: number;
  highResolutionRetentionMs?: number;
  retentionMs?: number;
}

export interface MetricStoreSnapshot {
  version: 1;
  series: {
    namespace: string;
    metricName: string;
    dimensions: Dimension[];
    lastPutAt: number;
    units: { unit: string; fine: [number, BucketSnapshot][]; coarse: [number, BucketSnapshot][] }[];
  }[];
}

/** Slots keyed by their start in epoch ms. */
interface Timeline {
  fine: Map<number, SampleBucket>;
  coarse: Map<number, SampleBucket>;
}

interface Series extends MetricIdentity {
  units: Map<string, Timeline>;
  lastPutAt: number;
}

/** CloudWatch treats a metric as its namespace, name and the *set* of dimensions: order does not matter. */
export function metricKey(metric: MetricIdentity): string {
  const dims = [...metric.dimensions].sort((a, b) => (a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0));
  return JSON.stringify([metric.namespace, metric.metricName, ...dims.map((d) => [d.Name, d.Value])]);
}

/**
 * Where a query's first period starts: CloudWatch rounds StartTime down to the minute, or for 1-30 s periods to a
 * multiple of the period. A period-aligned start is therefore kept as is.
 */
export function alignPeriodStart(startMs: number, periodSeconds: number): number {
  const unit = periodSeconds < 60 ? periodSeconds * SECOND : MINUTE;
  return Math.floor(startMs / unit) * unit;
}

export class MetricStore implements MetricSource {
  private readonly series = new Map<string, Series>();
  private readonly maxMetrics: number;
  private readonly maxStoredValues: number;
  private readonly highResolutionRetentionMs: number;
  private readonly retentionMs: number;
  private storedValues = 0;
  private evictedSlots = 0;
  private lastPruneAt = -Infinity;

  constructor(options: MetricStoreOptions = {}) {
    this.maxMetrics = options.maxMetrics ?? 5000;
    this.maxStoredValues = options.maxStoredValues ?? 1_000_000;
    this.highResolutionRetentionMs = options.highResolutionRetentionMs ?? 3 * 60 * MINUTE;
    this.retentionMs = options.retentionMs ?? 15 * 24 * 60 * MINUTE;
  }

  /** Stores validated datums. Throws LimitExceeded (storing nothing) if they would exceed the metric cap. */
  put(datums: readonly MetricDatumInput[], now: number): void {
    const keys = datums.map(metricKey);
    this.ensureRoomFor(keys, now);
    datums.forEach((datum, i) => this.putOne(datum, keys[i] as string, now));
    if (now - this.lastPruneAt >= PRUNE_INTERVAL_MS) this.prune(now);
    if (this.storedValues > this.maxStoredValues) this.evictOldest();
  }

  datapoints(query: MetricQuery): Datapoint[] {
    const out: Datapoint[] = [];
    for (const period of this.periods(query)) {
      const [value] = periodStatistics(period, [query.stat]);
      if (value !== undefined) out.push({ timestamp: period.timestamp, value });
    }
    return out;
  }

  /**
   * The slots of one metric grouped into periods, ascending; only periods holding data. With `splitByUnit` each unit
   * gets its own groups (GetMetricStatistics); otherwise units are combined (GetMetricData, alarms).
   */
  periods(range: SeriesRange, splitByUnit = false): PeriodSamples[] {
    const series = this.series.get(metricKey(range));
    if (!series) return [];
    const periodMs = range.period * SECOND;
    const origin = alignPeriodStart(range.start, range.period);
    const groups = new Map<string, PeriodSamples>();
    for (const [unit, timeline] of series.units) {
      if (range.unit !== undefined && unit !== range.unit) continue;
      for (const slots of [timeline.fine, timeline.coarse]) {
        for (const [slot, bucket] of slots) {
          if (slot < origin || slot >= range.end) continue;
          const timestamp = origin + Math.floor((slot - origin) / periodMs) * periodMs;
          const key = splitByUnit ? `${unit}\u0000${timestamp}` : String(timestamp);
          let group = groups.get(key);
          if (!group) groups.set(key, (group = { timestamp, units: new Set(), buckets: [], ...(splitByUnit ? { unit } : {}) }));
          group.units.add(unit);
          group.buckets.push(bucket);
        }
      }
    }
    return [...groups.values()].sort((a, b) => a.timestamp - b.timestamp || (a.unit ?? '').localeCompare(b.unit ?? ''));
  }

  /** Metrics matching the filter, in a stable order (by namespace, name, dimensions) so callers can paginate. */
  listMetrics(filter: ListMetricsFilter = {}): MetricIdentity[] {
    const matches: [string, Series][] = [];
    for (const entry of this.series) if (matchesFilter(entry[1], filter)) matches.push(entry);
    matches.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return matches.map(([, s]) => ({ namespace: s.namespace, metricName: s.metricName, dimensions: s.dimensions.map((d) => ({ ...d })) }));
  }

  /** Rolls expired 1-second slots into minutes and drops expired minutes. put() calls it every 10 s of clock time. */
  prune(now: number): void {
    this.lastPruneAt = now;
    const fineCutoff = now - this.highResolutionRetentionMs;
    const cutoff = now - this.retentionMs;
    for (const timeline of this.timelines()) {
      for (const [slot, bucket] of timeline.fine) {
        if (slot >= fineCutoff) continue;
        timeline.fine.delete(slot);
        this.storedValues -= bucket.values.size;
        const minute = Math.floor(slot / MINUTE) * MINUTE;
        if (minute >= cutoff) this.storedValues += slotIn(timeline.coarse, minute).merge(bucket);
      }
      this.dropSlots(timeline.coarse, cutoff);
    }
    this.removeEmpty();
  }

  /** Counters for tests and the sandbox status page. */
  stats(): { metrics: number; storedValues: number; evictedSlots: number } {
    return { metrics: this.series.size, storedValues: this.storedValues, evictedSlots: this.evictedSlots };
  }

  snapshot(): MetricStoreSnapshot {
    const series = [...this.series.values()].map((s) => ({
      namespace: s.namespace,
      metricName: s.metricName,
      dimensions: s.dimensions,
      lastPutAt: s.lastPutAt,
      units: [...s.units].map(([unit, t]) => ({ unit, fine: slotsSnapshot(t.fine), coarse: slotsSnapshot(t.coarse) })),
    }));
    return { version: 1, series };
  }

  static restore(snapshot: unknown, options: MetricStoreOptions = {}): MetricStore {
    const snap = snapshot as Partial<MetricStoreSnapshot> | null;
    if (!snap || snap.version !== 1 || !Array.isArray(snap.series)) {
      throw new Error('MetricStore.restore: expected a snapshot from MetricStore.snapshot() (version 1 with a series list)');
    }
    const store = new MetricStore(options);
    for (const s of snap.series) {
      const units = new Map<string, Timeline>();
      for (const u of s.units) {
        const timeline = { fine: restoreSlots(u.fine), coarse: restoreSlots(u.coarse) };
        for (const bucket of [...timeline.fine.values(), ...timeline.coarse.values()]) store.storedValues += bucket.values.size;
        units.set(u.unit, timeline);
      }
      const identity = { namespace: s.namespace, metricName: s.metricName, dimensions: s.dimensions };
      store.series.set(metricKey(identity), { ...identity, units, lastPutAt: s.lastPutAt });
    }
    return store;
  }

  private ensureRoomFor(keys: readonly string[], now: number): void {
    const fresh = new Set(keys.filter((key) => !this.series.has(key)));
    if (fresh.size === 0 || this.series.size + fresh.size <= this.maxMetrics) return;
    this.prune(now);
    if (this.series.size + fresh.size <= this.maxMetrics) return;
    throw new AwsError(
      'LimitExceeded',
      `The sandbox keeps at most ${this.maxMetrics} distinct metrics and holds ${this.series.size}; this request would add ` +
        `${fresh.size} more. A dimension with unbounded values (a request id, a task id) is the usual cause; ` +
        'otherwise raise maxMetrics where the sandbox creates its MetricStore.',
    );
  }

  private putOne(datum: MetricDatumInput, key: string, now: number): void {
    if (datum.timestamp < now - this.retentionMs) return;
    let series = this.series.get(key);
    if (!series) {
      series = { namespace: datum.namespace, metricName: datum.metricName, dimensions: datum.dimensions.map((d) => ({ ...d })), units: new Map(), lastPutAt: now };
      this.series.set(key, series);
    }
    series.lastPutAt = Math.max(series.lastPutAt, now);
    let timeline = series.units.get(datum.unit);
    if (!timeline) series.units.set(datum.unit, (timeline = { fine: new Map(), coarse: new Map() }));
    const fine = datum.storageResolution === 1 && datum.timestamp >= now - this.highResolutionRetentionMs;
    const bucket = fine
      ? slotIn(timeline.fine, Math.floor(datum.timestamp / SECOND) * SECOND)
      : slotIn(timeline.coarse, Math.floor(datum.timestamp / MINUTE) * MINUTE);
    if (datum.statisticSet) this.storedValues += bucket.addStatisticSet(datum.statisticSet);
    datum.values?.forEach((value, i) => {
      this.storedValues += bucket.addValue(value, datum.counts?.[i] ?? 1);
    });
  }

  /** Over the value budget: drop the oldest quarter of the stored time span until back under it. */
  private evictOldest(): void {
    for (let round = 0; round < MAX_EVICTION_ROUNDS && this.storedValues > this.maxStoredValues; round++) {
      let oldest = Infinity;
      let newest = -Infinity;
      for (const timeline of this.timelines()) {
        for (const slot of [...timeline.fine.keys(), ...timeline.coarse.keys()]) {
          oldest = Math.min(oldest, slot);
          newest = Math.max(newest, slot);
        }
      }
      if (oldest === Infinity) return;
      const cutoff = oldest + Math.max(SECOND, (newest - oldest) / 4);
      for (const timeline of this.timelines()) {
        this.evictedSlots += this.dropSlots(timeline.fine, cutoff) + this.dropSlots(timeline.coarse, cutoff);
      }
      this.removeEmpty();
    }
  }

  private removeEmpty(): void {
    for (const [key, series] of this.series) {
      for (const [unit, t] of series.units) if (t.fine.size === 0 && t.coarse.size === 0) series.units.delete(unit);
      if (series.units.size === 0) this.series.delete(key);
    }
  }

  private *timelines(): Iterable<Timeline> {
    for (const series of this.series.values()) yield* series.units.values();
  }

  /** Deletes slots that start before `cutoff`; returns how many. */
  private dropSlots(slots: Map<number, SampleBucket>, cutoff: number): number {
    let dropped = 0;
    for (const [slot, bucket] of slots) {
      if (slot >= cutoff) continue;
      slots.delete(slot);
      this.storedValues -= bucket.values.size;
      dropped++;
    }
    return dropped;
  }
}

function slotIn(slots: Map<number, SampleBucket>, slot: number): SampleBucket {
  let bucket = slots.get(slot);
  if (!bucket) slots.set(slot, (bucket = new SampleBucket()));
  return bucket;
}

function matchesFilter(series: Series, filter: ListMetricsFilter): boolean {
  if (filter.namespace !== undefined && series.namespace !== filter.namespace) return false;
  if (filter.metricName !== undefined && series.metricName !== filter.metricName) return false;
  if (filter.activeSince !== undefined && series.lastPutAt < filter.activeSince) return false;
  return (filter.dimensions ?? []).every((f) => series.dimensions.some((d) => d.Name === f.name && (f.value === undefined || d.Value === f.value)));
}

function slotsSnapshot(slots: Map<number, SampleBucket>): [number, BucketSnapshot][] {
  return [...slots].map(([slot, bucket]) => [slot, bucket.toSnapshot()]);
}

function restoreSlots(slots: [number, BucketSnapshot][]): Map<number, SampleBucket> {
  return new Map(slots.map(([slot, snap]) => [slot, SampleBucket.fromSnapshot(snap)]));
}
