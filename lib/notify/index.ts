// lib/notify: after a drill's report is written, tell Slack and/or an SNS topic the verdict and the summary.
// Off by default. Channels run in parallel, each bounded (NOTIFY_RETRY); a failure is one warning line naming the
// channel and the fix, and never changes the verdict or the exit code: sendNotifications never throws.
import { awsTargetFor, type AwsTarget } from '../aws/clients.ts';
import { FiredrillError } from '../errors.ts';
import type { Environment } from '../experiment/environment.ts';
import type { SandboxState } from '../sandbox-state.ts';
import type { Report } from '../../reports/model.ts';
import { notifyChannels, readWebhookUrl, REPORT_URL_ENV, WEBHOOK_FIX, isTopicArn, type NotifyChannel } from './config.ts';
import { buildContent, type NotifyContent } from './content.ts';
import { describeAttempts, NOTIFY_RETRY, withRetry, type NotifyRetryPolicy, type RetryOutcome } from './retry.ts';
import { postToSlack, slackPayload } from './slack.ts';
import { publishToSns, snsClientFor, topicRegion } from './sns.ts';

export { checkNotifyConfig, notifyChannels, snsTopicArn, DEFAULT_SLACK_WEBHOOK_ENV, SNS_TOPIC_ENV, REPORT_URL_ENV, type NotifyChannel } from './config.ts';
export { NOTIFY_RETRY, type NotifyRetryPolicy } from './retry.ts';

export interface NotifyContext {
  /** The run directory, named in the message as where the report is. */
  runDir: string;
  env: Environment;
  /** Where SNS is reached; without it, the environment's own target (its sandbox's endpoint, profile, region). */
  aws?: { endpoint?: string; region: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };
  /** Sandbox environments: the running sandbox's state (as given to openAws); default: read its state file. */
  sandboxState?: () => SandboxState;
  /** The variables to read (default process.env); tests pass their own. */
  processEnv?: NodeJS.ProcessEnv;
  /** Default NOTIFY_RETRY; tests shorten it. */
  retry?: NotifyRetryPolicy;
}

export interface NotifyResult {
  channel: NotifyChannel['kind'];
  ok: boolean;
  /** 0 when nothing could be sent (the channel is misconfigured). */
  attempts: number;
  elapsedMs: number;
  /** HTTP status / message id, or what went wrong. Never the webhook URL. */
  detail: string;
}

const CHANNEL_NAME = { slack: 'Slack', sns: 'SNS' } as const;

/** Notify every configured channel. Resolves when all are done or gave up (about 10 s at most); never throws. */
export async function sendNotifications(report: Report, ctx: NotifyContext, say: (line: string) => void): Promise<NotifyResult[]> {
  try {
    const processEnv = ctx.processEnv ?? process.env;
    const channels = notifyChannels(ctx.env, processEnv);
    if (channels.length === 0) return [];
    // Reading a webhook URL remembers it as a secret, so the content built next cannot carry it.
    for (const c of channels) if (c.kind === 'slack') readWebhookUrl(c.webhookUrlEnv, processEnv);
    const reportUrl = readReportUrl(processEnv, say);
    const content = buildContent(report, { runDir: ctx.runDir, ...(reportUrl ? { reportUrl } : {}) });
    return await Promise.all(channels.map((channel) => sendOne(channel, content, ctx, processEnv, say)));
  } catch {
    say('warning: notifications were not sent (an internal error in firedrill); the verdict is unchanged');
    return [];
  }
}

async function sendOne(channel: NotifyChannel, content: NotifyContent, ctx: NotifyContext, processEnv: NodeJS.ProcessEnv, say: (line: string) => void): Promise<NotifyResult> {
  const name = CHANNEL_NAME[channel.kind];
  const refused = (detail: string, fix: string): NotifyResult => {
    say(`warning: ${name} notification not sent: ${detail}; the verdict is unchanged. Fix: ${fix}`);
    return { channel: channel.kind, ok: false, attempts: 0, elapsedMs: 0, detail };
  };
  try {
    if (channel.kind === 'slack') {
      const lookup = readWebhookUrl(channel.webhookUrlEnv, processEnv);
      if (!lookup.ok) return refused(lookup.problem, lookup.unset ? `${WEBHOOK_FIX(channel.webhookUrlEnv)}${ctx.env.notify?.slack ? ` (or remove notify.slack from ${ctx.env.file})` : ''}` : WEBHOOK_FIX(channel.webhookUrlEnv));
      const payload = slackPayload(content);
      const outcome = await withRetry((signal) => postToSlack(lookup.url, payload, signal, channel.webhookUrlEnv), ctx.retry ?? NOTIFY_RETRY);
      return reportOutcome(channel, `${name} (${channel.webhookUrlEnv})`, outcome, say);
    }
    if (!isTopicArn(channel.topicArn)) return refused(`${channel.source} is not a standard SNS topic ARN`, 'use one like arn:aws:sns:eu-west-1:123456789012:drills');
    const { target, credentials } = snsTarget(ctx, topicRegion(channel.topicArn));
    const client = snsClientFor(target, credentials);
    try {
      const outcome = await withRetry((signal) => publishToSns(client, channel.topicArn, content, signal, channel.source), ctx.retry ?? NOTIFY_RETRY);
      return reportOutcome(channel, `${name} topic ${channel.topicArn}`, outcome, say);
    } finally {
      client.destroy();
    }
  } catch (err) {
    // Only firedrill's own errors are known to be safe to print (they never quote secrets).
    return refused(err instanceof FiredrillError ? err.message : 'an internal error in firedrill', err instanceof FiredrillError ? (err.hint ?? 'see the message') : 'please report it with the run directory');
  }
}

function reportOutcome(channel: NotifyChannel, shown: string, outcome: RetryOutcome, say: (line: string) => void): NotifyResult {
  const { result } = outcome;
  const base = { channel: channel.kind, attempts: outcome.attempts, elapsedMs: outcome.elapsedMs, detail: result.detail };
  if (result.ok) {
    say(`notified ${shown}: ${result.detail} (${describeAttempts(outcome)})`);
    return { ...base, ok: true };
  }
  say(`warning: ${CHANNEL_NAME[channel.kind]} notification not sent: ${result.detail} after ${describeAttempts(outcome)}; the verdict is unchanged. Fix: ${result.fix ?? 'see the detail'}`);
  return { ...base, ok: false };
}

/** The environment's own AWS target in the topic's region (SNS publishes only in the topic's region). */
function snsTarget(ctx: NotifyContext, region: string): { target: AwsTarget; credentials?: NonNullable<NotifyContext['aws']>['credentials'] } {
  if (ctx.aws) {
    return { target: { region, sandbox: false, ...(ctx.aws.endpoint ? { endpoint: ctx.aws.endpoint } : {}) }, ...(ctx.aws.credentials ? { credentials: ctx.aws.credentials } : {}) };
  }
  return { target: { ...awsTargetFor(ctx.env, ctx.sandboxState), region } };
}

/** FIREDRILL_REPORT_URL (e.g. a CI artefact link), when it is an http(s) URL; otherwise left out, with a warning. */
function readReportUrl(processEnv: NodeJS.ProcessEnv, say: (line: string) => void): string | undefined {
  const value = processEnv[REPORT_URL_ENV]?.trim();
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // reported below
  }
  say(`warning: ${REPORT_URL_ENV} is not an http(s) URL; the notification names only the run directory`);
  return undefined;
}
