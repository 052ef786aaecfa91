// Drills end to end through the CLI on the real sandbox with real k6: the verdicts a user and CI rely on.
import { GetSecretValueCommand, ListSecretVersionIdsCommand } from '@aws-sdk/client-secrets-manager';
import { ListTagsForResourceCommand } from '@aws-sdk/client-ecs';
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findK6 } from '../../../lib/k6/binary.ts';
import { runK6 } from '../../../lib/k6/runner.ts';
import { expectPolicyCoversDrill, experimentFile, runDrill } from '../../support/drills.ts';
import { expectEvidenceAgreesWithK6 } from '../../support/k6-agreement.ts';
import { describeService, useSandboxForDrills, waitSteady, type TestSandbox } from '../../support/sandbox.ts';

const SECRET = 'sandbox/core-api/db';

async function currentVersion(sb: TestSandbox): Promise<string> {
  return (await sb.secrets.send(new GetSecretValueCommand({ SecretId: SECRET }))).VersionId!;
}

function shrinkPoolDrill(name: string, expectations: string, guardrails = ''): string {
  return `name: ${name}
load:
  scenario: scenarios/api-mix.ts
  stages: [{duration: 5s, target: 12}, {duration: 55s, target: 12}, {duration: 5s, target: 0}]
faults:
  - {id: small-pool, action: shrink-db-pool, at: 10s, hold: 40s, with: {poolMax: 1}}
expect:
${expectations}
${guardrails}`;
}

describe('drills through the CLI', () => {
  const sandbox = useSandboxForDrills();

  it('api-mix against the sandbox for 20 s: every class populated, per-class p95 within 1 % of k6 own summary', async () => {
    const k6 = await findK6();
    const result = await runK6({
      k6Path: k6!.path,
      scenario: 'scenarios/api-mix.ts',
      runDir: mkdtempSync(join(tmpdir(), 'firedrill-mix-')),
      params: { baseUrl: sandbox().state.lbUrl, thinkTimeMs: 100 },
      stages: [{ duration: '3s', target: 8 }, { duration: '17s', target: 8 }],
    });
    // The scenario's latency thresholds are SLOs; on a starved machine they may be crossed. What this test proves is
    // the evidence: complete, every class populated, and in agreement with k6's own summary.
    expect(['completed', 'thresholds-failed'], result.stderrTail).toContain(result.outcome);
    expect(result.coverage.missing).toEqual([]);
    expectEvidenceAgreesWithK6(result);
    result.evidence.dispose();
  });

  it('fails with exit 1 when an expected alarm never fires or a quiet alarm fires, naming each', async () => {
    const file = experimentFile(
      'wrong-expectations',
      shrinkPoolDrill(
        'wrong-expectations',
        `  alarms:
    - {name: "\${alarmPrefix}ecs-cpu-high", fires: {within: 30s, after: small-pool}}
    - {name: "\${alarmPrefix}pool-wait", quiet: true}`,
      ),
    );
    const run = await runDrill(file);
    expect(run.code, run.stderr).toBe(1);
    expect(run.report.verdict).toBe('fail');
    const never = run.report.checks.find((c) => c.name.startsWith('alarm sandbox-ecs-cpu-high fires'));
    expect(never?.ok).toBe(false);
    expect(never?.message).toMatch(/Alarm sandbox-ecs-cpu-high stayed (INSUFFICIENT_DATA then )?OK for the whole drill/);
    const quiet = run.report.checks.find((c) => c.name === 'alarm sandbox-pool-wait stays quiet');
    expect(quiet?.ok).toBe(false);
    expect(run.stderr).toMatch(/FAIL alarm sandbox-pool-wait stays quiet/);
    expect(run.stderr).toContain('verdict: FAIL (exit 1)');
  });

  it('aborts with exit 3 when a guardrail trips, with every fault restored', async () => {
    const sb = sandbox();
    const before = await currentVersion(sb);
    const file = experimentFile(
      'guardrail-trips',
      shrinkPoolDrill('guardrail-trips', '  slo:\n    - {phase: baseline, errorRate: {max: 0.01}}', 'guardrails:\n  stopOn: ["${alarmPrefix}pool-wait"]'),
    );
    const run = await runDrill(file);
    expect(run.code, run.stderr).toBe(3);
    expect(run.report.verdict).toBe('aborted');
    expect(run.record.abortReason).toContain('guardrail alarm sandbox-pool-wait is in ALARM');
    const timing = run.record.abortTiming!;
    console.log(`guardrail: k6 stopped ${timing.k6StoppedAtMs - timing.seenAtMs} ms and faults restored ${timing.faultsRestoredAtMs - timing.seenAtMs} ms after the stop condition was seen`);
    expect(timing.k6StoppedAtMs - timing.seenAtMs).toBeLessThan(5000);
    // Restored exactly: the secret's AWSCURRENT is the pre-drill version, the service is steady, no drill marker.
    expect(await currentVersion(sb)).toBe(before);
    const versions = await sb.secrets.send(new ListSecretVersionIdsCommand({ SecretId: SECRET }));
    expect(versions.Versions?.filter((v) => v.VersionStages?.includes('AWSCURRENT')).map((v) => v.VersionId)).toEqual([before]);
    await waitSteady(sb);
    const svc = await describeService(sb);
    const tags = await sb.ecs.send(new ListTagsForResourceCommand({ resourceArn: svc.serviceArn! }));
    expect((tags.tags ?? []).filter((t) => t.key?.startsWith('firedrill:'))).toEqual([]);
    await expectPolicyCoversDrill(file, run.runDir);
  });
});
