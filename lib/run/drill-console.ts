// What a drill shows while it runs and who answers its questions. The plain console prints events and the k6
// progress line (CI, scripts, anyone without --interactive); the game-day console (lib/gameday) adds the live
// view, per-fault prompts and operator notes.
import type { FaultRecord, HealthSample, LoadEvidence } from '../../assertions/evidence.ts';
import type { Fault } from '../experiment/model.ts';
import { consoleProgress, type K6Progress } from '../k6/progress.ts';

export type Decision = 'go' | 'skip' | 'abort';

/** What a running drill exposes to its console once the load is running. */
export interface LiveDrill {
  loadStartMs: number;
  /** Filled in by the fault timeline as it goes. */
  records: readonly FaultRecord[];
  evidence: LoadEvidence;
  health(): HealthSample | undefined;
}

export interface DrillConsole {
  progress(p: K6Progress): void;
  /** A line that stays: a fault injected, an abort, a settle message. */
  event(line: string): void;
  loadStarted(live: LiveDrill): void;
  /**
   * Asked before each fault (game days only); resolves by `deadlineMs` at the latest (skip, with the reason). An
   * abort decision has already stopped the drill when it resolves.
   */
  decide?(fault: Fault, deadlineMs: number, signal: AbortSignal): Promise<{ decision: Decision; reason: string }>;
  /** Operator notes so far (game days only). */
  notes(): Array<{ at: string; text: string }>;
  done(): void;
}

export function plainConsole(say: (line: string) => void, stream: NodeJS.WriteStream = process.stderr): DrillConsole {
  const progress = consoleProgress(stream);
  return {
    progress: (p) => progress.update(p),
    event(line) {
      // Clear the live progress line first so events do not interleave with it on a terminal.
      if (stream.isTTY) stream.write('\r\x1b[2K');
      say(line);
    },
    loadStarted() {},
    notes: () => [],
    done: () => progress.done(),
  };
}
