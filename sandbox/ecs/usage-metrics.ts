// AWS/ECS CPUUtilization and MemoryUtilization for the sandbox's task processes, the numbers the platform's ECS
// alarms and capacity table read. Each task's usage is a percentage of a notional task size (default 1 vCPU and
// 512 MiB, see README.md), published as one value per task with dimensions ClusterName and ServiceName, so
// Average is the service's utilization and Maximum its hottest task, as ECS service metrics read on AWS.
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import type { UsageSample } from './proc-stats.ts';

export interface UsageTarget {
  taskId: string;
  pid: number;
  clusterName: string;
  serviceName: string;
}

export interface TaskUsage {
  taskId: string;
  clusterName: string;
  serviceName: string;
  /** Undefined when no time has passed since the previous mark. */
  cpuPercent?: number;
  memoryPercent: number;
}

export interface TaskSize {
  cpuUnits: number;
  memoryMiB: number;
}

interface CpuMark {
  cpuSeconds: number;
  atSeconds: number;
}

const CPU_UNITS_PER_VCPU = 1024;
const round2 = (n: number) => Math.round(n * 100) / 100;

/** Turns successive samples into per-task percentages; CPU is averaged over the time since the previous sample. */
export class UsageMeter {
  private readonly marks = new Map<string, CpuMark>();

  constructor(private readonly size: TaskSize) {}

  measure(targets: UsageTarget[], sample: UsageSample): TaskUsage[] {
    const usages: TaskUsage[] = [];
    const seen = new Set<string>();
    for (const target of targets) {
      const group = sample.groups.get(target.pid);
      if (!group) continue;
      seen.add(target.taskId);
      // A task seen for the first time is measured from its own start, so its first value covers its boot too.
      const mark = this.marks.get(target.taskId) ?? { cpuSeconds: 0, atSeconds: group.leaderStartSeconds ?? sample.uptimeSeconds };
      const elapsed = sample.uptimeSeconds - mark.atSeconds;
      const usage: TaskUsage = {
        taskId: target.taskId,
        clusterName: target.clusterName,
        serviceName: target.serviceName,
        memoryPercent: round2((group.rssBytes / (this.size.memoryMiB * 1024 * 1024)) * 100),
      };
      if (elapsed > 0) {
        // A helper process that exited takes its CPU time with it; never report negative use.
        const used = Math.max(0, group.cpuSeconds - mark.cpuSeconds);
        usage.cpuPercent = round2((used / elapsed / (this.size.cpuUnits / CPU_UNITS_PER_VCPU)) * 100);
      }
      this.marks.set(target.taskId, { cpuSeconds: group.cpuSeconds, atSeconds: sample.uptimeSeconds });
      usages.push(usage);
    }
    for (const taskId of this.marks.keys()) if (!seen.has(taskId)) this.marks.delete(taskId);
    return usages;
  }
}

/** One datum per task and metric, high resolution so the sandbox's 10 s alarms can read them. */
export function usageDatums(usages: TaskUsage[], timestamp: Date): MetricDatum[] {
  const datums: MetricDatum[] = [];
  for (const u of usages) {
    const dimensions = [
      { Name: 'ClusterName', Value: u.clusterName },
      { Name: 'ServiceName', Value: u.serviceName },
    ];
    const base = { Dimensions: dimensions, Timestamp: timestamp, Unit: 'Percent' as const, StorageResolution: 1 };
    if (u.cpuPercent !== undefined) datums.push({ MetricName: 'CPUUtilization', Value: u.cpuPercent, ...base });
    datums.push({ MetricName: 'MemoryUtilization', Value: u.memoryPercent, ...base });
  }
  return datums;
}
