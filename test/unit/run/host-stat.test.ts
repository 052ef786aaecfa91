import { describe, expect, it } from 'vitest';
import { hostSample, parseLoadAvg, parseProcStat, type HostReading } from '../../../lib/run/host-stat.ts';

// Recorded from a 2-vCPU VM (the CI runner's shape): aggregate line, one line per CPU, then the other counters.
const STAT = `cpu  1734284 1517 167993 912664 6839 0 20863 129968 0 0
cpu0 867842 680 84694 454358 4334 0 10114 65114 0 0
cpu1 866441 836 83299 458306 2504 0 10748 64853 0 0
intr 23732522 0 0 0
ctxt 61234567
btime 1795300000
processes 27796
procs_running 2
procs_blocked 0
`;

const reading = (user: number, idle: number, iowait: number, steal: number, rest: Partial<Record<'nice' | 'system' | 'irq' | 'softirq', number>> = {}): HostReading => ({
  cpus: 2,
  cpu: { user, nice: rest.nice ?? 0, system: rest.system ?? 0, idle, iowait, irq: rest.irq ?? 0, softirq: rest.softirq ?? 0, steal },
});

describe('parseProcStat', () => {
  it('reads the aggregate cpu line column by column and counts the cpuN lines', () => {
    expect(parseProcStat(STAT)).toEqual({
      cpus: 2,
      cpu: { user: 1734284, nice: 1517, system: 167993, idle: 912664, iowait: 6839, irq: 0, softirq: 20863, steal: 129968 },
    });
  });

  it('reads a kernel without the steal column (before 2.6.11) as no steal, and one with only four columns as no iowait either', () => {
    const seven = parseProcStat('cpu  100 0 50 800 20 3 4\ncpu0 100 0 50 800 20 3 4\n');
    expect(seven?.cpu).toMatchObject({ iowait: 20, irq: 3, softirq: 4, steal: 0 });
    const four = parseProcStat('cpu 100 0 50 800\n');
    expect(four?.cpu).toMatchObject({ user: 100, idle: 800, iowait: 0, steal: 0 });
    // No cpuN lines (some containers hide them): still at least one CPU, never a division by zero later.
    expect(four?.cpus).toBe(1);
  });

  it('leaves guest and guest_nice out, since user and nice already include them', () => {
    const withGuest = parseProcStat('cpu  500 10 50 400 0 0 0 0 300 7\n')!;
    expect(Object.values(withGuest.cpu).reduce((a, b) => a + b, 0)).toBe(960);
  });

  it('gives undefined for text that is not /proc/stat: no cpu line, too few columns, non-numbers', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('intr 1 2 3\nctxt 5\n')).toBeUndefined();
    expect(parseProcStat('cpu 100 0 50\n')).toBeUndefined();
    expect(parseProcStat('cpu 100 zero 50 800\n')).toBeUndefined();
    // cpu0 alone is not the aggregate line.
    expect(parseProcStat('cpu0 1 2 3 4 5 6 7 8\n')).toBeUndefined();
  });
});

describe('parseLoadAvg', () => {
  it('reads the 1-minute figure, and null when the text is not /proc/loadavg', () => {
    expect(parseLoadAvg('2.48 1.73 2.57 2/205 27796\n')).toBe(2.48);
    expect(parseLoadAvg('')).toBeNull();
    expect(parseLoadAvg('busy 1 2')).toBeNull();
  });
});

describe('hostSample', () => {
  it('gives busy (everything but idle and iowait, steal included), steal and iowait as percent of all CPUs over the interval', () => {
    const prev = reading(1000, 1000, 100, 50, { system: 200 });
    // +600 user, +100 system, +150 idle, +50 iowait, +100 steal: 1000 ticks in all.
    const next = reading(1600, 1150, 150, 150, { system: 300 });
    expect(hostSample(prev, next, 5000, 2000, 1.5)).toEqual({ atMs: 5000, intervalMs: 2000, cpus: 2, busyPct: 80, stealPct: 10, iowaitPct: 5, load1: 1.5 });
  });

  it('rounds to one decimal and keeps every figure within 0-100', () => {
    const s = hostSample(reading(0, 0, 0, 0), reading(1, 2, 0, 0), 1, 1, null)!;
    expect(s.busyPct).toBe(33.3);
    const idle = hostSample(reading(0, 0, 0, 0), reading(0, 500, 0, 0), 1, 1, null)!;
    expect([idle.busyPct, idle.stealPct, idle.iowaitPct]).toEqual([0, 0, 0]);
    const stolen = hostSample(reading(0, 0, 0, 0), reading(0, 0, 0, 40), 1, 1, null)!;
    expect([stolen.busyPct, stolen.stealPct]).toEqual([100, 100]);
  });

  it('gives no sample when no tick elapsed between the readings', () => {
    const r = reading(10, 10, 1, 1);
    expect(hostSample(r, r, 1, 1, null)).toBeUndefined();
  });

  it('gives no sample when the counters were reset (the total went backwards)', () => {
    expect(hostSample(reading(5000, 9000, 10, 10), reading(20, 40, 0, 0), 1, 1, null)).toBeUndefined();
  });

  it('counts a single column that went backwards (iowait on tickless kernels) as 0, not negative', () => {
    const s = hostSample(reading(100, 100, 50, 0), reading(200, 200, 45, 0), 1, 1, null)!;
    expect(s).toMatchObject({ busyPct: 50, iowaitPct: 0 });
  });

  it('works on a kernel without the steal column, reading no steal', () => {
    const prev = parseProcStat('cpu 100 0 0 100 0 0 0\n')!;
    const next = parseProcStat('cpu 190 0 0 110 0 0 0\n')!;
    expect(hostSample(prev, next, 1, 1, null)).toMatchObject({ busyPct: 90, stealPct: 0, cpus: 1 });
  });
});
