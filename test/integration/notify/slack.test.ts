// Slack notifications against a real loopback receiver: what is posted, retries, failures that only warn, and the
// webhook URL (a secret: it embeds a token) never appearing in anything firedrill prints or returns.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Environment } from '../../../lib/experiment/environment.ts';
import { sendNotifications, type NotifyResult } from '../../../lib/notify/index.ts';
import { notifyReport } from '../../support/notify-report.ts';
import { closedPort, startReceiver, type Receiver } from './receiver.ts';

const receivers: Receiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.close();
});

const env = (notify?: Environment['notify']): Environment => ({
  file: 'environments/test.yaml', name: 'staging', description: '', production: false, sandbox: false, region: 'eu-west-1', accountIds: [],
  aws: {}, alarmPrefix: 'staging-', ecs: { cluster: 'c', service: 's' }, database: { secretId: 'db' }, vars: {}, ...(notify ? { notify } : {}),
});

/** A webhook path with a fresh token, as Slack issues them. */
const hookPath = () => `/services/T0FIREDRL/B0FIREDRL/${randomBytes(12).toString('hex')}`;

async function receiver(answer: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

/**
 * Run sendNotifications with everything it prints captured: its `say` lines and anything written to stdout/stderr
 * meanwhile. Resolves with the results (sendNotifications must not throw).
 */
async function notify(processEnv: NodeJS.ProcessEnv, e = env()): Promise<{ results: NotifyResult[]; lines: string[]; output: string; ms: number }> {
  const lines: string[] = [];
  let output = '';
  const capture = (chunk: unknown) => {
    output += String(chunk);
    return true;
  };
  const out = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  const started = Date.now();
  try {
    const results = await sendNotifications(notifyReport(), { runDir: '/runs/20261121T234157Z-pool-exhaustion', env: e, processEnv }, (l) => lines.push(l));
    return { results, lines, output, ms: Date.now() - started };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('Slack notification', () => {
  it('posts Block Kit JSON with the verdict and the summary table to the webhook', async () => {
    const r = await receiver(() => ({ status: 200, body: 'ok' }));
    const path = hookPath();
    const { results, lines } = await notify({ FIREDRILL_SLACK_WEBHOOK_URL: `${r.url}${path}`, FIREDRILL_REPORT_URL: 'https://ci.example.com/runs/1' });
    expect(results).toEqual([{ channel: 'slack', ok: true, attempts: 1, elapsedMs: expect.any(Number), detail: 'HTTP 200' }]);
    expect(lines).toEqual([expect.stringMatching(/^notified Slack \(FIREDRILL_SLACK_WEBHOOK_URL\): HTTP 200 \(1 attempt in \d+\.\ds\)$/)]);
    expect(r.received).toHaveLength(1);
    const [req] = r.received;
    expect(req).toMatchObject({ method: 'POST', path });
    expect(req!.headers['content-type']).toBe('application/json; charset=utf-8');
    const body = JSON.parse(req!.body) as { text: string; blocks: Array<{ type: string; text?: { text: string }; fields?: Array<{ text: string }>; elements?: Array<{ text: string }> }> };
    expect(body.blocks[0]).toMatchObject({ type: 'header', text: { text: 'firedrill PASS: pool-exhaustion on staging' } });
    expect(body.blocks[2]!.fields!.map((f) => f.text)).toEqual(expect.arrayContaining(['*Verdict*\nPASS (exit 0)', '*Run*\n20261121T234157Z-pool-exhaustion', '*Checks*\n1 ok, 1 warning, 0 failed']));
    expect(body.blocks.at(-1)!.elements![0]!.text).toContain('<https://ci.example.com/runs/1|open the report>');
    expect(body.text).toContain('firedrill PASS: pool-exhaustion on staging');
  });

  it('retries a 500 and succeeds on the second attempt', async () => {
    const r = await receiver((n) => (n === 0 ? { status: 500, body: 'rollup_error' } : { status: 200 }));
    const { results, lines } = await notify({ FIREDRILL_SLACK_WEBHOOK_URL: `${r.url}${hookPath()}` });
    expect(results[0]).toMatchObject({ ok: true, attempts: 2 });
    expect(r.received).toHaveLength(2);
    expect(r.received[1]!.body).toBe(r.received[0]!.body);
    expect(lines).toHaveLength(1);
  });

  it('honours Retry-After on a 429', async () => {
    const r = await receiver((n) => (n === 0 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    const { results, ms } = await notify({ FIREDRILL_SLACK_WEBHOOK_URL: `${r.url}${hookPath()}` });
    expect(results[0]).toMatchObject({ ok: true, attempts: 2 });
    expect(ms).toBeGreaterThanOrEqual(950);
  });

  it('a receiver that always answers 500: three attempts, one warning line, and it resolves', async () => {
    const r = await receiver(() => ({ status: 500, body: 'rollup_error' }));
    const { results, lines, ms } = await notify({ FIREDRILL_SLACK_WEBHOOK_URL: `${r.url}${hookPath()}` });
    expect(results[0]).toMatchObject({ channel: 'slack', ok: false, attempts: 3, detail: 'HTTP 500 rollup_error' });
    expect(r.received).toHaveLength(3);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^warning: Slack notification not sent: HTTP 500 rollup_error after 3 attempts in \d+\.\ds; the verdict is unchanged\. Fix: Slack \(or the relay in front of it\) is failing/);
    expect(ms).toBeLessThan(10_500);
  });

  it('a revoked webhook (404 no_service) is not retried and the warning says how to fix it', async () => {
    const r = await receiver(() => ({ status: 404, body: 'no_service' }));
    const { results, lines } = await notify({ TEAM_HOOK: `${r.url}${hookPath()}` }, env({ slack: { webhookUrlEnv: 'TEAM_HOOK' } }));
    expect(results[0]).toMatchObject({ ok: false, attempts: 1, detail: 'HTTP 404 no_service' });
    expect(lines[0]).toContain('Fix: the webhook in TEAM_HOOK was revoked or is wrong');
  });

  it('nothing listening: retried, then one warning naming the network error; it resolves', async () => {
    const port = await closedPort();
    const { results, lines } = await notify({ FIREDRILL_SLACK_WEBHOOK_URL: `http://127.0.0.1:${port}${hookPath()}` });
    expect(results[0]).toMatchObject({ ok: false, attempts: 3, detail: 'network error ECONNREFUSED' });
    expect(lines).toEqual([expect.stringMatching(/^warning: Slack notification not sent: network error ECONNREFUSED after 3 attempts/)]);
  });

  it('a receiver that never answers is given up at the deadline', async () => {
    const r = await receiver(() => 'hang');
    const lines: string[] = [];
    const started = Date.now();
    const results = await sendNotifications(notifyReport(), {
      runDir: '/runs/x', env: env(), processEnv: { FIREDRILL_SLACK_WEBHOOK_URL: `${r.url}${hookPath()}` },
      retry: { maxRetries: 2, baseMs: 100, maxMs: 400, deadlineMs: 1000, minAttemptMs: 200 },
    }, (l) => lines.push(l));
    const ms = Date.now() - started;
    expect(results[0]).toMatchObject({ ok: false, attempts: 1, detail: 'no answer before the deadline' });
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(ms).toBeLessThan(3000);
    expect(lines).toHaveLength(1);
  });

  it('a malformed URL is one warning naming the variable, and nothing is sent', async () => {
    const { results, lines } = await notify({ FIREDRILL_SLACK_WEBHOOK_URL: 'hooks.slack.com/services/T0FIREDRL/B0FIREDRL/abcdef123456' });
    expect(results).toEqual([{ channel: 'slack', ok: false, attempts: 0, elapsedMs: 0, detail: 'FIREDRILL_SLACK_WEBHOOK_URL does not hold a usable webhook URL: it does not parse as a URL' }]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('abcdef123456');
  });

  it('a configured variable that is unset is one warning saying what to set or remove', async () => {
    const { results, lines } = await notify({}, env({ slack: { webhookUrlEnv: 'TEAM_HOOK' } }));
    expect(results[0]).toMatchObject({ ok: false, attempts: 0, detail: 'TEAM_HOOK is not set' });
    expect(lines[0]).toContain('(or remove notify.slack from environments/test.yaml)');
  });

  it('never prints or returns the webhook URL, whatever happens', async () => {
    const ok = await receiver(() => ({ status: 200 }));
    const failing = await receiver(() => ({ status: 503, body: 'service_unavailable' }));
    const port = await closedPort();
    const paths = [hookPath(), hookPath(), hookPath()];
    const urls = [`${ok.url}${paths[0]}`, `${failing.url}${paths[1]}`, `http://127.0.0.1:${port}${paths[2]}`];
    for (const url of urls) {
      const { results, lines, output } = await notify({ FIREDRILL_SLACK_WEBHOOK_URL: url });
      const everything = [JSON.stringify(results), ...lines, output].join('\n');
      for (const path of paths) expect(everything).not.toContain(path.split('/').at(-1));
      expect(everything).not.toContain(url);
    }
  });

  it('is off without configuration: no request, no output', async () => {
    const { results, lines, output } = await notify({});
    expect(results).toEqual([]);
    expect(lines).toEqual([]);
    expect(output).toBe('');
  });
});
