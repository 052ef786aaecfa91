// Questions for a game day's retrospective, generated from the report's own figures so that the discussion starts
// from what the evidence shows: each question names the alarm, fault, phase, times and figures it is about. Pure, like
// the observations, and ranked: detection first (alarms late or missing, error bursts no alarm caught), then the
// service (SLO misses, slow recovery), then what surprised (unexpected alarms), then what the drill did not cover.
import { clockAndOffset, epochMs, formatDuration, formatRatio, formatValue, statUnit } from './format.ts';
import type { ReportAlarm, ReportSlo } from './model.ts';
import type { ReportDraft } from './observations.ts';
import type { ErrorSeries } from './series.ts';

/** A retrospective is an hour, not a backlog: the most important questions only. */
export const MAX_QUESTIONS = 8;
/** The platform's 5xx alert level (docs: shared/context/platform.md, "5xx < 0.1 % (alert > 1 %)"). */
export const ERROR_ALERT_RATIO = 0.01;
/** Fewer errors than this in a burst is a stray failure, not something an alarm should catch. */
export const MIN_BURST_ERRORS = 3;
/** Over-threshold buckets this close together are one burst. */
export const BURST_GAP_SECONDS = 10;

type Draft = Omit<ReportDraft, 'retrospective'>;

interface Question {
  /** Lower is asked first. */
  rank: number;
  text: string;
}

const RANK = { missedAlarm: 0, undetectedBurst: 1, stuckRecovery: 2, strictSlo: 3, surprise: 4, skipped: 5, closeCall: 6, optionalSlo: 7 } as const;

export function retrospectiveQuestions(draft: Draft, rates?: ErrorSeries): string[] {
  const skipped = new Set(draft.faults.filter((f) => f.skipped).map((f) => f.id));
  const questions = [
    ...draft.alarms.filter((a) => a.expectation === 'fires' && !(a.after && skipped.has(a.after))).flatMap((a) => [...firing(a), ...recovering(a, draft)]),
    ...(rates ? undetectedBursts(draft, rates) : []),
    ...sloMisses(draft),
    ...draft.alarms.flatMap((a) => surprise(a, draft)),
    ...draft.faults.filter((f) => f.skipped).map((f) => ({ rank: RANK.skipped, text: `fault ${f.id} (${f.action}) was skipped (${f.skipped!.reason}): run it next time?` })),
  ];
  return questions
    .map((q, i) => ({ q, i }))
    .sort((a, b) => a.q.rank - b.q.rank || a.i - b.i)
    .slice(0, MAX_QUESTIONS)
    .map(({ q }) => q.text);
}

const after = (a: ReportAlarm) => a.after ?? 'its fault';

function firing(a: ReportAlarm): Question[] {
  const target = a.alarmTargetSeconds;
  const tta = a.timeToAlarmSeconds;
  const goal = target === null ? '' : ` (target ${formatDuration(target)})`;
  if (!a.exists) return [{ rank: RANK.missedAlarm, text: `alarm ${a.name} does not exist in this environment: should it, and who creates it?` }];
  if (a.firstAlarmAt === null || tta === null) return [{ rank: RANK.missedAlarm, text: `${a.name} never fired after ${after(a)}${goal}: what would have told us, and how soon?` }];
  if (tta < 0 || target === null) return [];
  if (tta > target) return [{ rank: RANK.missedAlarm, text: `${a.name} took ${formatDuration(tta)} to fire after ${after(a)}: is ${formatDuration(target)} the target?` }];
  if (tta > target / 2) return [{ rank: RANK.closeCall, text: `${a.name} took ${formatDuration(tta)} to fire after ${after(a)}, more than half its ${formatDuration(target)} target: is that margin enough?` }];
  return [];
}

function recovering(a: ReportAlarm, draft: Draft): Question[] {
  const restored = draft.faults.find((f) => f.id === a.after)?.restoredAt ?? null;
  const target = a.recoverTargetSeconds;
  const ttr = a.timeToRecoverSeconds;
  if (restored === null || a.firstAlarmAt === null) return [];
  if (a.okAt === null || ttr === null) {
    return [{ rank: RANK.stuckRecovery, text: `${a.name} was still in ALARM when the drill ended, though ${after(a)} was restored at ${clockAndOffset(restored, draft.load.start)}: why did it not clear?` }];
  }
  if (target !== null && ttr > target) {
    return [{ rank: RANK.stuckRecovery, text: `${a.name} took ${formatDuration(ttr)} to recover after ${after(a)} was restored (target ${formatDuration(target)}): what kept it in ALARM?` }];
  }
  if (target === null ? ttr >= 30 : ttr > target / 2) {
    return [{ rank: RANK.closeCall, text: `the ${a.name} alarm took ${formatDuration(ttr)} to recover after the restore of ${after(a)}: is that soon enough to call the all-clear?` }];
  }
  return [];
}

/** Whether the alarm was in ALARM at any instant of [fromMs, toMs]. */
export function inAlarmDuring(a: ReportAlarm, fromMs: number, toMs: number): boolean {
  let state = a.initialState ?? a.transitions[0]?.from ?? 'UNKNOWN';
  for (const t of [...a.transitions].sort((x, y) => x.at.localeCompare(y.at))) {
    const at = epochMs(t.at);
    if (at > toMs) break;
    if (at <= fromMs) state = t.to;
    else if (t.to === 'ALARM') return true;
  }
  return state === 'ALARM';
}

interface Burst {
  fromS: number;
  toS: number;
  peak: number;
  errors: number;
}

/** Runs of load-time buckets whose error rate is over the alert level, merged across short gaps. */
export function errorBursts(rates: ErrorSeries, loadStartMs: number, loadEndMs: number): Burst[] {
  const bursts: Burst[] = [];
  rates.t.forEach((t, i) => {
    const ratio = rates.errorRate[i];
    const outsideLoad = (t + rates.bucketSeconds) * 1000 <= loadStartMs || t * 1000 >= loadEndMs;
    if (ratio === null || ratio === undefined || ratio <= ERROR_ALERT_RATIO || outsideLoad) return;
    const errors = (rates.rps[i] ?? 0) * rates.bucketSeconds * ratio;
    const last = bursts.at(-1);
    if (last && t - last.toS <= BURST_GAP_SECONDS) {
      last.toS = t + rates.bucketSeconds;
      last.peak = Math.max(last.peak, ratio);
      last.errors += errors;
    } else {
      bursts.push({ fromS: t, toS: t + rates.bucketSeconds, peak: ratio, errors });
    }
  });
  return bursts.filter((b) => Math.round(b.errors) >= MIN_BURST_ERRORS);
}

function undetectedBursts(draft: Draft, rates: ErrorSeries): Question[] {
  const bursts = errorBursts(rates, epochMs(draft.load.start), epochMs(draft.load.end));
  const clock = (s: number) => clockAndOffset(new Date(s * 1000).toISOString(), draft.load.start);
  return bursts
    .filter((b) => !draft.alarms.some((a) => inAlarmDuring(a, b.fromS * 1000, b.toS * 1000)))
    .map((b) => ({
      rank: RANK.undetectedBurst,
      text: `no alarm fired for the 5xx burst between ${clock(b.fromS)} and ${clock(b.toS)} (error rate up to ${formatRatio(b.peak)}, about ${Math.round(b.errors)} failed requests): which alarm should have caught it?`,
    }));
}

const PHASE_QUESTION: Record<string, string> = {
  baseline: 'before any fault: is the service healthy enough to drill?',
  fault: 'should it hold under this fault, or is this SLO too strict for it?',
  recovery: 'what slowed the recovery?',
  all: 'in which phase was it lost?',
};

function sloMisses(draft: Draft): Question[] {
  const groups = new Map<string, ReportSlo[]>();
  for (const s of draft.slos.filter((row) => !row.ok && row.samples > 0)) {
    const key = `${s.category}\u0000${s.phase}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  return [...groups.values()].map((rows) => {
    const { category, phase } = rows[0]!;
    const kind = phase === 'all' ? 'all' : (draft.phases.find((p) => p.name === phase)?.kind ?? 'all');
    const figures = rows.map((s) => `${s.stat} ${formatValue(statUnit(s.stat), s.observed)} (SLO ${formatValue(statUnit(s.stat), s.threshold)})`).join(', ');
    const who = category === 'all' ? 'all requests' : category;
    const where = phase === 'all' ? 'over the whole load' : `in ${phase}`;
    return { rank: rows.some((s) => s.strict) ? RANK.strictSlo : RANK.optionalSlo, text: `${who} missed its SLO ${where}: ${figures}; ${PHASE_QUESTION[kind] ?? PHASE_QUESTION.all}` };
  });
}

function surprise(a: ReportAlarm, draft: Draft): Question[] {
  if (a.firstAlarmAt === null) return [];
  const at = clockAndOffset(a.firstAlarmAt, draft.load.start);
  if (a.expectation === 'unexpected') return [{ rank: RANK.surprise, text: `unexpected alarm ${a.name} fired at ${at}: expected or noise?` }];
  if (a.expectation === 'quiet') return [{ rank: RANK.surprise, text: `${a.name} fired at ${at} though it should have stayed quiet: did the fault spill over, or is it too sensitive?` }];
  return [];
}
