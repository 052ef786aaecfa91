// Samples the machine running the drill (k6, and for the sandbox the whole stack) into evidence/host.ndjson, so a
// report can tell "the service got slow" from "the load generator was starved": k6's own guidance is to watch the
// load generator's CPU, because an overloaded one reports latency that is its own.
import { appendFileSync, readFileSync } from 'node:fs';
import type { HostSample } from '../../assertions/evidence.ts';
import { hostSample, parseLoadAvg, parseProcStat, type HostReading } from './host-stat.ts';

/** Where the counters are read from; tests point these elsewhere to see a platform without /proc. */
export interface HostSource {
  stat: string;
  loadavg: string;
}

export const PROC: HostSource = { stat: '/proc/stat', loadavg: '/proc/loadavg' };

export interface HostProbe {
  stop(): Promise<void>;
  latest(): HostSample | undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

const readCpu = (source: HostSource): HostReading | undefined => {
  const text = readText(source.stat);
  return text === undefined ? undefined : parseProcStat(text);
};

/**
 * Every intervalMs, one HostSample for the interval since the previous reading, appended as a line of NDJSON to
 * `file`; stop() adds the interval since the last tick when it is at least a quarter of one, so a short last phase
 * is not left out. Where /proc/stat cannot be read (macOS, Windows) it records nothing. It never throws, not even
 * when the file cannot be written: the drill's verdict does not depend on it.
 */
export function startHostProbe(file: string, intervalMs = 2000, source: HostSource = PROC): HostProbe {
  let prev = readCpu(source);
  let prevAtMs = Date.now();
  let latest: HostSample | undefined;
  const tick = (minIntervalMs: number) => {
    const atMs = Date.now();
    if (!prev || atMs - prevAtMs < minIntervalMs) return;
    const next = readCpu(source);
    if (!next) return;
    const loadText = readText(source.loadavg);
    const sample = hostSample(prev, next, atMs, atMs - prevAtMs, loadText === undefined ? null : parseLoadAvg(loadText));
    prev = next;
    prevAtMs = atMs;
    if (!sample) return;
    latest = sample;
    try {
      appendFileSync(file, `${JSON.stringify(sample)}\n`);
    } catch {
      // A run directory that cannot be written fails the drill elsewhere, with a message; not from a timer here.
    }
  };
  const timer = prev ? setInterval(() => tick(0), intervalMs) : undefined;
  // Never what keeps the process alive: a drill that forgets stop() still exits.
  timer?.unref();
  return {
    latest: () => latest,
    stop: async () => {
      if (!timer) return;
      clearInterval(timer);
      tick(intervalMs / 4);
      prev = undefined;
    },
  };
}
