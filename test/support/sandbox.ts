// Tests that need the living sandbox start it through the real CLI, in a state folder of their own (kept between
// runs so the seeded database is reused), and always stop it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, ECSClient, type Service } from '@aws-sdk/client-ecs';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { projectRoot } from '../../lib/paths.ts';
import { firedrill } from './cli.ts';
import { waitFor } from './load.ts';

export const TEST_STATE_DIR = join(projectRoot, '.firedrill', 'test');

export interface TestSandbox {
  state: { pid: number; lbUrl: string; awsEndpoint: string; dbAdminUrl: string; region: string; requestLog: string; logsDir: string };
  ecs: ECSClient;
  cloudwatch: CloudWatchClient;
  secrets: SecretsManagerClient;
  upOutput: string;
  upMs: number;
}

export const sandboxEnv = { FIREDRILL_STATE_DIR: TEST_STATE_DIR };

export async function sandboxUp(): Promise<TestSandbox> {
  const started = Date.now();
  const up = await firedrill(['sandbox', 'up'], { env: sandboxEnv, timeoutMs: 15 * 60_000 });
  if (up.code !== 0) throw new Error(`sandbox up failed (${up.code}):\n${up.stderr}\n${up.stdout}`);
  const upMs = Date.now() - started;
  const state = JSON.parse(readFileSync(join(TEST_STATE_DIR, 'sandbox', 'state.json'), 'utf8')) as TestSandbox['state'];
  const config = { region: state.region, endpoint: state.awsEndpoint, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } };
  return { state, ecs: new ECSClient(config), cloudwatch: new CloudWatchClient(config), secrets: new SecretsManagerClient(config), upOutput: up.stdout + up.stderr, upMs };
}

export async function sandboxDown(): Promise<void> {
  const down = await firedrill(['sandbox', 'down'], { env: sandboxEnv, timeoutMs: 120_000 });
  if (down.code !== 0) throw new Error(`sandbox down failed (${down.code}):\n${down.stderr}`);
}

export async function describeService(sb: TestSandbox): Promise<Service> {
  const out = await sb.ecs.send(new DescribeServicesCommand({ cluster: 'sandbox', services: ['core-api'] }));
  return out.services![0]!;
}

export async function waitSteady(sb: TestSandbox, timeoutMs = 120_000): Promise<Service> {
  return waitFor(
    'core-api to reach a steady state',
    async () => {
      const svc = await describeService(sb);
      const d = svc.deployments ?? [];
      return d.length === 1 && d[0]!.rolloutState === 'COMPLETED' && svc.runningCount === svc.desiredCount ? svc : undefined;
    },
    timeoutMs,
  );
}

export async function alarmState(sb: TestSandbox, name: string): Promise<string | undefined> {
  const out = await sb.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
  return out.MetricAlarms?.[0]?.StateValue;
}

export async function waitAlarm(sb: TestSandbox, name: string, state: 'ALARM' | 'OK', timeoutMs: number): Promise<number> {
  const started = Date.now();
  await waitFor(`${name} to reach ${state}`, async () => ((await alarmState(sb, name)) === state ? true : undefined), timeoutMs, 1000);
  return Date.now() - started;
}

/** Wait until no sandbox alarm is in ALARM: a drill's preflight refuses to start while one it names is firing. */
export async function waitAllAlarmsQuiet(sb: TestSandbox, timeoutMs = 120_000): Promise<void> {
  await waitFor(
    'every sandbox alarm to leave ALARM',
    async () => {
      const out = await sb.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: 'sandbox-', StateValue: 'ALARM' }));
      return (out.MetricAlarms ?? []).length === 0 ? true : undefined;
    },
    timeoutMs,
    1000,
  );
}

/**
 * For a test file of drills: the sandbox up (steady) before the first test, every alarm quiet before each (preflight
 * refuses a drill while an alarm it names is firing, as an operator would wait), down after the last.
 */
export function useSandboxForDrills(): () => TestSandbox {
  let sb: TestSandbox | undefined;
  beforeAll(async () => {
    sb = await sandboxUp();
    await waitSteady(sb);
  });
  beforeEach(async () => {
    await waitAllAlarmsQuiet(sb!);
  });
  afterAll(async () => {
    await sandboxDown();
  });
  return () => sb!;
}
