// Create the sandbox's alarms (sandbox/alarms.yaml) through the real CloudWatch API, like Terraform would.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CloudWatchClient, PutMetricAlarmCommand, type PutMetricAlarmCommandInput } from '@aws-sdk/client-cloudwatch';
import { parse } from 'yaml';

interface AlarmSpec {
  name: string;
  description: string;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  statistic?: string;
  extendedStatistic?: string;
  period: number;
  evaluationPeriods: number;
  datapointsToAlarm?: number;
  comparison: string;
  threshold: number | string;
  treatMissingData: string;
}

export interface AlarmsFile {
  prefix: string;
  alarms: AlarmSpec[];
}

export const ALARMS_FILE = join(import.meta.dirname, '..', 'alarms.yaml');

export async function readAlarmsFile(file = ALARMS_FILE): Promise<AlarmsFile> {
  return parse(await readFile(file, 'utf8')) as AlarmsFile;
}

/** `{service}` -> vars.service; a placeholder with no value is a bug in alarms.yaml, so it throws. */
function fill(text: string, vars: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = vars[key];
    if (value === undefined) throw new Error(`alarms.yaml: no value for {${key}}`);
    return value;
  });
}

export function alarmInputs(file: AlarmsFile, vars: Record<string, string>): PutMetricAlarmCommandInput[] {
  return file.alarms.map((a) => ({
    AlarmName: `${file.prefix}${a.name}`,
    AlarmDescription: a.description,
    Namespace: a.namespace,
    MetricName: a.metric,
    Dimensions: Object.entries(a.dimensions).map(([Name, value]) => ({ Name, Value: fill(value, vars) })),
    ...(a.extendedStatistic ? { ExtendedStatistic: a.extendedStatistic } : { Statistic: a.statistic as PutMetricAlarmCommandInput['Statistic'] }),
    Period: a.period,
    EvaluationPeriods: a.evaluationPeriods,
    DatapointsToAlarm: a.datapointsToAlarm ?? a.evaluationPeriods,
    ComparisonOperator: a.comparison as PutMetricAlarmCommandInput['ComparisonOperator'],
    Threshold: typeof a.threshold === 'number' ? a.threshold : Number(fill(a.threshold, vars)),
    TreatMissingData: a.treatMissingData,
  }));
}

export async function createAlarms(client: CloudWatchClient, vars: Record<string, string>): Promise<string[]> {
  const inputs = alarmInputs(await readAlarmsFile(), vars);
  for (const input of inputs) await client.send(new PutMetricAlarmCommand(input));
  return inputs.map((i) => i.AlarmName!);
}
