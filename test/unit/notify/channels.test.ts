import { describe, expect, it } from 'vitest';
import { buildContent } from '../../../lib/notify/content.ts';
import { escapeMrkdwn, fit, SLACK_LIMITS, slackPayload, type SlackBlock } from '../../../lib/notify/slack.ts';
import { SNS_MESSAGE_MAX_BYTES, snsMessage, snsSubject } from '../../../lib/notify/sns.ts';
import { check, firingAlarm, notifyReport } from '../../support/notify-report.ts';

const where = { runDir: '/runs/20261121T234157Z-pool-exhaustion' };
const texts = (b: SlackBlock): string[] => (b.type === 'context' ? b.elements.map((e) => e.text) : [...(b.text ? [b.text.text] : []), ...(b.type === 'section' ? (b.fields ?? []).map((f) => f.text) : [])]);

describe('Slack Block Kit payload', () => {
  it('is a header, a headline, a fields table, the checks, the alarms and where the report is, with a text fallback', () => {
    const payload = slackPayload(buildContent(notifyReport(), { ...where, reportUrl: 'https://ci.example.com/a?b=1&c=2' }));
    expect(payload.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'section', 'section', 'context']);
    expect(payload.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'firedrill PASS: pool-exhaustion on staging', emoji: true } });
    const fields = (payload.blocks[2] as { fields: Array<{ text: string }> }).fields.map((f) => f.text);
    expect(fields).toContain('*Verdict*\nPASS (exit 0)');
    expect(fields).toContain('*Checks*\n1 ok, 1 warning, 0 failed');
    expect(texts(payload.blocks[3]!)[0]).toMatch(/^\*Checks\*\n:warning: \*unexpected alarm staging-core-api-cpu\*: ALARM at 23:43:40 UTC _\(expected no ALARM\)_\n:white_check_mark: /);
    expect(texts(payload.blocks[4]!)[0]).toContain('staging-core-api-pool-wait: ALARM 26s after small-pool');
    expect(texts(payload.blocks[5]!)[0]).toBe('Report: `/runs/20261121T234157Z-pool-exhaustion` · <https://ci.example.com/a?b=1&amp;c=2|open the report>');
    expect(payload.text).toMatch(/^firedrill PASS: pool-exhaustion on staging\nEvery strict check passed \(1 warning\)\./);
  });

  it('escapes &, < and > from the report so nothing becomes a link or mention', () => {
    const content = buildContent(notifyReport({ checks: [check('<!channel> & <https://evil|x>', false)], verdict: 'fail' }), where);
    const all = slackPayload(content).blocks.flatMap(texts).join('\n');
    expect(all).toContain('&lt;!channel&gt; &amp; &lt;https://evil|x&gt;');
    expect(all).not.toContain('<!channel>');
  });

  it('stays within Slack limits however large the report', () => {
    const huge = 'x&<'.repeat(2000);
    const checks = Array.from({ length: 500 }, (_, i) => check(`${huge} ${i}`, i % 2 === 0, true, { observed: huge, expected: huge }));
    const alarms = Array.from({ length: 80 }, (_, i) => firingAlarm(`${'alarm-'.repeat(100)}${i}`));
    const payload = slackPayload(buildContent(notifyReport({ checks, alarms, verdict: 'fail', abortReason: huge }), { runDir: huge }));
    expect(payload.blocks.length).toBeLessThanOrEqual(50);
    expect(payload.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    for (const block of payload.blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.header);
      if (block.type === 'section') {
        expect((block.text?.text ?? '').length).toBeLessThanOrEqual(SLACK_LIMITS.section);
        expect(block.fields?.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const f of block.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.field);
      }
      if (block.type === 'context') for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.context);
      for (const t of texts(block)) expect(t, 'no cut entity').not.toMatch(/&(a|am|l|g)?…/);
    }
    expect(texts(payload.blocks[3]!)[0]).toMatch(/\n…and \d+ more$/);
  });

  it('fit cuts between code points and never inside an entity', () => {
    expect(fit('abc', 3)).toBe('abc');
    expect(fit(escapeMrkdwn('ab&cd'), 5)).toBe('ab…');
    expect(fit('a😀😀', 4)).toBe('a😀…');
    expect(fit('ab😀c', 4)).toBe('ab…');
  });
});

describe('SNS subject and message', () => {
  it('subject is the title: ASCII only, under 100 characters', () => {
    expect(snsSubject(buildContent(notifyReport(), where))).toBe('firedrill PASS: pool-exhaustion on staging');
    const long = buildContent(notifyReport({ experiment: { name: `très-${'long-'.repeat(40)}`, file: 'x', description: '' } }), where);
    const subject = snsSubject(long);
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject).toMatch(/^[\x20-\x7e]+$/);
    expect(subject.endsWith('...')).toBe(true);
  });

  it('message is the plain-text summary, capped well under the Publish limit on a character boundary', () => {
    const content = buildContent(notifyReport(), where);
    expect(snsMessage(content)).toContain('Checks:\n  warn  unexpected alarm staging-core-api-cpu: ALARM at 23:43:40 UTC (expected no ALARM)\n');
    const big = { ...content, checks: Array.from({ length: 400 }, () => ({ mark: 'ok' as const, name: 'é'.repeat(300), observed: 'o', expected: 'e' })) };
    const message = snsMessage(big);
    expect(Buffer.byteLength(message)).toBeLessThanOrEqual(SNS_MESSAGE_MAX_BYTES);
    expect(message).not.toContain('\uFFFD');
    expect(message.endsWith('(cut to fit; the full report is in the run directory)\n')).toBe(true);
  });
});
