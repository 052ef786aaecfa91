// The in-progress marker: tags on the ECS service while a drill runs, so people (console, CLI) and other
// firedrill runs can see it. It is also the lock: a second drill on the same service is refused.
import { hostname } from 'node:os';
import { ownerIsDead } from './process.ts';
import { HarnessError } from '../errors.ts';

export const MARKER_TAGS = {
  drill: 'firedrill:drill',
  operator: 'firedrill:operator',
  plannedEnd: 'firedrill:planned-end',
  owner: 'firedrill:owner',
} as const;

export const MARKER_KEYS: string[] = Object.values(MARKER_TAGS);

/** After its planned end, a marker whose owner cannot be checked (another host) counts as stale after this long. */
export const STALE_AFTER_MS = 15 * 60_000;

export interface Marker {
  runId: string;
  operator: string;
  plannedEndAt: string;
  /** `<host>/<pid>` of the harness. */
  owner: string;
}

/** Tag values allow letters, digits, spaces and _ . : / = + - @ (ECS tagging rules). */
function tagSafe(text: string): string {
  return text.replace(/[^\p{L}\p{N} _.:/=+\-@]/gu, '_').slice(0, 256);
}

export function markerTags(m: Marker): Record<string, string> {
  return {
    [MARKER_TAGS.drill]: tagSafe(m.runId),
    [MARKER_TAGS.operator]: tagSafe(m.operator),
    [MARKER_TAGS.plannedEnd]: tagSafe(m.plannedEndAt),
    [MARKER_TAGS.owner]: tagSafe(m.owner),
  };
}

export function ownerTag(pid: number = process.pid, host: string = hostname()): string {
  return `${host}/${pid}`;
}

export function readMarker(tags: Record<string, string>): Marker | undefined {
  const runId = tags[MARKER_TAGS.drill];
  if (!runId) return undefined;
  return { runId, operator: tags[MARKER_TAGS.operator] ?? 'unknown', plannedEndAt: tags[MARKER_TAGS.plannedEnd] ?? '', owner: tags[MARKER_TAGS.owner] ?? '' };
}

/** Stale: its owner is provably dead (same host), or it is long past its planned end. */
export function isStale(m: Marker, now: number = Date.now()): boolean {
  const slash = m.owner.lastIndexOf('/');
  const owner = slash > 0 ? { host: m.owner.slice(0, slash), pid: Number(m.owner.slice(slash + 1)) } : undefined;
  if (owner && Number.isInteger(owner.pid) && ownerIsDead(owner)) return true;
  const end = Date.parse(m.plannedEndAt);
  return Number.isFinite(end) && now > end + STALE_AFTER_MS;
}

/** The refusal a second drill gets, naming the running one. */
/** Another drill holds the environment: a condition of the infrastructure, not bad input, so exit 4 (preflight). */
export function refuseBusy(service: string, m: Marker, now: number = Date.now()): HarnessError {
  const stale = isStale(m, now);
  return new HarnessError(
    `${service} already carries a drill marker: run ${m.runId} by ${m.operator}, planned to end ${m.plannedEndAt || 'at an unknown time'} (owner ${m.owner || 'unknown'})${stale ? '; it looks stale' : ''}`,
    stale ? 'its owner is gone: run "firedrill restore" to undo what it left and clear the marker' : 'wait for that drill to finish, or coordinate with its operator',
  );
}
