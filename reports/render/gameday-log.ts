// The game-day log: the exercise as it happened, in one time-ordered table. Operator notes sit between the fault
// events and alarm state changes around them, so a reader sees what people noticed next to what the system did.
// Built from report.json alone (notes, faults, alarm transitions), so `firedrill report` rebuilds it.
import { clockAndOffset, epochMs, formatDuration } from '../format.ts';
import type { Report, ReportFault } from '../model.ts';
import type { Cell, Table, Tone } from './document.ts';

interface Entry {
  at: string;
  /** Among entries at the same instant: what the system did first, then what people wrote about it. */
  order: number;
  source: Cell;
  event: Cell;
}

/** Shown on game days (notes taken or faults skipped); a CI run's report stays as short as before. */
export const hasGamedayLog = (report: Report): boolean => report.notes.length > 0 || report.faults.some((f) => f.skipped);

function faultEntries(f: ReportFault): Entry[] {
  const source = `fault ${f.id}`;
  const events: Array<[string | null | undefined, string, Tone | undefined]> = [
    [f.plannedAt, `planned: ${f.action}, hold ${formatDuration(f.plannedHoldSeconds)}`, undefined],
    [f.injectedAt, 'injected', undefined],
    [f.effectiveAt, 'in effect', undefined],
    [f.restoreStartedAt, 'restore started', undefined],
    [f.restoredAt, f.restoreVerified ? 'restored and verified' : 'restored, not verified', f.restoreVerified ? 'pass' : 'fail'],
    [f.skipped?.at, `skipped by the operator: ${f.skipped?.reason ?? ''}`, 'skip'],
  ];
  return events.flatMap(([at, text, tone]) => (at ? [{ at, order: 0, source, event: tone ? { text, tone } : text }] : []));
}

const STATE_TONE: Record<string, Tone> = { ALARM: 'fail', OK: 'pass' };

function alarmEntries(report: Report): Entry[] {
  return report.alarms.flatMap((a) =>
    a.transitions.map((t) => ({ at: t.at, order: 1, source: `alarm ${a.name}`, event: { text: `${t.from} -> ${t.to}`, tone: STATE_TONE[t.to] ?? 'muted' } })),
  );
}

export function gamedayLog(report: Report): Table {
  const notes: Entry[] = report.notes.map((n) => ({ at: n.at, order: 2, source: { text: 'note', tone: 'info' }, event: n.text }));
  const entries = [...report.faults.flatMap(faultEntries), ...alarmEntries(report), ...notes]
    .map((e, i) => ({ e, i, ms: epochMs(e.at) }))
    .sort((x, y) => x.ms - y.ms || x.e.order - y.e.order || x.i - y.i)
    .map(({ e }) => e);
  return { columns: ['Time', 'Source', 'Event'], rows: entries.map((e) => [clockAndOffset(e.at, report.load.start), e.source, e.event]) };
}
