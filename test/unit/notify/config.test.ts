import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadEnvironment } from '../../../lib/experiment/environment.ts';
import { environmentSchema } from '../../../lib/experiment/environment-schema.ts';
import { checkSchema } from '../../../lib/experiment/schema-check.ts';
import { InvalidInputError } from '../../../lib/errors.ts';
import { checkNotifyConfig, notifyChannels, readWebhookUrl, snsTopicArn, webhookUrlProblem } from '../../../lib/notify/config.ts';

const SECRET_URL = 'https://hooks.slack.com/services/T0000/B0000/s3cr3tT0k3nValue';
const env = (notify?: { slack?: { webhookUrlEnv?: string }; sns?: { topicArn: string } }) => ({ file: 'environments/staging.yaml', ...(notify ? { notify } : {}) });
const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:drills';

/** The error checkNotifyConfig throws, or undefined. */
function preflightError(e: ReturnType<typeof env>, processEnv: NodeJS.ProcessEnv): InvalidInputError | undefined {
  try {
    checkNotifyConfig(e, processEnv);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidInputError);
    return err as InvalidInputError;
  }
}

describe('notification channels', () => {
  it('are off by default: no notify block and no variables', () => {
    expect(notifyChannels(env(), {})).toEqual([]);
    expect(notifyChannels(env(), { FIREDRILL_SLACK_WEBHOOK_URL: '  ' })).toEqual([]);
  });

  it('Slack is on when FIREDRILL_SLACK_WEBHOOK_URL is set, reading that variable', () => {
    expect(notifyChannels(env(), { FIREDRILL_SLACK_WEBHOOK_URL: SECRET_URL })).toEqual([{ kind: 'slack', webhookUrlEnv: 'FIREDRILL_SLACK_WEBHOOK_URL' }]);
  });

  it('notify.slack.webhookUrlEnv names another variable; the default one is then not read', () => {
    const channels = notifyChannels(env({ slack: { webhookUrlEnv: 'TEAM_HOOK' } }), { FIREDRILL_SLACK_WEBHOOK_URL: SECRET_URL });
    expect(channels).toEqual([{ kind: 'slack', webhookUrlEnv: 'TEAM_HOOK' }]);
    expect(readWebhookUrl('TEAM_HOOK', { TEAM_HOOK: SECRET_URL })).toEqual({ ok: true, url: SECRET_URL });
  });

  it('SNS takes the topic from the environment file first, then from FIREDRILL_SNS_TOPIC_ARN', () => {
    const other = 'arn:aws:sns:eu-west-1:123456789012:other';
    expect(notifyChannels(env({ sns: { topicArn: TOPIC } }), { FIREDRILL_SNS_TOPIC_ARN: other })).toEqual([{ kind: 'sns', topicArn: TOPIC, source: 'notify.sns.topicArn' }]);
    expect(notifyChannels(env(), { FIREDRILL_SNS_TOPIC_ARN: ` ${other} ` })).toEqual([{ kind: 'sns', topicArn: other, source: 'FIREDRILL_SNS_TOPIC_ARN' }]);
    expect(snsTopicArn(env(), {})).toBeUndefined();
  });
});

describe('webhook URL validation', () => {
  it('accepts https, and http only to a loopback address', () => {
    expect(webhookUrlProblem(SECRET_URL)).toBeUndefined();
    expect(webhookUrlProblem('http://127.0.0.1:8080/hook')).toBeUndefined();
    expect(webhookUrlProblem('http://[::1]:8080/hook')).toBeUndefined();
    expect(webhookUrlProblem('http://localhost/hook')).toBeUndefined();
    expect(webhookUrlProblem('http://hooks.slack.com/services/x')).toMatch(/not loopback/);
    expect(webhookUrlProblem('ftp://hooks.slack.com/x')).toMatch(/not an https/);
    expect(webhookUrlProblem('hooks.slack.com/services/x')).toMatch(/does not parse/);
    expect(webhookUrlProblem('https://user:pw@hooks.slack.com/x')).toMatch(/user name or password/);
  });

  it('a malformed URL fails preflight naming the variable and never quoting the value', () => {
    const malformed = 'hooks.slack.com/services/T0000/B0000/s3cr3tT0k3nValue';
    const err = preflightError(env({ slack: { webhookUrlEnv: 'TEAM_HOOK' } }), { TEAM_HOOK: malformed });
    expect(err?.exitCode).toBe(2);
    expect(err?.message).toContain('TEAM_HOOK');
    expect(err?.message).toContain('notify.slack');
    expect(err?.message).not.toContain('s3cr3tT0k3nValue');
    expect(err?.message).not.toContain('T0000/B0000');
  });

  it('an http URL to a remote host fails preflight (the token would travel in clear text)', () => {
    const err = preflightError(env(), { FIREDRILL_SLACK_WEBHOOK_URL: 'http://hooks.slack.com/services/T/B/s3cr3tT0k3nValue' });
    expect(err?.message).toMatch(/FIREDRILL_SLACK_WEBHOOK_URL does not hold a usable webhook URL: it is http:\/\/ to a host that is not loopback/);
    expect(err?.message).not.toContain('s3cr3t');
  });

  it('a configured variable that is unset does not fail preflight (it is a warning at send time)', () => {
    expect(preflightError(env({ slack: {} }), {})).toBeUndefined();
    expect(readWebhookUrl('FIREDRILL_SLACK_WEBHOOK_URL', {})).toEqual({ ok: false, unset: true, problem: 'FIREDRILL_SLACK_WEBHOOK_URL is not set' });
  });

  it('valid settings pass preflight', () => {
    expect(preflightError(env({ sns: { topicArn: TOPIC } }), { FIREDRILL_SLACK_WEBHOOK_URL: SECRET_URL })).toBeUndefined();
  });
});

describe('SNS topic validation', () => {
  it('a malformed FIREDRILL_SNS_TOPIC_ARN fails preflight naming the variable', () => {
    const err = preflightError(env(), { FIREDRILL_SNS_TOPIC_ARN: 'drills' });
    expect(err?.message).toContain('notify.sns (from FIREDRILL_SNS_TOPIC_ARN): not a standard SNS topic ARN');
  });

  it('a FIFO topic is refused (the notifier publishes without a message group)', () => {
    expect(preflightError(env(), { FIREDRILL_SNS_TOPIC_ARN: `${TOPIC}.fifo` })?.message).toContain('FIFO topics are not supported');
  });

  it('Slack and SNS problems are reported together', () => {
    const err = preflightError(env(), { FIREDRILL_SNS_TOPIC_ARN: 'drills', FIREDRILL_SLACK_WEBHOOK_URL: 'nope' });
    expect(err?.problems.map((p) => p.path)).toEqual(['notify.slack', 'notify.sns (from FIREDRILL_SNS_TOPIC_ARN)']);
  });
});

describe('the environment file\'s notify block', () => {
  const base = { name: 'stg', region: 'eu-west-1', alarmPrefix: 'a-', ecs: { cluster: 'c', service: 's' }, database: { secretId: 'x' }, target: { baseUrl: 'https://api.example.com' } };

  it('accepts a variable name and a topic ARN, and loadEnvironment keeps them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'firedrill-notify-'));
    try {
      const file = join(dir, 'stg.yaml');
      writeFileSync(file, stringify({ ...base, notify: { slack: { webhookUrlEnv: 'TEAM_HOOK' }, sns: { topicArn: TOPIC } } }));
      const loaded = await loadEnvironment(file);
      expect(loaded.notify).toEqual({ slack: { webhookUrlEnv: 'TEAM_HOOK' }, sns: { topicArn: TOPIC } });
      expect(notifyChannels(loaded, {})).toEqual([{ kind: 'slack', webhookUrlEnv: 'TEAM_HOOK' }, { kind: 'sns', topicArn: TOPIC, source: 'notify.sns.topicArn' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a URL where the variable name belongs, an unknown field, and a FIFO or malformed topic ARN', () => {
    const problems = checkSchema(environmentSchema, { ...base, notify: { slack: { webhookUrlEnv: 'https://hooks.slack.com/x' }, sns: { topicArn: `${TOPIC}.fifo` }, email: {} } });
    expect(problems.map((p) => p.path).sort()).toEqual(['notify.email', 'notify.slack.webhookUrlEnv', 'notify.sns.topicArn']);
    expect(problems.find((p) => p.path === 'notify.slack.webhookUrlEnv')?.message).toContain('the NAME of the environment variable');
  });

  it('a webhook URL pasted where the variable name belongs is named by its host only: the token is not echoed', () => {
    const problems = checkSchema(environmentSchema, { ...base, notify: { slack: { webhookUrlEnv: SECRET_URL } } });
    const message = problems.find((p) => p.path === 'notify.slack.webhookUrlEnv')!.message;
    expect(message).toContain('"https://hooks.slack.com/…" (a URL; the rest is not shown');
    expect(message).not.toContain('T0000');
    expect(message).not.toContain('s3cr3t');
  });
});
