// Reading an alarm's state at any instant from its evidence: the state at preflight plus its StateUpdate history.
import type { AlarmEvidence, AlarmTransition } from './evidence.ts';

export const ALARM = 'ALARM';
export const OK = 'OK';

/** The state when the evidence starts: preflight's reading, else where the first recorded transition came from. */
export function initialState(alarm: AlarmEvidence): string {
  return alarm.initialState ?? alarm.transitions[0]?.from ?? 'UNKNOWN';
}

/** The state at `atMs`: a transition at exactly `atMs` has already happened. */
export function stateAt(alarm: AlarmEvidence, atMs: number): string {
  let state = initialState(alarm);
  for (const t of alarm.transitions) {
    if (t.atMs > atMs) break;
    state = t.to;
  }
  return state;
}

/** The first transition into `state` in (fromMs, toMs]. */
export function firstInto(alarm: AlarmEvidence, state: string, fromMs: number, toMs: number): AlarmTransition | undefined {
  return alarm.transitions.find((t) => t.to === state && t.atMs > fromMs && t.atMs <= toMs);
}

/**
 * When the alarm entered the state it holds at `atMs`: the latest transition at or before `atMs`, or undefined when it
 * has held that state since the evidence starts.
 */
export function heldSince(alarm: AlarmEvidence, atMs: number): number | undefined {
  let since: number | undefined;
  for (const t of alarm.transitions) {
    if (t.atMs > atMs) break;
    since = t.atMs;
  }
  return since;
}

/** Whether the alarm was in ALARM at any instant of [fromMs, toMs]. */
export function wasInAlarm(alarm: AlarmEvidence, fromMs: number, toMs: number): boolean {
  return stateAt(alarm, fromMs) === ALARM || firstInto(alarm, ALARM, fromMs, toMs) !== undefined;
}
