// Game-day mode as an operator lives it: `firedrill run --interactive` in a real terminal on the sandbox. The test
// answers the fault prompts, takes a note and skips a fault, then finds all of it in the record of the exercise.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../lib/paths.ts';
import { expectPolicyCoversDrill, experimentFile } from '../../support/drills.ts';
import { inTerminal } from '../../support/pty.ts';
import { sandboxEnv, useSandboxForDrills } from '../../support/sandbox.ts';

const EXPERIMENT = `
name: gameday-test
description: A short game day - one fault run, one skipped by the operator.
load:
  scenario: scenarios/api-mix.ts
  stages:
    - {duration: 5s, target: 4}
    - {duration: 40s, target: 4}
    - {duration: 5s, target: 0}
faults:
  - id: sleepers
    action: pg-sleep
    at: 20s
    hold: 8s
    with: {mode: connections, connections: 2}
  - id: lose-a-task
    action: stop-tasks
    at: 36s
    hold: 8s
    with: {count: 1}
expect:
  alarms:
    - {name: "\${alarmPrefix}db-connect-errors", quiet: true}
  unexpectedAlarms: {prefix: "\${alarmPrefix}", severity: warn}
  slo:
    - {phase: sleepers, errorRate: {max: 0.05}}
    - {phase: lose-a-task, errorRate: {max: 0.05}}
`;

// Characters that must be escaped in HTML and Markdown, typed as a person would.
const NOTE = 'pool <b>dashboard</b> lagged | 2 sleepers & no alarm';

describe('game-day mode (firedrill run --interactive) in a terminal', () => {
  const sandbox = useSandboxForDrills();
  const slack = { bodies: [] as string[], paths: [] as string[] };
  const receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      slack.bodies.push(body);
      slack.paths.push(req.url ?? '');
      res.end('ok');
    });
  });
  beforeAll(() => new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r)));
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  it('prompts before each fault, takes a note, skips on request, notifies, and the note is in the reports at its time', async () => {
    const out = mkdtempSync(join(tmpdir(), 'firedrill-gameday-'));
    const webhook = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/services/T000/B000/secret-token-xyz`;
    const topicArn = 'arn:aws:sns:us-east-1:000000000000:sandbox-drills';
    const env: NodeJS.ProcessEnv = { ...process.env, ...sandboxEnv, TERM: 'xterm-256color', FIREDRILL_SLACK_WEBHOOK_URL: webhook, FIREDRILL_SNS_TOPIC_ARN: topicArn };
    delete env.CI;
    const experiment = experimentFile('gameday-test', EXPERIMENT);
    const term = inTerminal(['node', join(projectRoot, 'scripts', 'firedrill.mjs'), 'run', experiment, '--interactive', '--out', out], { cwd: projectRoot, env });
    let noteTypedAt = 0;
    let code: number;
    try {
      let at = await term.waitFor(/go ahead with sleepers\?/, 240_000);
      expect(term.text()).toContain('occupy 2 database connection(s) with SELECT pg_sleep');
      term.type('g');
      at = await term.waitFor(/fault sleepers: in effect/, 60_000, at);
      noteTypedAt = Date.now();
      term.type('n');
      term.type(NOTE);
      term.type('\r');
      at = await term.waitFor(/\d\d:\d\d:\d\d note: pool <b>dashboard/, 15_000, at);
      at = await term.waitFor(/go ahead with lose-a-task\?/, 60_000, at);
      term.type('s');
      at = await term.waitFor(/fault lose-a-task: skipped \(skipped by the operator\)/, 15_000, at);
      await term.waitFor(/verdict: \w+ \(exit \d\)/, 240_000, at);
      code = await term.exited;
    } finally {
      term.kill();
    }
    const screen = term.text();
    expect(code, screen.slice(-4000)).toBe(0);
    // The live view was drawn: timeline, load, per-class p95, alarms, /health.
    for (const part of ['firedrill game day · gameday-test on local', 'phase   ', 'load    ', 'p95 10s ', 'alarms  ', 'health  ']) expect(screen).toContain(part);
    expect(screen).toMatch(/questions for the retrospective:/);

    const runDir = join(out, readdirSync(out)[0]!);
    const report = JSON.parse(readFileSync(join(runDir, 'report.json'), 'utf8')) as {
      runId: string;
      verdict: string;
      notes: Array<{ at: string; text: string }>;
      faults: Array<{ id: string; injectedAt: string | null; skipped?: { at: string; reason: string } }>;
      checks: Array<{ name: string; skipped?: { reason: string } }>;
    };
    expect(report.verdict).toBe('pass');
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]!.text).toBe(NOTE);
    const noteAt = Date.parse(report.notes[0]!.at);
    expect(noteAt).toBeGreaterThanOrEqual(noteTypedAt - 1000);
    expect(noteAt).toBeLessThan(noteTypedAt + 15_000);
    expect(report.faults.find((f) => f.id === 'sleepers')?.injectedAt).not.toBeNull();
    expect(report.faults.find((f) => f.id === 'lose-a-task')?.skipped?.reason).toBe('skipped by the operator');
    expect(report.checks.find((c) => c.name.includes('lose-a-task'))?.skipped).toBeDefined();

    // The note is in the journal as it was taken, and in both human reports at its clock time.
    const journal = readFileSync(join(runDir, 'journal.ndjson'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { kind: string; text?: string });
    expect(journal.filter((r) => r.kind === 'note').map((r) => r.text)).toEqual([NOTE]);
    // Reports show clock times to the nearest second.
    const clock = new Date(Math.round(noteAt / 1000) * 1000).toISOString().slice(11, 19);
    const md = readFileSync(join(runDir, 'report.md'), 'utf8');
    const mdLine = md.split('\n').find((l) => l.includes('dashboard') && l.includes(clock));
    expect(mdLine, md).toBeDefined();
    expect(mdLine).not.toContain('<b>');
    const html = readFileSync(join(runDir, 'report.html'), 'utf8');
    expect(html).toMatch(new RegExp(`<td>${clock}Z \\(\\+[^<]*</td><td[^>]*>note</td><td>pool &lt;b&gt;dashboard&lt;/b&gt; lagged \\| 2 sleepers &amp; no alarm</td>`));
    expect(html).not.toContain(NOTE);
    expect(existsSync(join(runDir, 'junit.xml'))).toBe(true);

    // Both notification channels got the verdict; the webhook URL (a secret) is nowhere in what was printed or kept.
    expect(slack.paths).toEqual(['/services/T000/B000/secret-token-xyz']);
    expect(slack.bodies[0]).toMatch(/PASS/);
    expect(slack.bodies[0]).toContain('gameday-test');
    const sns = (await (await fetch(`${sandbox().state.awsEndpoint}/_sandbox/sns/messages?topicArn=${encodeURIComponent(topicArn)}`)).json()) as { messages: Array<{ subject?: string; message: string }> };
    expect(sns.messages.some((m) => m.subject?.includes('gameday-test') && m.message.includes(report.runId))).toBe(true);
    expect(screen).not.toContain('secret-token-xyz');
    for (const f of readdirSync(runDir).filter((n) => /\.(json|md|html|xml|ndjson)$/.test(n))) expect(readFileSync(join(runDir, f), 'utf8'), f).not.toContain('secret-token-xyz');
    // The live view's alarm polling is covered by the least-privilege policy too.
    await expectPolicyCoversDrill(experiment, runDir);
  });
});
