// The drill library passes on the sandbox: the flagship through `firedrill demo` (what npm run demo runs), and the
// other drills CI must prove end to end.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firedrill } from '../../support/cli.ts';
import { expectPolicyCoversDrill, runDrill } from '../../support/drills.ts';
import { ARTIFACTS, openReportBrowser, probeCharts } from '../../support/report-browser.ts';
import { sandboxEnv, useSandboxForDrills } from '../../support/sandbox.ts';

/** The ALARM state in the alarm lanes and "degraded" in the health lane (reports/render/client). */
const ALARM_RED = '#e03131';
const DEGRADED_AMBER = '#f59f00';

/**
 * The real drill's report.html in headless Chromium with the network blocked: a latency chart per class that saw
 * requests plus the overall one, the load, alarm and health charts, each drawn; the alarm lane shows the ALARM the
 * drill caused and the health lane the degraded samples; no console error. The screenshot is a test artefact.
 */
async function expectReportRendersOffline(html: string, categories: string[]): Promise<void> {
  const browser = await openReportBrowser();
  try {
    await browser.open(html);
    expect(await browser.page.getAttribute('body', 'data-charts')).toBe('ready');
    const charts = await probeCharts(browser.page, { alarms: [ALARM_RED], health: [DEGRADED_AMBER] });
    expect(charts.map((c) => c.id).sort()).toEqual(['alarms', 'health', 'latency-all', 'load', ...categories.map((c) => `latency-${c}`)].sort());
    for (const c of charts) {
      expect(c.series, c.id).toBeGreaterThanOrEqual(1);
      expect(c.painted / (c.width * c.height), `${c.id} painted share`).toBeGreaterThan(0.02);
    }
    expect(charts.find((c) => c.id === 'alarms')?.colours[ALARM_RED], 'ALARM pixels in the alarm lanes').toBeGreaterThan(20);
    expect(charts.find((c) => c.id === 'health')?.colours[DEGRADED_AMBER], 'degraded pixels in the health lane').toBeGreaterThan(20);
    expect(browser.consoleErrors).toEqual([]);
    expect(browser.blocked).toEqual([]);
    await browser.page.screenshot({ path: join(ARTIFACTS, 'demo-report.png'), fullPage: true });
  } finally {
    await browser.close();
  }
}

/**
 * Why a demo failed only on latency because this machine was starved, or undefined. The report's host evidence
 * decides: every failed strict check is an SLO or recovery check, and the load generator's machine was saturated in
 * most samples (CPU steal from other VMs included). Any other failure is never excused.
 */
function starvedLatencyFailure(stderr: string): string | undefined {
  const html = /^report: (\S+report\.html)$/m.exec(stderr)?.[1];
  if (!html) return undefined;
  const report = JSON.parse(readFileSync(join(dirname(html), 'report.json'), 'utf8')) as {
    checks: Array<{ name: string; ok: boolean; strict: boolean }>;
    host?: { samples: number; saturatedSamples: number; stealPctMax: number };
  };
  const failed = report.checks.filter((c) => c.strict && !c.ok);
  const host = report.host;
  if (failed.length === 0 || !host || host.saturatedSamples * 2 < host.samples) return undefined;
  if (!failed.every((c) => c.name.startsWith('slo ') || c.name.startsWith('recovery of '))) return undefined;
  return `only latency checks failed (${failed.map((c) => c.name).join('; ')}) with the host saturated in ${host.saturatedSamples} of ${host.samples} samples (steal up to ${host.stealPctMax} %)`;
}

describe('the drill library on the sandbox', () => {
  useSandboxForDrills();

  it('firedrill demo runs the flagship drill as a CI gate (CI=true, stdin closed), passes, and reports time-to-alarm and time-to-recover', async () => {
    const summary = join(mkdtempSync(join(tmpdir(), 'firedrill-summary-')), 'step-summary.md');
    // A Slack webhook nobody answers (port 1 on loopback refuses): one warning, and the verdict stands.
    const env = { ...sandboxEnv, CI: 'true', GITHUB_STEP_SUMMARY: summary, FIREDRILL_SLACK_WEBHOOK_URL: 'http://127.0.0.1:1/services/T1/B1/never-printed' };
    const runDemo = () => firedrill(['demo'], { env, timeoutMs: 10 * 60_000, stdinClosed: true });
    let demo = await runDemo();
    const starved = starvedLatencyFailure(demo.stderr);
    if (demo.code !== 0 && starved) {
      // Latency measured on a starved load generator says nothing about the service: run once more, then judge.
      console.log(`flagship demo: ${starved}; running it once more`);
      demo = await runDemo();
    }
    expect(demo.code, demo.stderr.slice(-4000)).toBe(0);
    expect(demo.stderr).toContain('verdict: PASS (exit 0)');
    expect(demo.stderr).toMatch(/warning: .*Slack/);
    expect(demo.stderr + demo.stdout).not.toContain('never-printed');
    const html = /^report: (\S+report\.html)$/m.exec(demo.stderr)?.[1];
    expect(html && existsSync(html)).toBe(true);
    // CI output: plain lines (no cursor control), JUnit for test reporters, the Markdown summary for the job page.
    expect(demo.stderr).not.toMatch(/\x1b\[/);
    expect(readFileSync(join(dirname(html!), 'junit.xml'), 'utf8')).toMatch(/<testsuite [^>]*tests="\d+" failures="0"/);
    expect(readFileSync(summary, 'utf8')).toMatch(/PASS/);
    const report = JSON.parse(readFileSync(join(dirname(html!), 'report.json'), 'utf8')) as {
      alarms: Array<{ name: string; timeToAlarmSeconds: number | null; timeToRecoverSeconds: number | null }>;
      load: { byCategory: Record<string, { requests: number }> };
    };
    const poolWait = report.alarms.find((a) => a.name === 'sandbox-pool-wait');
    expect(poolWait?.timeToAlarmSeconds).toBeGreaterThan(0);
    expect(poolWait?.timeToAlarmSeconds).toBeLessThanOrEqual(60);
    expect(poolWait?.timeToRecoverSeconds).toBeGreaterThanOrEqual(0);
    expect(poolWait?.timeToRecoverSeconds).toBeLessThanOrEqual(60);
    await expectPolicyCoversDrill('experiments/pool-exhaustion.yaml', dirname(html!));
    await expectReportRendersOffline(html!, Object.keys(report.load.byCategory));
  });

  it.each(['db-secret-broken', 'slow-queries'])('%s passes', async (name) => {
    const run = await runDrill(`experiments/${name}.yaml`);
    const failed = run.report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.observed}`);
    expect(run.code, `${failed.join('\n')}\n${run.stderr.slice(-3000)}`).toBe(0);
    expect(run.report.verdict).toBe('pass');
    await expectPolicyCoversDrill(`experiments/${name}.yaml`, run.runDir);
  });
});
