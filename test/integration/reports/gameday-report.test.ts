import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finishDrill } from '../../../lib/run/finish.ts';
import { projectRoot } from '../../../lib/paths.ts';
import { reportProblems } from '../../../reports/validate.ts';
import { firedrill, hasStackTrace, type CliResult } from '../../support/cli.ts';

// A game day recorded on the sandbox: the flagship pool-exhaustion drill's run directory (real k6 evidence, alarm
// history and /health samples) with the operator's notes and a second fault, locked-appointments, that the operator
// skipped at its prompt. `firedrill report` must rebuild the whole record from the run directory alone.
const FIXTURE = join(projectRoot, 'test', 'fixtures', 'runs', 'pool-exhaustion-gameday');
const SKIPPED = 'fault locked-appointments was skipped by the operator (the DBA asked us not to lock bookings today)';

let root: string;
let dir: string;
let result: CliResult;
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'firedrill-gameday-report-'));
  dir = join(root, 'run');
  cpSync(FIXTURE, dir, { recursive: true });
  result = await firedrill(['report', dir]);
}, 90_000);
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('firedrill report on a game day', () => {
  it('passes, printing the skipped checks with their own mark and counting them apart', () => {
    expect(result.code, result.stderr).toBe(0);
    expect(hasStackTrace(result.stderr)).toBe(false);
    expect(result.stdout).toContain('checks (16/17 ok, 3 skipped):');
    expect(result.stdout).toContain(`  skip fault locked-appointments restored: not judged: ${SKIPPED} (expected restored and the restore verified)`);
    expect(result.stdout.match(/^ {2}skip /gm)).toHaveLength(3);
    expect(result.stdout).toContain('verdict: PASS (exit 0)');
  });

  it('writes the game-day log into report.md with each note at its time, between the alarm changes around it', () => {
    const md = read('report.md');
    const log = md.slice(md.indexOf('### Game-day log'), md.indexOf('<details>'));
    const lines = log.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Time'));
    const at = (text: string) => lines.findIndex((l) => l.includes(text));
    expect(lines[at('acked by on-call')]).toBe('| 23:43:25Z (+1m26s) | ℹ️ note | Pool-wait page arrived in \\#ops-alerts \\| acked by on-call &lt;b&gt;Sam&lt;/b&gt; |');
    expect(at('acked by on-call')).toBeGreaterThan(at('alarm sandbox-pool-wait | ❌ **OK -&gt; ALARM**'));
    expect(at('acked by on-call')).toBeLessThan(at('alarm sandbox-pool-utilization | ❌ **OK -&gt; ALARM**'));
    expect(lines[at('skipped by the operator')]).toBe('| 23:44:00Z (+2m) | fault locked-appointments | ⏭️ skipped by the operator: the DBA asked us not to lock bookings today |');
    expect(lines[at('restore started')]).toBe('| 23:43:44Z (+1m44s) | fault small-pool | restore started |');
    expect(md.split('\n')[0]).toBe('## ✅ PASS: pool-exhaustion: 16 of 16 strict checks passed, 1 warning, 3 skipped');
  });

  it('writes the same log and the note markers into report.html, escaped and redacted', () => {
    const html = read('report.html');
    expect(html).toContain('<td>23:43:25Z (+1m26s)</td><td class="tone-info">note</td><td>Pool-wait page arrived in #ops-alerts | acked by on-call &lt;b&gt;Sam&lt;/b&gt;</td>');
    expect(html).toContain('<td>pasted DATABASE_URL=postgres://app:[redacted]@db/clinic into chat by mistake &lt;script&gt;alert(1)&lt;/script&gt;</td>');
    const data = JSON.parse(/<script type="application\/json" id="firedrill-data">(.*?)<\/script>/s.exec(html)![1]!) as { notes: Array<{ at: number; text: string }> };
    expect(data.notes.map((n) => new Date(n.at * 1000).toISOString())).toEqual(['2026-11-21T23:42:45.000Z', '2026-11-21T23:43:25.000Z', '2026-11-21T23:43:35.000Z', '2026-11-21T23:44:00.000Z']);
    for (const file of ['report.html', 'report.md', 'report.json', 'junit.xml']) expect(read(file), file).not.toContain('hunter2');
    expect(html).not.toContain('<b>Sam</b>');
  });

  it('records skipped faults and checks, the notes and the retrospective questions in report.json, and <skipped> in junit.xml', () => {
    const report = JSON.parse(read('report.json')) as Record<string, unknown> & { faults: Array<{ id: string; skipped?: unknown }>; checks: Array<{ skipped?: { reason: string } }>; retrospective: string[]; notes: unknown[] };
    expect(reportProblems(report)).toEqual([]);
    expect(report.faults.find((f) => f.id === 'locked-appointments')?.skipped).toEqual({ at: '2026-11-21T23:43:59.711Z', reason: 'the DBA asked us not to lock bookings today' });
    expect(report.checks.filter((c) => c.skipped).map((c) => c.skipped!.reason)).toEqual([SKIPPED, SKIPPED, SKIPPED]);
    expect(report.notes).toHaveLength(4);
    expect(report.retrospective).toEqual([
      'unexpected alarm sandbox-pool-utilization fired at 23:43:40Z (+1m41s): expected or noise?',
      'fault locked-appointments (pg-sleep) was skipped (the DBA asked us not to lock bookings today): run it next time?',
    ]);
    const junit = read('junit.xml');
    expect(junit).toMatch(/<testsuite [^>]*failures="0" errors="0" skipped="3" /);
    expect(junit.match(new RegExp(`<skipped message="${SKIPPED.replace(/[()]/g, '\\$&')}"/>`, 'g'))).toHaveLength(3);
  });

  it('prints the questions for the retrospective after the verdict when asked to (game-day mode)', async () => {
    const lines: string[] = [];
    const code = await finishDrill(dir, {}, (line) => lines.push(line), { retrospective: true });
    expect(code).toBe(0);
    const verdict = lines.findIndex((l) => l.includes('verdict: PASS (exit 0)'));
    expect(lines.slice(verdict + 1, verdict + 4)).toEqual([
      'questions for the retrospective:',
      '  - unexpected alarm sandbox-pool-utilization fired at 23:43:40Z (+1m41s): expected or noise?',
      '  - fault locked-appointments (pg-sleep) was skipped (the DBA asked us not to lock bookings today): run it next time?',
    ]);
    const quiet: string[] = [];
    await finishDrill(dir, {}, (line) => quiet.push(line));
    expect(quiet.join('\n')).not.toContain('questions for the retrospective');
  });
});
