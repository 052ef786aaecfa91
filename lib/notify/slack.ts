// Slack incoming webhook: the summary as Block Kit (header, section, a fields table, the checks, the alarms, where
// the report is) with a plain `text` fallback for notifications, inside Slack's documented size limits.
import type { Verdict } from '../../reports/model.ts';
import { plainText, type CheckMark, type NotifyContent } from './content.ts';
import { isRetryableStatus, type AttemptResult } from './retry.ts';

/** Block Kit limits (api.slack.com/reference/block-kit/blocks), in characters. */
export const SLACK_LIMITS = { header: 150, section: 3000, field: 2000, fields: 10, context: 2000, text: 3000 } as const;

const CHECK_ICON: Record<CheckMark, string> = { FAIL: ':x:', warn: ':warning:', skip: ':fast_forward:', ok: ':white_check_mark:' };
const VERDICT_ICON: Record<Verdict, string> = { pass: ':large_green_circle:', fail: ':red_circle:', aborted: ':large_orange_circle:', error: ':black_circle:' };

type TextObject = { type: 'plain_text' | 'mrkdwn'; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: 'header'; text: TextObject }
  | { type: 'section'; text?: TextObject; fields?: TextObject[] }
  | { type: 'context'; elements: TextObject[] };

export interface SlackPayload {
  text: string;
  blocks: SlackBlock[];
}

/** mrkdwn treats &, < and > as control characters; everything from a report is escaped. */
export const escapeMrkdwn = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** At most `max` UTF-16 units, cut between code points and never inside an &entity; cut text ends with "…". */
export function fit(text: string, max: number): string {
  if (text.length <= max) return text;
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out.replace(/&[a-z]*$/, '')}…`;
}

const mrkdwn = (text: string, max: number): TextObject => ({ type: 'mrkdwn', text: fit(text, max) });

/** Lines under a bold title, as many as fit in one section; the rest are counted in "…and N more". */
function listSection(title: string, lines: string[], more: number): SlackBlock {
  const reserve = 40; // room for the "and N more" line
  let text = `*${title}*`;
  let omitted = more;
  for (const [i, line] of lines.entries()) {
    const next = `${text}\n${fit(line, 1000)}`;
    if (next.length > SLACK_LIMITS.section - reserve) {
      omitted += lines.length - i;
      break;
    }
    text = next;
  }
  if (omitted > 0) text += `\n…and ${omitted} more`;
  return { type: 'section', text: mrkdwn(text, SLACK_LIMITS.section) };
}

function linkTo(url: string): string {
  const safe = url.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E');
  return `<${escapeMrkdwn(safe)}|open the report>`;
}

export function slackPayload(content: NotifyContent): SlackPayload {
  const e = escapeMrkdwn;
  const checks = content.checks.map((c) => `${CHECK_ICON[c.mark]} *${e(c.name)}*: ${e(c.observed)} _(expected ${e(c.expected)})_`);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: fit(content.title, SLACK_LIMITS.header), emoji: true } },
    { type: 'section', text: mrkdwn(`${VERDICT_ICON[content.verdict]} ${e(content.headline)}`, SLACK_LIMITS.section) },
    { type: 'section', fields: content.facts.slice(0, SLACK_LIMITS.fields).map((f) => mrkdwn(`*${e(f.label)}*\n${e(f.value)}`, SLACK_LIMITS.field)) },
    checks.length > 0 ? listSection('Checks', checks, content.moreChecks) : { type: 'section', text: mrkdwn('*Checks*\nnone: the drill stopped before they could be judged', SLACK_LIMITS.section) },
  ];
  if (content.alarms.length > 0) blocks.push(listSection('Alarms', content.alarms.map(e), content.moreAlarms));
  const where = `Report: \`${e(content.runDir)}\`${content.reportUrl ? ` · ${linkTo(content.reportUrl)}` : ''}`;
  blocks.push({ type: 'context', elements: [mrkdwn(where, SLACK_LIMITS.context)] });
  return { text: fit(e(plainText(content)), SLACK_LIMITS.text), blocks };
}

/** Slack answers errors with a short code in the body (invalid_payload, no_service, ...); anything else is dropped. */
const SLACK_CODE = /^[a-z_]{1,64}$/;
const MAX_BODY_BYTES = 512;

/** One POST of the payload. The URL is used here and nowhere else; nothing returned mentions it. */
export async function postToSlack(url: string, payload: SlackPayload, signal: AbortSignal, variable: string): Promise<AttemptResult> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(payload), signal, redirect: 'manual' });
  } catch (err) {
    return networkFailure(err, signal, variable);
  }
  const body = await readCapped(response, signal).catch(() => '');
  if (response.status >= 200 && response.status < 300) return { ok: true, detail: `HTTP ${response.status}` };
  const code = SLACK_CODE.test(body.trim()) ? ` ${body.trim()}` : '';
  const retryAfter = Number(response.headers.get('retry-after'));
  return {
    ok: false,
    retryable: isRetryableStatus(response.status),
    detail: `HTTP ${response.status}${code}`,
    fix: statusFix(response.status, variable),
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
  };
}

function statusFix(status: number, variable: string): string {
  if (status >= 300 && status < 400) return `the webhook answered with a redirect, which firedrill does not follow; check the URL in ${variable}`;
  if (status === 403 || status === 404 || status === 410) return `the webhook in ${variable} was revoked or is wrong (or its channel archived): create a new incoming webhook in Slack and update ${variable}`;
  if (status === 429) return 'Slack is rate-limiting this webhook; nothing to change unless it keeps happening';
  if (status >= 500) return 'Slack (or the relay in front of it) is failing; see https://slack-status.com and read the report from the run directory';
  return 'Slack refused the message; please report this as a firedrill bug with the run directory';
}

function networkFailure(err: unknown, signal: AbortSignal, variable: string): AttemptResult {
  if (signal.aborted) return { ok: false, retryable: false, detail: 'no answer before the deadline', fix: `check the network or proxy between here and the host in ${variable}` };
  const code = errorCode(err);
  return {
    ok: false,
    // An unknown host will not appear between retries; a refused or reset connection may.
    retryable: code !== 'ENOTFOUND',
    detail: `network error ${code}`,
    fix: `check the network, proxy or DNS for the host in ${variable}`,
  };
}

/** fetch wraps the socket error in `cause`; only its code is used (messages quote the host and port). */
function errorCode(err: unknown): string {
  const cause = (err as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } })?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' && /^[A-Z_]{2,40}$/.test(code) ? code : 'unknown';
}

async function readCapped(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body || signal.aborted) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY_BYTES).toString('utf8');
}
