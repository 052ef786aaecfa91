// Preflight through the CLI against the real sandbox: every reason a drill could not tell cause from coincidence,
// or could not run at all, ends it with exit 4 and a message naming the fix, before the smoke test and before any
// change (the sandbox's request log shows no mutating call from the harness).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DeleteAlarmsCommand, PutMetricAlarmCommand, SetAlarmStateCommand } from '@aws-sdk/client-cloudwatch';
import { ListTagsForResourceCommand, TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-ecs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKER_KEYS, MARKER_TAGS } from '../../../lib/safety/marker.ts';
import { firedrill, hasStackTrace, type CliResult } from '../../support/cli.ts';
import { experimentFile } from '../../support/drills.ts';
import { describeService, sandboxEnv, useSandboxForDrills, type TestSandbox } from '../../support/sandbox.ts';

function experiment(name: string, o: { alarm: string; stopOn?: string }): string {
  return experimentFile(
    name,
    `name: ${name}
load:
  scenario: scenarios/api-mix.ts
  stages: [{duration: 20s, target: 2}]
faults:
  - {id: small-pool, action: shrink-db-pool, at: 5s, hold: 10s, with: {poolMax: 2}}
expect:
  alarms:
    - {name: "${o.alarm}", fires: {within: 60s, after: small-pool}}
${o.stopOn ? `guardrails:\n  stopOn: ["${o.stopOn}"]\n` : ''}`,
  );
}

/** Mutating AWS calls served since line `from` of the sandbox's request log, other than the tasks' own metrics. */
function mutationsSince(sb: TestSandbox, from: number): string[] {
  return readFileSync(sb.state.requestLog, 'utf8')
    .split('\n')
    .filter(Boolean)
    .slice(from)
    .map((l) => JSON.parse(l) as { service: string; operation: string; mutating: boolean })
    .filter((r) => r.mutating && r.operation !== 'PutMetricData')
    .map((r) => `${r.service}:${r.operation}`);
}

const logLines = (sb: TestSandbox) => readFileSync(sb.state.requestLog, 'utf8').split('\n').filter(Boolean).length;

async function run(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<CliResult> {
  return firedrill(['run', file, '--out', join(dirname(file), 'runs'), ...args], { env: { ...sandboxEnv, CI: 'true', ...env }, timeoutMs: 180_000 });
}

function expectRefusedBeforeAnything(result: CliResult): void {
  expect(result.code, result.stderr).toBe(4);
  expect(hasStackTrace(result.stderr)).toBe(false);
  expect(result.stdout + result.stderr).not.toContain('smoke test');
}

describe('preflight', () => {
  const sandbox = useSandboxForDrills();

  describe('an environment where everything is wrong at once', () => {
    let unhealthy: Server;
    let envFile: string;
    beforeAll(async () => {
      // A target whose shallow health check says unhealthy, as a service with no database connection does.
      unhealthy = createServer((_req, res) => {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end('{"status":"unhealthy"}');
      });
      await new Promise<void>((resolve) => unhealthy.listen(0, '127.0.0.1', resolve));
      const sb = sandbox();
      // An environment file like a user's for AWS, pointing at the sandbox's endpoint, with a service and a secret
      // that do not exist.
      envFile = join(mkdtempSync(join(tmpdir(), 'firedrill-preflight-env-')), 'broken.yaml');
      writeFileSync(
        envFile,
        `name: broken
production: false
region: ${sb.state.region}
aws: {endpoint: "${sb.state.awsEndpoint}"}
target: {baseUrl: "http://127.0.0.1:${(unhealthy.address() as AddressInfo).port}"}
alarmPrefix: "sandbox-"
ecs: {cluster: sandbox, service: core-apj}
database: {secretId: sandbox/core-api/nope}
`,
      );
    });
    afterAll(async () => {
      await new Promise((resolve) => unhealthy?.close(resolve));
    });

    it('reports every problem together with the fix for each, exit 4, and changes nothing', async () => {
      const sb = sandbox();
      const from = logLines(sb);
      const file = experiment('everything-wrong', { alarm: '${alarmPrefix}pool-wiat', stopOn: '${alarmPrefix}no-such-guardrail' });
      const result = await run(file, ['--env', envFile], { AWS_ACCESS_KEY_ID: 'preflight', AWS_SECRET_ACCESS_KEY: 'preflight' });
      expectRefusedBeforeAnything(result);
      expect(result.stderr).toContain('preflight failed; nothing was changed');
      expect(result.stderr).toMatch(/the target is not healthy: GET http:\/\/127\.0\.0\.1:\d+\/health answered 503 \(unhealthy\)/);
      expect(result.stderr).toContain('alarm "sandbox-pool-wiat" does not exist (did you mean "sandbox-pool-wait"?)');
      expect(result.stderr).toMatch(/alarm "sandbox-no-such-guardrail" does not exist/);
      expect(result.stderr).toMatch(/ECS service "core-apj" in cluster "sandbox" \(us-east-1\) was not found: MISSING; check ecs.cluster, ecs.service and region in the environment file/);
      expect(result.stderr).toMatch(/database\.secretId "sandbox\/core-api\/nope": .* was not found .*; check the ids in the environment file/);
      expect(mutationsSince(sb, from)).toEqual([]);
    });
  });

  it('an expected alarm already in ALARM: the drill could not tell cause from coincidence', async () => {
    const sb = sandbox();
    const name = 'sandbox-preflight-already-firing';
    // No data ever reaches this metric and missing data is ignored, so the state set here holds.
    await sb.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: name, Namespace: 'Firedrill/PreflightTest', MetricName: 'Never', Statistic: 'Sum', Period: 10, EvaluationPeriods: 1,
        Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'ignore',
      }),
    );
    try {
      await sb.cloudwatch.send(new SetAlarmStateCommand({ AlarmName: name, StateValue: 'ALARM', StateReason: 'preflight test' }));
      const from = logLines(sb);
      const result = await run(experiment('already-firing', { alarm: name }));
      expectRefusedBeforeAnything(result);
      expect(result.stderr).toContain(`alarm "${name}" is already in ALARM: the drill could not tell the fault's effect from what is already happening; wait until it is OK`);
      expect(mutationsSince(sb, from)).toEqual([]);
    } finally {
      await sb.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] }));
    }
  });

  it('another drill holds the environment: refused naming that run and its operator, its marker left as it was', async () => {
    const sb = sandbox();
    const { serviceArn } = await describeService(sb);
    const plannedEnd = new Date(Date.now() + 10 * 60_000).toISOString();
    const marker = { [MARKER_TAGS.drill]: 'other-run-20261122', [MARKER_TAGS.operator]: 'alice', [MARKER_TAGS.plannedEnd]: plannedEnd, [MARKER_TAGS.owner]: 'another-host/4242' };
    await sb.ecs.send(new TagResourceCommand({ resourceArn: serviceArn!, tags: Object.entries(marker).map(([key, value]) => ({ key, value })) }));
    try {
      const from = logLines(sb);
      const result = await run(experiment('held-elsewhere', { alarm: '${alarmPrefix}pool-wait' }));
      expectRefusedBeforeAnything(result);
      expect(result.stderr).toContain(`another drill holds the environment: core-api already carries a drill marker: run other-run-20261122 by alice, planned to end ${plannedEnd}`);
      expect(result.stderr).toContain('wait for that drill to finish, or coordinate with its operator');
      expect(mutationsSince(sb, from)).toEqual([]);
      const tags = await sb.ecs.send(new ListTagsForResourceCommand({ resourceArn: serviceArn! }));
      expect(Object.fromEntries((tags.tags ?? []).filter((t) => t.key?.startsWith('firedrill:')).map((t) => [t.key, t.value]))).toEqual(marker);
    } finally {
      await sb.ecs.send(new UntagResourceCommand({ resourceArn: serviceArn!, tagKeys: MARKER_KEYS }));
    }
  });

  it('k6 missing: exit 4 naming K6_BIN and the fix, before a run directory or any AWS change', async () => {
    const sb = sandbox();
    const from = logLines(sb);
    const file = experiment('no-k6', { alarm: '${alarmPrefix}pool-wait' });
    const result = await run(file, [], { K6_BIN: '/nonexistent/k6' });
    expectRefusedBeforeAnything(result);
    expect(result.stderr).toContain('K6_BIN=/nonexistent/k6 does not run as k6');
    expect(result.stderr).toContain('point K6_BIN at a k6 v2 binary or unset it');
    expect(result.stdout + result.stderr).not.toContain('run directory:');
    expect(mutationsSince(sb, from)).toEqual([]);
  });
});
