// The load generator's own CPU as numbers: Linux /proc/stat and /proc/loadavg text -> counters -> the share of all
// CPUs that was busy, stolen by the hypervisor or waiting on I/O between two readings. Pure, so the arithmetic is
// tested with recorded text; lib/run/host-probe.ts reads the files on a timer.
import type { HostSample } from '../../assertions/evidence.ts';

/**
 * The aggregate `cpu` line of /proc/stat in clock ticks, summed over every CPU. Columns a kernel does not print
 * (steal before 2.6.11, iowait/irq/softirq before 2.6) read 0. guest and guest_nice are left out: the kernel already
 * counts them in user and nice, and adding them again would count that time twice.
 */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
}

export interface HostReading {
  cpu: CpuTimes;
  /** CPUs the kernel lists (`cpuN` lines): the online CPUs. */
  cpus: number;
}

const COLUMNS = ['user', 'nice', 'system', 'idle', 'iowait', 'irq', 'softirq', 'steal'] as const;

/** /proc/stat text -> the aggregate counters and the CPU count; undefined when the text has no usable `cpu` line. */
export function parseProcStat(text: string): HostReading | undefined {
  const lines = text.split('\n');
  const aggregate = lines.find((l) => /^cpu\s/.test(l));
  if (!aggregate) return undefined;
  const values = aggregate.trim().split(/\s+/).slice(1).map(Number);
  // user, nice, system and idle are in every Linux /proc/stat; without them the line is not what we think it is.
  if (values.length < 4 || values.some((v) => !Number.isFinite(v) || v < 0)) return undefined;
  const cpu = Object.fromEntries(COLUMNS.map((name, i) => [name, values[i] ?? 0])) as unknown as CpuTimes;
  const cpus = lines.filter((l) => /^cpu\d+\s/.test(l)).length;
  return { cpu, cpus: Math.max(1, cpus) };
}

/** The 1-minute load average from /proc/loadavg text; null when unreadable. */
export function parseLoadAvg(text: string): number | null {
  const first = Number(text.trim().split(/\s+/)[0]);
  return text.trim() && Number.isFinite(first) && first >= 0 ? first : null;
}

const total = (c: CpuTimes): number => COLUMNS.reduce((sum, name) => sum + c[name], 0);
const pct = (part: number, whole: number): number => Math.round((1000 * part) / whole) / 10;

/**
 * The sample for the interval between two readings, or undefined when there is none to give: no tick elapsed, or
 * the counters went backwards in total (a reset: a restored VM snapshot, a different host). A single column that
 * moves back a little (iowait does on tickless kernels) counts as 0 for that interval instead of going negative.
 */
export function hostSample(prev: HostReading, next: HostReading, atMs: number, intervalMs: number, load1: number | null): HostSample | undefined {
  if (total(next.cpu) < total(prev.cpu)) return undefined;
  const delta = Object.fromEntries(COLUMNS.map((name) => [name, Math.max(0, next.cpu[name] - prev.cpu[name])])) as unknown as CpuTimes;
  const elapsed = total(delta);
  if (elapsed <= 0) return undefined;
  return {
    atMs,
    intervalMs,
    cpus: next.cpus,
    busyPct: pct(elapsed - delta.idle - delta.iowait, elapsed),
    stealPct: pct(delta.steal, elapsed),
    iowaitPct: pct(delta.iowait, elapsed),
    load1,
  };
}
