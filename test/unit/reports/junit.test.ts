import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../../reports/build.ts';
import type { Report } from '../../../reports/model.ts';
import { escapeXml, renderJunit } from '../../../reports/render/junit.ts';
import { openDrillFixture, type DrillFixture } from '../../fixtures/reports/drill-fixture.ts';

let fixture: DrillFixture;
let report: Report;

beforeAll(() => {
  fixture = openDrillFixture();
  report = buildReport(fixture.input);
});
afterAll(() => fixture?.dispose());

const attr = (xml: string, element: string, name: string) => new RegExp(`<${element}\\b[^>]*\\b${name}="([^"]*)"`).exec(xml)?.[1];
const testcases = (xml: string) => [...xml.matchAll(/<testcase name="([^"]*)" classname="([^"]*)" time="0"(\/>|>([\s\S]*?)<\/testcase>)/g)].map((m) => ({ name: m[1], classname: m[2], body: m[4] ?? '' }));

describe('junit.xml', () => {
  it('is one testsuite for the drill with one testcase per check', () => {
    const xml = renderJunit(report);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuite ')).toBe(true);
    expect(xml.match(/<testsuite\b/g)).toHaveLength(1);
    expect(attr(xml, 'testsuite', 'name')).toBe('pool-exhaustion');
    expect(attr(xml, 'testsuite', 'tests')).toBe('18');
    expect(attr(xml, 'testsuite', 'failures')).toBe('0');
    expect(attr(xml, 'testsuite', 'errors')).toBe('0');
    expect(attr(xml, 'testsuite', 'time')).toBe('232');
    expect(attr(xml, 'testsuite', 'timestamp')).toBe('2026-06-14T11:59:40');
    const cases = testcases(xml);
    expect(cases.map((c) => c.name)).toEqual(report.checks.map((c) => c.name));
    expect(cases[1]!.classname).toBe('firedrill.pool-exhaustion.alarm-fires');
    expect(xml).toContain('<property name="runId" value="20260614T115940Z-pool-exhaustion"/>');
  });

  it('passes optional checks that failed and lists them as warnings on system-out', () => {
    const xml = renderJunit(report);
    const optional = testcases(xml).find((c) => c.name === 'slo write-complex in recovery: p99')!;
    expect(optional.body).toBe('');
    expect(xml).toMatch(/<system-out>WARNING \(optional check failed\): unexpected alarm sandbox-pool-utilization[\s\S]*WARNING \(optional check failed\): slo write-complex in recovery: p99[\s\S]*<\/system-out>/);
  });

  it('turns a failed strict check into a failure carrying its message, observed and expected values', () => {
    const failed: Report = { ...report, verdict: 'fail', exitCode: 1, checks: report.checks.map((c) => (c.kind === 'alarm-fires' ? { ...c, ok: false, observed: 'stayed OK', message: 'sandbox-pool-wait stayed OK: check its metric' } : c)) };
    const xml = renderJunit(failed);
    expect(attr(xml, 'testsuite', 'failures')).toBe('1');
    const body = testcases(xml)[1]!.body;
    expect(body).toBe('\n    <failure message="sandbox-pool-wait stayed OK: check its metric" type="alarm-fires">observed: stayed OK\nexpected: ALARM within 1m of small-pool\nsandbox-pool-wait stayed OK: check its metric</failure>\n  ');
  });

  it('adds an error testcase when the drill was aborted', () => {
    const aborted: Report = { ...report, verdict: 'aborted', exitCode: 3, outcome: 'aborted', abortReason: 'guardrail: error rate over 90 % for 20s' };
    const xml = renderJunit(aborted);
    expect(attr(xml, 'testsuite', 'errors')).toBe('1');
    expect(attr(xml, 'testsuite', 'tests')).toBe('19');
    expect(testcases(xml).at(-1)!.body).toContain('<error message="ABORTED: pool-exhaustion: guardrail: error rate over 90 % for 20s" type="aborted">');
  });

  it('escapes markup and drops characters XML cannot hold', () => {
    expect(escapeXml(`a<b>&"c'\u0001\u0008d\t\n`)).toBe('a&lt;b&gt;&amp;&quot;c&apos;d\t\n');
    const nasty: Report = { ...report, checks: [{ ...report.checks[0]!, name: 'x </testcase><testcase name="injected"', ok: false, message: ']]> <!-- & -->' }] };
    const xml = renderJunit(nasty);
    expect(xml.match(/<testcase\b/g)).toHaveLength(1);
    expect(xml).toContain('name="x &lt;/testcase&gt;&lt;testcase name=&quot;injected&quot;"');
    expect(xml).toContain('message="]]&gt; &lt;!-- &amp; --&gt;"');
  });
});
