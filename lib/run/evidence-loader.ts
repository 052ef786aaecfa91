// A run directory -> the evidence the assertions judge. Used at the end of a drill and by `firedrill report`, so
// a report rebuilt later judges exactly what the drill judged.
import { existsSync, readFileSync } from 'node:fs';
import type { DrillEvidence, HealthSample, HostSample } from '../../assertions/evidence.ts';
import { HarnessError } from '../errors.ts';
import { EvidenceStore } from '../evidence/store.ts';
import type { AlarmEvidenceFile } from './collect.ts';
import { RUN_RECORD, type RunRecord } from './run-record.ts';
import { openRunDir, type RunDir } from './run-dir.ts';

export const HEALTH_FILE = 'evidence/health.ndjson';
/** The load generator's CPU (lib/run/host-probe.ts); absent in runs recorded before it existed or off Linux. */
export const HOST_FILE = 'evidence/host.ndjson';
export const ALARMS_FILE = 'evidence/alarms.json';
export const LOAD_EVIDENCE_FILE = 'k6/evidence.hlog';

function readJson<T>(runDir: RunDir, name: string): T {
  const file = runDir.file(name);
  if (!existsSync(file)) throw new HarnessError(`${runDir.path}: ${name} is missing; this is not a complete firedrill run directory`);
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

const ndjsonLines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()) : []);

export function readHealth(file: string): HealthSample[] {
  return ndjsonLines(file).map((l) => JSON.parse(l) as HealthSample);
}

const HOST_NUMBERS = ['atMs', 'intervalMs', 'cpus', 'busyPct', 'stealPct', 'iowaitPct'] as const;

function hostLine(line: string): HostSample | undefined {
  try {
    const s = JSON.parse(line) as Record<string, unknown>;
    return HOST_NUMBERS.every((k) => typeof s[k] === 'number' && Number.isFinite(s[k])) ? ({ ...s, load1: typeof s.load1 === 'number' ? s.load1 : null } as HostSample) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Host samples, oldest first. A line that does not parse (the drill killed mid-write) is left out rather than
 * failing the report: these samples are context for the latency figures, never what a check judges.
 */
export function readHost(file: string): HostSample[] {
  return ndjsonLines(file)
    .map(hostLine)
    .filter((s): s is HostSample => s !== undefined)
    .sort((a, b) => a.atMs - b.atMs);
}

export interface LoadedRun {
  record: RunRecord;
  evidence: DrillEvidence;
  /** The k6 evidence, when the load ran. */
  store?: EvidenceStore;
}

export function loadRun(path: string): LoadedRun {
  const runDir = openRunDir(path);
  const record = readJson<RunRecord>(runDir, RUN_RECORD);
  const alarms = existsSync(runDir.file(ALARMS_FILE)) ? readJson<AlarmEvidenceFile>(runDir, ALARMS_FILE) : { alarms: [], scoped: [] };
  const loadFile = runDir.file(LOAD_EVIDENCE_FILE);
  const store = existsSync(loadFile) ? EvidenceStore.load(loadFile) : undefined;
  const evidence: DrillEvidence = {
    experiment: record.experiment,
    loadStartMs: record.loadStartMs,
    loadEndMs: record.loadEndMs,
    endMs: record.endMs,
    outcome: record.outcome,
    ...(record.abortReason ? { abortReason: record.abortReason } : {}),
    faults: record.faults,
    phases: record.phases,
    alarms: alarms.alarms,
    scopedAlarms: alarms.scoped,
    health: readHealth(runDir.file(HEALTH_FILE)),
    host: readHost(runDir.file(HOST_FILE)),
    load: store ?? emptyLoad(),
  };
  return { record, evidence, ...(store ? { store } : {}) };
}

function emptyLoad(): DrillEvidence['load'] {
  const stats = (fromMs: number, toMs: number) => ({ fromMs, toMs, seconds: 0, count: 0, rps: 0, errors: 0, errorRatio: null, minMs: null, meanMs: null, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null, byStatusClass: { '1xx': 0, '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, net: 0 } });
  return { window: (fromMs, toMs) => ({ stats: () => stats(fromMs, toMs), categoryCounts: () => new Map() }) };
}
