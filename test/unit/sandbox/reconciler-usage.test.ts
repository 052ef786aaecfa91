// Per-task CPU and memory: parsing /proc, summing a process group, and turning samples into AWS/ECS datapoints.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProcStat, parseVmRssBytes, sampleProcessGroups, type UsageSample } from '../../../sandbox/ecs/proc-stats.ts';
import { UsageMeter, usageDatums, type UsageTarget } from '../../../sandbox/ecs/usage-metrics.ts';

/** A /proc/<pid>/stat line: fields after the command start at 3 (state); utime 14, stime 15, starttime 22. */
function statLine(pid: number, comm: string, pgrp: number, utime: number, stime: number, start: number): string {
  const fields = ['S', '1', String(pgrp), String(pgrp), '0', '-1', '4194560', '0', '0', '0', '0', String(utime), String(stime), '0', '0', '20', '0', '1', '0', String(start), '1000', '200'];
  return `${pid} (${comm}) ${fields.join(' ')}\n`;
}

describe('parseProcStat', () => {
  it('reads pgrp, CPU seconds and start time, counting fields from the last parenthesis', () => {
    const stat = parseProcStat(statLine(4242, 'node (worker) x', 4200, 250, 50, 123_456));
    expect(stat).toEqual({ pid: 4242, state: 'S', pgrp: 4200, cpuSeconds: 3, startSeconds: 1234.56 });
  });

  it('parses a real line from this machine when /proc exists', async () => {
    if (process.platform !== 'linux') return;
    const { readFile } = await import('node:fs/promises');
    const stat = parseProcStat(await readFile('/proc/self/stat', 'utf8'));
    expect(stat?.pid).toBe(process.pid);
    expect(stat?.cpuSeconds).toBeGreaterThan(0);
  });

  it('answers undefined for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeUndefined();
    expect(parseProcStat('12 (x) S 1')).toBeUndefined();
  });
});

describe('parseVmRssBytes', () => {
  it('reads VmRSS in kB as bytes, and 0 for a zombie without it', () => {
    expect(parseVmRssBytes('Name:\tnode\nVmPeak:\t 9000 kB\nVmRSS:\t   65536 kB\nThreads:\t7\n')).toBe(65536 * 1024);
    expect(parseVmRssBytes('Name:\tnode\nState:\tZ (zombie)\n')).toBe(0);
  });
});

describe('sampleProcessGroups on a fake /proc', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'firedrill-proc-'));
    const proc = async (pid: number, stat: string, rssKb?: number) => {
      await mkdir(join(root, String(pid)));
      await writeFile(join(root, String(pid), 'stat'), stat);
      await writeFile(join(root, String(pid), 'status'), rssKb === undefined ? 'State:\tZ\n' : `VmRSS:\t${rssKb} kB\n`);
    };
    await mkdir(join(root, 'self'));
    await writeFile(join(root, 'self', 'stat'), statLine(1, 'self', 1, 0, 0, 0));
    await writeFile(join(root, 'uptime'), '5000.25 9000.00\n');
    await proc(100, statLine(100, 'node', 100, 300, 100, 400_000), 80_000); // task leader
    await proc(101, statLine(101, 'esbuild', 100, 50, 50, 400_100), 20_000); // its helper, same group
    await proc(102, statLine(102, 'zombie', 100, 10, 0, 400_200)); // exited helper: CPU counts, no memory
    await proc(200, statLine(200, 'other', 200, 999, 999, 1), 1_000_000); // not ours
    await mkdir(join(root, '300')); // vanished between readdir and read
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('sums CPU and memory over every process of each asked-for group and reports the leader start', async () => {
    if (process.platform !== 'linux') return;
    const sample = await sampleProcessGroups(new Set([100]), root);
    expect(sample?.uptimeSeconds).toBe(5000.25);
    expect(sample?.groups.get(100)).toEqual({ cpuSeconds: 5.1, rssBytes: 100_000 * 1024, leaderStartSeconds: 4000, processes: 3 });
    expect(sample?.groups.has(200)).toBe(false);
  });

  it('answers undefined when asked about no group', async () => {
    expect(await sampleProcessGroups(new Set(), root)).toBeUndefined();
  });
});

describe('UsageMeter', () => {
  const target: UsageTarget = { taskId: 't1', pid: 100, clusterName: 'sandbox', serviceName: 'core-api' };
  const sample = (uptimeSeconds: number, cpuSeconds: number, rssBytes = 256 * 1024 * 1024): UsageSample => ({
    uptimeSeconds,
    groups: new Map([[100, { cpuSeconds, rssBytes, leaderStartSeconds: 1000, processes: 1 }]]),
  });

  it('measures the first sample from the task start and later ones from the previous sample', () => {
    const meter = new UsageMeter({ cpuUnits: 1024, memoryMiB: 512 });
    // 4 s of CPU over the 10 s since the leader started: 40 % of 1 vCPU.
    expect(meter.measure([target], sample(1010, 4))).toEqual([{ taskId: 't1', clusterName: 'sandbox', serviceName: 'core-api', cpuPercent: 40, memoryPercent: 50 }]);
    // 9 more CPU seconds in 10 s: 90 %.
    expect(meter.measure([target], sample(1020, 13))[0]?.cpuPercent).toBe(90);
  });

  it('scales CPU to the notional task size and never goes negative when a helper exits', () => {
    const meter = new UsageMeter({ cpuUnits: 512, memoryMiB: 1024 });
    expect(meter.measure([target], sample(1010, 4))[0]).toMatchObject({ cpuPercent: 80, memoryPercent: 25 });
    expect(meter.measure([target], sample(1020, 2))[0]?.cpuPercent).toBe(0);
  });

  it('skips tasks whose group is gone and forgets them', () => {
    const meter = new UsageMeter({ cpuUnits: 1024, memoryMiB: 512 });
    meter.measure([target], sample(1010, 4));
    expect(meter.measure([target], { uptimeSeconds: 1020, groups: new Map() })).toEqual([]);
    // Back again (a new process under the same pid would be a new task id in practice): measured from its start.
    expect(meter.measure([target], sample(1020, 2))[0]?.cpuPercent).toBe(10);
  });

  it('leaves CPU out when no time has passed', () => {
    const meter = new UsageMeter({ cpuUnits: 1024, memoryMiB: 512 });
    meter.measure([target], sample(1010, 4));
    expect(meter.measure([target], sample(1010, 4))[0]?.cpuPercent).toBeUndefined();
  });
});

describe('usageDatums', () => {
  it('sends one high-resolution Percent datum per task and metric with ClusterName and ServiceName', () => {
    const at = new Date('2026-06-01T10:00:00Z');
    const datums = usageDatums(
      [
        { taskId: 'a', clusterName: 'sandbox', serviceName: 'core-api', cpuPercent: 12.5, memoryPercent: 30 },
        { taskId: 'b', clusterName: 'sandbox', serviceName: 'core-api', memoryPercent: 31 },
      ],
      at,
    );
    const dims = [{ Name: 'ClusterName', Value: 'sandbox' }, { Name: 'ServiceName', Value: 'core-api' }];
    expect(datums).toEqual([
      { MetricName: 'CPUUtilization', Value: 12.5, Dimensions: dims, Timestamp: at, Unit: 'Percent', StorageResolution: 1 },
      { MetricName: 'MemoryUtilization', Value: 30, Dimensions: dims, Timestamp: at, Unit: 'Percent', StorageResolution: 1 },
      { MetricName: 'MemoryUtilization', Value: 31, Dimensions: dims, Timestamp: at, Unit: 'Percent', StorageResolution: 1 },
    ]);
  });
});
