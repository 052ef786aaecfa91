// The fault timeline: each fault injected at its offset from the ACTUAL load start, held, restored, with the
// actual times recorded. Faults run one at a time (validation guarantees they do not overlap).
import type { FaultRecord } from '../../assertions/evidence.ts';
import type { DrillSession } from '../../chaos/session.ts';
import { formatDuration } from '../experiment/duration.ts';
import type { Fault } from '../experiment/model.ts';
import { redactParams } from '../safety/redact.ts';
import type { DrillConsole } from './drill-console.ts';

export interface TimelineIo {
  say(line: string): void;
  /** Game days: asked before each fault (see DrillConsole.decide). Without it every fault goes ahead. */
  decide?: DrillConsole['decide'];
}

/** A game-day prompt opens this long before the fault is due, so the operator can read what it will do. */
export const PROMPT_LEAD_MS = 15_000;

/** Sleep until `atMs` (epoch) or until the signal aborts; true when the time came. */
export function waitUntil(atMs: number, signal: AbortSignal): Promise<boolean> {
  const delay = atMs - Date.now();
  if (signal.aborted) return Promise.resolve(false);
  if (delay <= 0) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, delay);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export function plannedRecord(f: Fault): FaultRecord {
  return { id: f.id, action: f.action, plannedAtMs: f.atMs, plannedHoldMs: f.holdMs, restoreVerified: false, params: redactParams(f.params) };
}

/**
 * Run every fault against `session`, filling `records` (one per fault, from plannedRecord) as it goes so a live
 * view can follow. The session's close() restores whatever this leaves applied (abort, error), so every path out
 * ends restored.
 */
export async function runFaultTimeline(session: DrillSession, faults: readonly Fault[], records: FaultRecord[], window: { loadStartMs: number; loadEndMs: number }, signal: AbortSignal, io: TimelineIo): Promise<FaultRecord[]> {
  const { loadStartMs, loadEndMs } = window;
  for (const [i, f] of faults.entries()) {
    const record = records[i]!;
    if (io.decide) {
      if (!(await waitUntil(loadStartMs + f.atMs - PROMPT_LEAD_MS, signal))) break;
      // The latest start at which the whole hold still fits in the load.
      const { decision, reason } = await io.decide(f, Math.max(loadStartMs + f.atMs, loadEndMs - f.holdMs), signal);
      if (decision === 'abort' || signal.aborted) break;
      if (decision === 'skip') {
        record.skipped = { atMs: Date.now(), reason };
        io.say(`fault ${f.id}: skipped (${reason})`);
        continue;
      }
    }
    if (!(await waitUntil(loadStartMs + f.atMs, signal))) break;
    io.say(`fault ${f.id}: injecting ${f.action} (${formatDuration(Date.now() - loadStartMs)} into the load)`);
    record.injectedAtMs = Date.now();
    try {
      await session.inject({ id: f.id, action: f.action, params: f.params, holdMs: f.holdMs });
    } catch (err) {
      record.error = (err as Error).message;
      throw err;
    }
    record.effectiveAtMs = Date.now();
    io.say(`fault ${f.id}: in effect after ${formatDuration(record.effectiveAtMs - record.injectedAtMs)}; holding ${formatDuration(f.holdMs)}`);
    // Hold for the planned time once in effect, but never past the end of the load.
    await waitUntil(Math.min(record.effectiveAtMs + f.holdMs, loadEndMs), signal);
    record.restoreStartedAtMs = Date.now();
    io.say(`fault ${f.id}: restoring`);
    const result = await session.restore(f.id);
    record.restoredAtMs = Date.now();
    record.restoreVerified = result?.ok ?? false;
    if (!result?.ok) record.error = result?.error ?? 'restore did not verify';
    io.say(`fault ${f.id}: ${record.restoreVerified ? 'restored and verified' : `RESTORE NOT VERIFIED: ${record.error}`} (${formatDuration(record.restoredAtMs - record.restoreStartedAtMs)})`);
    if (signal.aborted) break;
  }
  return records;
}
