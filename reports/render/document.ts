// What a report says, independent of the format: the headline, the summary, and the sections with their tables and
// lists. Markdown and HTML both render this one model, so they cannot disagree and no layout is written twice.
import { epochMs, formatDuration, formatRps } from '../format.ts';
import type { Report } from '../model.ts';
import { hostSummary } from '../sections/host.ts';
import { gamedayLog, hasGamedayLog } from './gameday-log.ts';
import { alarmTable, baselineTable, capacityTable, criteriaTable, faultTable, loadTable, phaseTable, sloTable, transitionTable } from './tables.ts';

export type Tone = 'pass' | 'fail' | 'warn' | 'info' | 'muted' | 'skip';

/** A table cell: plain text, or text with a tone (PASS/FAIL badges, regressions). */
export type Cell = string | { text: string; tone: Tone };

export interface Table {
  columns: string[];
  rows: Cell[][];
}

export interface ListItem {
  label: string;
  tone: Tone;
  text: string;
  detail?: string;
}

export interface Section {
  id: string;
  title: string;
  intro?: string;
  table?: Table;
  items?: ListItem[];
  /** A numbered list of plain sentences. */
  numbered?: string[];
  /** Raw data for the appendix: folded away by default. */
  appendix?: boolean;
}

export const cellText = (cell: Cell): string => (typeof cell === 'string' ? cell : cell.text);

const VERDICT_WORD: Record<Report['verdict'], string> = { pass: 'PASS', fail: 'FAIL', aborted: 'ABORTED', error: 'ERROR' };
export const verdictTone = (verdict: Report['verdict']): Tone => (verdict === 'pass' ? 'pass' : verdict === 'fail' ? 'fail' : 'warn');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line that tells the on-call engineer everything in ten seconds. Skipped checks count neither way. */
export function headline(report: Report): string {
  const judged = report.checks.filter((c) => !c.skipped);
  const strict = judged.filter((c) => c.strict);
  const failed = strict.filter((c) => !c.ok).length;
  const warnings = judged.filter((c) => !c.strict && !c.ok).length;
  const skipped = report.checks.length - judged.length;
  const tail = `${warnings > 0 ? `, ${plural(warnings, 'warning')}` : ''}${skipped > 0 ? `, ${skipped} skipped` : ''}`;
  const word = VERDICT_WORD[report.verdict];
  if (report.verdict === 'pass') return `${word}: ${report.experiment.name}: ${strict.length} of ${strict.length} strict checks passed${tail}`;
  if (report.verdict === 'fail') return `${word}: ${report.experiment.name}: ${failed} of ${strict.length} strict checks failed${tail}`;
  return `${word}: ${report.experiment.name}: ${report.abortReason ?? (report.verdict === 'aborted' ? 'the drill was stopped' : 'the harness failed')}`;
}

/** Run facts under the headline. */
export function summaryFacts(report: Report): Array<[string, string]> {
  const seconds = (epochMs(report.endedAt) - epochMs(report.startedAt)) / 1000;
  const env = `${report.environment.name}${report.environment.production ? ' (PRODUCTION)' : ''}`;
  return [
    ['Run', report.runId],
    ['Environment', env],
    ['Started', `${report.startedAt} (${formatDuration(seconds)})`],
    ['Exit code', String(report.exitCode)],
    ['Load', `${report.load.requests} requests, ${formatRps(report.load.rps)}, k6 ${report.k6.version}`],
    ...(report.host ? ([['Load generator', loadGenerator(report.host)]] as Array<[string, string]>) : []),
    ...(report.experiment.description ? ([['Experiment', report.experiment.description]] as Array<[string, string]>) : []),
  ];
}

/** The machine that ran k6: its CPU while the load ran, and for how long it was saturated. */
function loadGenerator(host: NonNullable<Report['host']>): string {
  const saturated = host.saturatedSeconds > 0 ? `, saturated for ${formatDuration(host.saturatedSeconds)}` : '';
  return `${hostSummary(host)} (${plural(host.cpus, 'CPU')}, ${plural(host.samples, 'sample')}${saturated})`;
}

const SEVERITY_TONE = { critical: 'fail', warning: 'warn', info: 'info' } as const;

function observationItems(report: Report): ListItem[] {
  return report.observations.map((o) => ({ label: o.severity.toUpperCase(), tone: SEVERITY_TONE[o.severity], text: o.text, detail: `Recommendation: ${o.recommendation}` }));
}

/** Every section in reading order; optional ones only when the report has their data. */
export function reportSections(report: Report): Section[] {
  const sections: Section[] = [
    { id: 'criteria', title: 'Success criteria', table: criteriaTable(report) },
    { id: 'observations', title: 'Observations', items: observationItems(report) },
    ...retrospectiveSection(report),
    { id: 'alarms', title: 'Alarms', intro: 'Time to alarm counts from when the fault took effect; time to recover from its restore.', table: alarmTable(report) },
    { id: 'slos', title: 'SLOs by phase and class', table: sloTable(report) },
    { id: 'load', title: 'Load and latency distribution', table: loadTable(report) },
    { id: 'faults', title: 'Faults (actual timings)', table: faultTable(report) },
    { id: 'phases', title: 'Phases', table: phaseTable(report) },
  ];
  if (report.baseline) {
    const b = report.baseline;
    const intro = `Against run ${b.runId} (${b.experiment}, ${b.startedAt}): ${b.regressions} regression${b.regressions === 1 ? '' : 's'}${b.failOnRegression ? '; regressions fail the drill' : ''}.`;
    sections.push({ id: 'baseline', title: 'Baseline comparison', intro, table: baselineTable(b) });
  }
  if (report.capacity) sections.push({ id: 'capacity', title: 'Capacity', intro: capacityIntro(report.capacity), table: capacityTable(report.capacity) });
  if (hasGamedayLog(report)) sections.push({ id: 'gameday-log', title: 'Game-day log', intro: GAMEDAY_LOG_INTRO, table: gamedayLog(report) });
  sections.push({ id: 'transitions', title: 'Appendix: alarm state changes', table: transitionTable(report), appendix: true });
  return sections;
}

const GAMEDAY_LOG_INTRO = 'Operator notes, fault events and alarm state changes in time order: UTC, with the offset from the load start.';

function retrospectiveSection(report: Report): Section[] {
  const questions = report.retrospective ?? [];
  return questions.length > 0 ? [{ id: 'retrospective', title: 'Questions for the retrospective', intro: 'Generated from the evidence, most important first.', numbered: questions }] : [];
}

function capacityIntro(c: NonNullable<Report['capacity']>): string {
  const parts = [c.scalingTrigger ? `Scaling trigger: ${c.scalingTrigger}.` : '', c.targetCapacity ? `Target capacity: ${c.targetCapacity}.` : ''];
  return parts.filter(Boolean).join(' ') || 'Per load step: request rate, p99, error rate and task CPU.';
}
