// Which notification channels a drill uses, from the environment file and the process environment. Off unless asked
// for. The Slack webhook URL embeds a token: it lives only in an environment variable, is read at the last moment,
// and no message, result or error ever carries it (they name the variable instead).
import { InvalidInputError, type InputProblem } from '../errors.ts';
import type { Environment } from '../experiment/environment.ts';
import { environmentSchema } from '../experiment/environment-schema.ts';
import { rememberSecret } from '../safety/secret-values.ts';

export const DEFAULT_SLACK_WEBHOOK_ENV = 'FIREDRILL_SLACK_WEBHOOK_URL';
export const SNS_TOPIC_ENV = 'FIREDRILL_SNS_TOPIC_ARN';
export const REPORT_URL_ENV = 'FIREDRILL_REPORT_URL';

export type NotifyChannel =
  | { kind: 'slack'; /** The variable holding the webhook URL (its name, never its value). */ webhookUrlEnv: string }
  | { kind: 'sns'; topicArn: string; /** Where the ARN came from, for messages: a field or a variable name. */ source: string };

type NotifyEnv = Pick<Environment, 'file' | 'notify'>;

/** The channels this drill notifies; empty means notifications are off (the default). */
export function notifyChannels(env: NotifyEnv, processEnv: NodeJS.ProcessEnv): NotifyChannel[] {
  const channels: NotifyChannel[] = [];
  const slackEnv = env.notify?.slack?.webhookUrlEnv ?? DEFAULT_SLACK_WEBHOOK_ENV;
  if (env.notify?.slack || nonEmpty(processEnv[DEFAULT_SLACK_WEBHOOK_ENV])) channels.push({ kind: 'slack', webhookUrlEnv: slackEnv });
  const fileArn = env.notify?.sns?.topicArn;
  const envArn = processEnv[SNS_TOPIC_ENV]?.trim();
  if (fileArn) channels.push({ kind: 'sns', topicArn: fileArn, source: 'notify.sns.topicArn' });
  else if (envArn) channels.push({ kind: 'sns', topicArn: envArn, source: SNS_TOPIC_ENV });
  return channels;
}

/**
 * Preflight: a channel that is on but misconfigured fails the drill before anything is applied (exit 2), naming the
 * field or variable and the fix. A configured webhook variable that is simply unset is not an error here: it is
 * reported as a warning when the notification would be sent (a local run without the CI secret still runs).
 */
export function checkNotifyConfig(env: NotifyEnv, processEnv: NodeJS.ProcessEnv): void {
  const problems: InputProblem[] = [];
  for (const channel of notifyChannels(env, processEnv)) {
    const problem = channel.kind === 'slack' ? slackProblem(channel.webhookUrlEnv, processEnv) : snsProblem(channel);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new InvalidInputError(env.file, problems);
}

export type WebhookLookup = { ok: true; url: string } | { ok: false; problem: string; unset: boolean };

/** The webhook URL for sending, validated; remembered as a secret so nothing the process writes can carry it. */
export function readWebhookUrl(variable: string, processEnv: NodeJS.ProcessEnv): WebhookLookup {
  const value = processEnv[variable]?.trim();
  if (!value) return { ok: false, unset: true, problem: `${variable} is not set` };
  rememberSecret(value);
  const reason = webhookUrlProblem(value);
  return reason ? { ok: false, unset: false, problem: `${variable} does not hold a usable webhook URL: ${reason}` } : { ok: true, url: value };
}

export const WEBHOOK_FIX = (variable: string) =>
  `set ${variable} to the incoming-webhook URL Slack gave you (https://hooks.slack.com/services/...), or unset it to turn Slack notifications off`;

function slackProblem(variable: string, processEnv: NodeJS.ProcessEnv): InputProblem | undefined {
  const lookup = readWebhookUrl(variable, processEnv);
  if (lookup.ok || lookup.unset) return undefined;
  return { path: 'notify.slack', message: `${lookup.problem}; ${WEBHOOK_FIX(variable)}` };
}

/**
 * Why `value` is not a webhook URL firedrill will post to, without quoting any of it (it carries a token).
 * https only; plain http only to a loopback address (tests, a local relay), since anything else would send the
 * token and the report in clear text.
 */
export function webhookUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'it does not parse as a URL';
  }
  if (url.username || url.password) return 'it carries a user name or password before the host';
  if (url.protocol === 'https:') return url.hostname ? undefined : 'it has no host';
  if (url.protocol === 'http:') return isLoopbackHost(url.hostname) ? undefined : 'it is http:// to a host that is not loopback; use https';
  return 'it is not an https:// URL';
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** The environment schema's topic ARN pattern: one rule for the file and the variable. */
const TOPIC_ARN = new RegExp(environmentSchema.properties.notify.properties.sns.properties.topicArn.pattern);

export function isTopicArn(value: string): boolean {
  return TOPIC_ARN.test(value);
}

function snsProblem(channel: Extract<NotifyChannel, { kind: 'sns' }>): InputProblem | undefined {
  if (isTopicArn(channel.topicArn)) return undefined;
  return {
    path: channel.source === SNS_TOPIC_ENV ? `notify.sns (from ${SNS_TOPIC_ENV})` : channel.source,
    message: `not a standard SNS topic ARN; use one like arn:aws:sns:eu-west-1:123456789012:drills (FIFO topics are not supported), or unset ${SNS_TOPIC_ENV}`,
  };
}

/** The topic ARN an environment publishes to (environment file first, then FIREDRILL_SNS_TOPIC_ARN), if any. */
export function snsTopicArn(env: NotifyEnv, processEnv: NodeJS.ProcessEnv): string | undefined {
  const channel = notifyChannels(env, processEnv).find((c) => c.kind === 'sns');
  return channel?.kind === 'sns' ? channel.topicArn : undefined;
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
