// Game-day mode (`firedrill run --interactive`): the live view, a go / skip / abort prompt before each fault, and
// operator notes timestamped into the journal and the report. Built on the same drill as CI runs; only the console
// differs, so what a game day proves is what the gate proves.
import type { FaultRecord } from '../../assertions/evidence.ts';
import { CATEGORIES } from '../../scenarios/lib/slo.ts';
import { scrubLive } from '../../reports/redact.ts';
import type { Aws } from '../aws/index.ts';
import type { Environment, Experiment } from '../experiment/index.ts';
import type { Fault } from '../experiment/model.ts';
import type { JournalWriter } from '../journal/index.ts';
import type { K6Progress } from '../k6/progress.ts';
import type { Decision, DrillConsole, LiveDrill } from '../run/drill-console.ts';
import { watchAlarms, type AlarmWatch } from './alarm-watch.ts';
import { faultBrief } from './fault-brief.ts';
import { readOperator, type InputSource } from './keyboard.ts';
import { liveStep } from './live-timeline.ts';
import { OperatorConsole } from './operator.ts';
import { plainScreen, terminalScreen, type Screen } from './screen.ts';
import { plainLine, renderView, type ClassLatency, type ViewState } from './view.ts';

export interface GameDayOptions {
  experiment: Experiment;
  environment: Environment;
  aws: Aws;
  journal: JournalWriter;
  /** The operator chose to abort (a key, or abort at a fault prompt). */
  onAbort(reason: string): void;
  say(line: string): void;
  stdin?: NodeJS.ReadStream;
  stderr?: NodeJS.WriteStream;
}

const REDRAW_MS = 1000;
const CLASS_WINDOW_MS = 10_000;

/** Notes are free text typed during an incident-like exercise: scrub anything credential-shaped before keeping it. */
export const cleanNote = (text: string): string => scrubLive(text).replace(/\s+/g, ' ').trim();

export function gameDayConsole(o: GameDayOptions): DrillConsole {
  const stderr = o.stderr ?? process.stderr;
  const screen: Screen = stderr.isTTY ? terminalScreen(stderr) : plainScreen(o.say);
  const notes: Array<{ at: string; text: string }> = [];
  let help = false;
  let load: K6Progress | undefined;
  let live: LiveDrill | undefined;
  const operator = new OperatorConsole({
    note(text) {
      const clean = cleanNote(text);
      o.journal.append({ kind: 'note', text: clean });
      const at = new Date().toISOString();
      notes.push({ at, text: clean });
      screen.print(`${at.slice(11, 19)} note: ${clean}`);
    },
    abort(reason) {
      screen.print(`ABORT: ${reason}; stopping the load and restoring every fault`);
      o.onAbort(reason);
    },
    print: (line) => screen.print(line),
    toggleHelp: () => (help = !help),
    changed: () => redraw(),
  });
  // The keyboard first: if the terminal refuses raw mode this throws before any timer exists to keep the process up.
  const input: InputSource = readOperator(o.stdin ?? process.stdin, (i) => operator.handle(i));
  const alarms: AlarmWatch = watchAlarms(o.experiment, o.aws, (c) => screen.print(`${new Date(c.atMs).toISOString().slice(11, 19)} alarm ${c.name}: ${c.from ?? '?'} -> ${c.to}`), (m) => screen.print(m));

  const state = (): ViewState => {
    const now = Date.now();
    const records: readonly FaultRecord[] = live?.records ?? [];
    const lastInEffect = [...records].filter((r) => r.effectiveAtMs !== undefined).sort((a, b) => b.effectiveAtMs! - a.effectiveAtMs!)[0];
    return {
      title: `${o.experiment.name} on ${o.environment.name}`,
      nowMs: now,
      loadStartMs: live?.loadStartMs,
      plannedMs: o.experiment.load.durationMs,
      step: live ? liveStep(records, live.loadStartMs, o.experiment.load.durationMs, now) : undefined,
      load,
      classes: live ? classLatencies(live, now) : [],
      classWindowMs: CLASS_WINDOW_MS,
      alarms: alarms.current(),
      lastFault: lastInEffect ? { id: lastInEffect.id, atMs: lastInEffect.effectiveAtMs! } : undefined,
      health: live?.health(),
      help,
    };
  };
  const redraw = () => {
    const s = state();
    screen.draw([...renderView(s, screen.width), ...operator.promptLines()], plainLine(s));
  };
  const timer = setInterval(redraw, REDRAW_MS);
  screen.print(`game day: ${o.experiment.name} on ${o.environment.name}. Keys: [n] note · [a] abort · [?] help. Each fault waits for your go.`);

  return {
    progress: (p) => (load = p),
    event: (line) => screen.print(line),
    loadStarted: (l) => (live = l),
    decide: (f, deadlineMs, signal) => decideFault({ operator, screen, onAbort: o.onAbort }, f, faultBrief(f, o.experiment, o.environment), deadlineMs, signal),
    notes: () => [...notes],
    done() {
      clearInterval(timer);
      alarms.stop();
      input.stop();
      operator.cancel('skip');
      screen.close();
    },
  };
}

function classLatencies(live: LiveDrill, now: number): ClassLatency[] {
  // The last full seconds: the current one is still filling.
  const end = Math.floor(now / 1000) * 1000 - 1000;
  const window = live.evidence.window(end - CLASS_WINDOW_MS, end);
  return CATEGORIES.map((category) => {
    const s = window.stats({ categories: [category] });
    return { category, p95Ms: s.p95Ms, count: s.count };
  });
}

/** One fault prompt: answered by the operator, or skipped when the deadline passes or the drill is stopping. */
async function decideFault(
  ui: { operator: OperatorConsole; screen: Screen; onAbort(reason: string): void },
  f: Fault,
  brief: string[],
  deadlineMs: number,
  signal: AbortSignal,
): Promise<{ decision: Decision; reason: string }> {
  for (const line of brief) ui.screen.print(line);
  let reason = 'skipped by the operator';
  const expire = (why: string) => {
    reason = why;
    ui.operator.cancel(signal.aborted ? 'abort' : 'skip');
  };
  const timer = setTimeout(() => expire('no answer while its hold still fitted in the load'), Math.max(0, deadlineMs - Date.now()));
  const onAbort = () => expire('the drill is stopping');
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const decision = await ui.operator.decide(f.id, [`fault ${f.id} is due: what it does is printed above`]);
    ui.screen.print(`operator: ${decision} for ${f.id}${decision === 'skip' ? ` (${reason})` : ''}`);
    if (decision === 'abort' && !signal.aborted) ui.onAbort(`aborted by the operator at the prompt for ${f.id}`);
    return { decision, reason: decision === 'abort' ? 'the drill was aborted' : reason };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
}
