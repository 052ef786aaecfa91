// The drill library passes on the sandbox: the flagship through `firedrill demo` (what npm run demo runs), and the
// other drills CI must prove end to end.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firedrill } from '../../support/cli.ts';
import { expectPolicyCoversDrill, runDrill } from '../../support/drills.ts';
import { sandboxEnv, useSandboxForDrills } from '../../support/sandbox.ts';

describe('the drill library on the sandbox', () => {
  useSandboxForDrills();

  it('firedrill demo runs the flagship drill, passes, and reports time-to-alarm and time-to-recover', async () => {
    const demo = await firedrill(['demo'], { env: { ...sandboxEnv, CI: 'true' }, timeoutMs: 10 * 60_000 });
    expect(demo.code, demo.stderr.slice(-4000)).toBe(0);
    expect(demo.stderr).toContain('verdict: PASS (exit 0)');
    const html = /^report: (\S+report\.html)$/m.exec(demo.stderr)?.[1];
    expect(html && existsSync(html)).toBe(true);
    const report = JSON.parse(readFileSync(join(dirname(html!), 'report.json'), 'utf8')) as { alarms: Array<{ name: string; timeToAlarmSeconds: number | null; timeToRecoverSeconds: number | null }> };
    const poolWait = report.alarms.find((a) => a.name === 'sandbox-pool-wait');
    expect(poolWait?.timeToAlarmSeconds).toBeGreaterThan(0);
    expect(poolWait?.timeToAlarmSeconds).toBeLessThanOrEqual(60);
    expect(poolWait?.timeToRecoverSeconds).toBeGreaterThanOrEqual(0);
    expect(poolWait?.timeToRecoverSeconds).toBeLessThanOrEqual(60);
    await expectPolicyCoversDrill('experiments/pool-exhaustion.yaml', dirname(html!));
  });

  it.each(['db-secret-broken', 'slow-queries'])('%s passes', async (name) => {
    const run = await runDrill(`experiments/${name}.yaml`);
    const failed = run.report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.observed}`);
    expect(run.code, `${failed.join('\n')}\n${run.stderr.slice(-3000)}`).toBe(0);
    expect(run.report.verdict).toBe('pass');
    await expectPolicyCoversDrill(`experiments/${name}.yaml`, run.runDir);
  });
});
