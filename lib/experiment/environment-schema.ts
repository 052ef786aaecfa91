import { NAME_PATTERN } from './schema-parts.ts';

/**
 * JSON Schema of an environment file: everything account-specific lives here, never in experiments.
 * Secrets never live here either: only where to find them (secret ids, names of environment variables).
 */
export const environmentSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://firedrill.dev/schemas/environment.json',
  title: 'firedrill environment',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'region', 'alarmPrefix', 'ecs', 'database'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: NAME_PATTERN },
    description: { type: 'string' },
    production: { type: 'boolean', default: false },
    sandbox: { type: 'boolean', description: 'true: firedrill starts the local sandbox and fills target and endpoint from it' },
    region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' },
    accountIds: { type: 'array', items: { type: 'string', pattern: '^\\d{12}$' }, description: 'allowlist checked before anything is touched' },
    aws: {
      type: 'object',
      additionalProperties: false,
      properties: { profile: { type: 'string' }, endpoint: { type: 'string', format: 'uri' } },
    },
    target: {
      type: 'object',
      additionalProperties: false,
      required: ['baseUrl'],
      properties: { baseUrl: { type: 'string', format: 'uri' }, healthPath: { type: 'string', default: '/health' } },
    },
    alarmPrefix: { type: 'string' },
    ecs: {
      type: 'object',
      additionalProperties: false,
      required: ['cluster', 'service'],
      properties: { cluster: { type: 'string', minLength: 1 }, service: { type: 'string', minLength: 1 } },
    },
    database: {
      type: 'object',
      additionalProperties: false,
      required: ['secretId'],
      properties: {
        secretId: { type: 'string', minLength: 1, description: 'Secrets Manager id of the secret the service reads DATABASE_URL / DB_POOL_MAX from' },
        adminUrlFrom: {
          type: 'object',
          additionalProperties: false,
          description: 'where the admin connection string for pg-sleep comes from (never the value itself)',
          properties: { env: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$' }, secretId: { type: 'string' }, key: { type: 'string' } },
        },
      },
    },
    vars: { type: 'object', additionalProperties: { type: 'string' }, description: 'extra values for ${var} in experiments' },
    notify: {
      type: 'object',
      additionalProperties: false,
      description: 'optional notifications after a drill (docs/notifications.md); never the webhook URL itself',
      properties: {
        slack: {
          type: 'object',
          additionalProperties: false,
          properties: {
            webhookUrlEnv: {
              type: 'string',
              pattern: '^[A-Z_][A-Z0-9_]*$',
              description: 'the NAME of the environment variable holding the incoming-webhook URL, like FIREDRILL_SLACK_WEBHOOK_URL',
            },
          },
        },
        sns: {
          type: 'object',
          additionalProperties: false,
          required: ['topicArn'],
          properties: {
            topicArn: {
              type: 'string',
              pattern: '^arn:aws[a-z-]*:sns:[a-z]{2}(-[a-z]+)+-\\d:\\d{12}:[A-Za-z0-9_-]{1,256}$',
              description: 'a standard topic ARN like arn:aws:sns:eu-west-1:123456789012:drills',
            },
          },
        },
      },
    },
  },
} as const;
