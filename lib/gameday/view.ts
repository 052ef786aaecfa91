// The game-day view: a few lines that say where the drill is, what the load sees, what the alarms say and what
// /health says. Pure (state in, lines out); screen.ts draws them in place or as plain lines.
import type { HealthSample } from '../../assertions/evidence.ts';
import { formatDuration } from '../experiment/duration.ts';
import { formatClock, type K6Progress } from '../k6/progress.ts';
import type { WatchedAlarm } from './alarm-watch.ts';
import type { LiveStep } from './live-timeline.ts';

export interface ClassLatency {
  category: string;
  p95Ms: number | null;
  count: number;
}

export interface ViewState {
  title: string;
  nowMs: number;
  loadStartMs: number | undefined;
  plannedMs: number;
  step: LiveStep | undefined;
  load: K6Progress | undefined;
  /** p95 per SLO class over the last few seconds. */
  classes: ClassLatency[];
  classWindowMs: number;
  alarms: WatchedAlarm[];
  /** The most recent fault in effect, for "time since the fault". */
  lastFault: { id: string; atMs: number } | undefined;
  health: HealthSample | undefined;
  help: boolean;
}

export const HELP_LINES = [
  'keys:',
  '  n       add a note: type it and press Enter (Esc cancels); it is timestamped into the journal and the report',
  '  a       abort: stop the load, restore every fault, write the report (verdict aborted); asks to confirm',
  '  ?       show or hide this help',
  '  Ctrl-C  abort at once (restores every fault too)',
];

const seconds = (ms: number) => formatDuration(Math.max(0, Math.round(ms / 1000)) * 1000);
const ms = (v: number | null) => (v === null ? '-' : `${v < 10 ? v.toFixed(1) : Math.round(v)} ms`);

function alarmText(a: WatchedAlarm, s: ViewState): string {
  if (a.state !== 'ALARM') return `${a.name} ${a.state}`;
  const f = s.lastFault;
  return f && a.sinceMs >= f.atMs ? `${a.name} ALARM +${seconds(a.sinceMs - f.atMs)} after ${f.id}` : `${a.name} ALARM for ${seconds(s.nowMs - a.sinceMs)}`;
}

/** Items joined with " · ", wrapped onto as many lines as the width needs (each line starts with `label`). */
function wrapped(label: string, items: readonly string[], width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = label;
  for (const item of items) {
    const sep = line === label || line.trim() === '' ? '' : ' · ';
    if (line.length + sep.length + item.length > width && line.trim() !== label.trim()) {
      lines.push(line);
      line = ' '.repeat(label.length) + item;
    } else line += sep + item;
  }
  lines.push(line);
  return lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `${' '.repeat(label.length)}... ${items.length} alarms in all`] : lines;
}

export function renderView(s: ViewState, width: number): string[] {
  const elapsed = s.loadStartMs === undefined ? 'load starting' : `${formatClock(s.nowMs - s.loadStartMs)} / ${formatClock(s.plannedMs)}`;
  const lines = [`firedrill game day · ${s.title} · ${elapsed}`];
  if (s.step) lines.push(`phase   ${s.step.phase} for ${seconds(s.nowMs - s.step.sinceMs)} · next: ${s.step.next}`);
  const l = s.load;
  lines.push(l ? `load    ${l.rps.toFixed(1)} req/s · errors ${l.errorRatio === null ? '-' : `${(l.errorRatio * 100).toFixed(2)}%`} · p95 ${ms(l.p95Ms)} · VUs ${l.vus}/${l.vusMax}` : 'load    waiting for k6');
  if (s.classes.length) lines.push(`p95 ${`${Math.round(s.classWindowMs / 1000)}s`.padEnd(4)}${s.classes.map((c) => `${c.category} ${c.count ? ms(c.p95Ms) : '-'}`).join(' · ')}`);
  lines.push(...wrapped('alarms  ', s.alarms.length ? s.alarms.map((a) => alarmText(a, s)) : ['(reading alarm states)'], width, 4));
  const h = s.health;
  lines.push(`health  ${h ? `${h.status}${h.httpStatus ? ` (HTTP ${h.httpStatus})` : ''}, ${seconds(s.nowMs - h.atMs)} ago` : 'no sample yet'}`);
  lines.push(...(s.help ? HELP_LINES : ['keys    [n] note · [a] abort · [?] help']));
  return lines.map((line) => (line.length > width ? `${line.slice(0, Math.max(10, width - 1))}…` : line));
}

/** The view in one line, for logs: phase, load, firing alarms, health. */
export function plainLine(s: ViewState): string {
  const parts = [`game day ${s.loadStartMs === undefined ? 'load starting' : formatClock(s.nowMs - s.loadStartMs)}`];
  if (s.step) parts.push(`phase ${s.step.phase}`);
  if (s.load) parts.push(`${s.load.rps.toFixed(1)} req/s`, `errors ${s.load.errorRatio === null ? '-' : `${(s.load.errorRatio * 100).toFixed(2)}%`}`, `p95 ${ms(s.load.p95Ms)}`);
  const firing = s.alarms.filter((a) => a.state === 'ALARM').map((a) => a.name);
  parts.push(firing.length ? `ALARM: ${firing.join(', ')}` : 'no alarm firing');
  if (s.health) parts.push(`health ${s.health.status}`);
  return parts.join(' · ');
}
