// What the HTML charts draw, prepared here so the browser code only plots: times in epoch seconds on one x range
// for every chart (so cursors line up), SLO lines over the phases they apply to, fault windows and marks, operator
// notes as markers, and the alarm and health lanes as state segments.
import { epochMs } from '../format.ts';
import type { Report, ReportAlarm } from '../model.ts';
import { ALL_REQUESTS, type ReportSeries } from '../series.ts';

/** [from, to, state index] in epoch seconds. */
export type Segment = [number, number, number];

export interface LatencyChart {
  id: string;
  title: string;
  p50: Array<number | null>;
  p95: Array<number | null>;
  p99: Array<number | null>;
  slo: Array<{ label: string; values: Array<number | null> }>;
}

export interface ChartData {
  from: number;
  to: number;
  bucketSeconds: number;
  t: number[];
  rps: number[];
  errorPct: Array<number | null>;
  latency: LatencyChart[];
  faults: Array<{ id: string; injected: number | null; start: number | null; end: number | null; restored: number | null }>;
  /** Game-day notes in time order, drawn as markers whose tooltip is the text (already redacted in the report). */
  notes: Array<{ at: number; text: string }>;
  states: string[];
  alarms: Array<{ name: string; expectation: string; segments: Segment[] }>;
  health: Segment[];
}

const sec = (time: string | null): number | null => (time === null ? null : epochMs(time) / 1000);
const LATENCY_STATS = new Set(['p50', 'p95', 'p99', 'max']);

function sloLines(report: Report, category: string, t: readonly number[]): LatencyChart['slo'] {
  const sloCategory = category === ALL_REQUESTS ? 'all' : category;
  const rows = report.slos.filter((s) => s.category === sloCategory && LATENCY_STATS.has(s.stat) && s.windowStart !== null && s.windowEnd !== null);
  return rows.map((s) => {
    const from = sec(s.windowStart)!;
    const to = sec(s.windowEnd)!;
    return { label: `SLO ${s.stat} ${s.phase} (${s.threshold} ms)`, values: t.map((x) => (x >= from - 1e-9 && x <= to ? s.threshold : null)) };
  });
}

function latencyCharts(report: Report, series: ReportSeries): LatencyChart[] {
  return Object.entries(series.latency).map(([category, l]) => ({
    id: `latency-${category.replace(/[^a-z0-9-]/gi, '_')}`,
    title: category === ALL_REQUESTS ? 'Latency, all requests' : `Latency, ${category}`,
    p50: l.p50,
    p95: l.p95,
    p99: l.p99,
    slo: sloLines(report, category, series.t),
  }));
}

function stateIndex(states: string[], state: string): number {
  const i = states.indexOf(state);
  return i >= 0 ? i : states.push(state) - 1;
}

/** The state before the first change is the preflight state (or where the first change came from). */
function alarmSegments(a: ReportAlarm, from: number, to: number, states: string[]): Segment[] {
  const segments: Segment[] = [];
  let state = a.initialState ?? a.transitions[0]?.from ?? 'UNKNOWN';
  let start = from;
  for (const t of a.transitions) {
    const at = Math.min(to, Math.max(from, sec(t.at)!));
    if (at > start) segments.push([start, at, stateIndex(states, state)]);
    state = t.to;
    start = Math.max(start, at);
  }
  if (to > start) segments.push([start, to, stateIndex(states, state)]);
  return segments;
}

function healthSegments(report: Report, states: string[]): Segment[] {
  const list = report.health.segments;
  return list.map((s, i) => {
    // A run lasts until the next one starts; the last one until the last sample (drawn at least a few px wide).
    const end = list[i + 1] ? sec(list[i + 1]!.start)! : sec(s.end)!;
    return [sec(s.start)!, end, stateIndex(states, s.status)];
  });
}

export function chartData(report: Report, series: ReportSeries): ChartData {
  const from = series.fromMs / 1000;
  const to = series.toMs / 1000;
  const states = ['OK', 'ALARM', 'INSUFFICIENT_DATA', 'healthy', 'degraded', 'unhealthy', 'unreachable'];
  return {
    from,
    to,
    bucketSeconds: series.bucketSeconds,
    t: series.t,
    rps: series.rps,
    errorPct: series.errorRate.map((r) => (r === null ? null : Math.round(r * 1e6) / 1e4)),
    latency: latencyCharts(report, series),
    faults: report.faults.map((f) => {
      const phase = report.phases.find((p) => p.kind === 'fault' && p.faultId === f.id);
      return { id: f.id, injected: sec(f.injectedAt), start: sec(phase?.start ?? f.effectiveAt ?? f.injectedAt), end: sec(phase?.end ?? f.restoredAt), restored: sec(f.restoredAt) };
    }),
    notes: report.notes.map((n) => ({ at: sec(n.at)!, text: n.text })),
    states,
    alarms: report.alarms.map((a) => ({ name: a.name, expectation: a.expectation, segments: alarmSegments(a, from, to, states) })),
    health: healthSegments(report, states),
  };
}
