import { CATEGORIES, DURATION_SCHEMA, HEALTH_STATUSES, NAME_PATTERN } from './schema-parts.ts';

/**
 * JSON Schema (draft 2020-12) of an experiment file. The TypeScript type `Experiment` is derived from this object
 * (types.ts), so the schema and the types cannot drift. docs/experiments.md documents every field.
 */
export const experimentSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://firedrill.dev/schemas/experiment.json',
  title: 'firedrill experiment',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'load'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: NAME_PATTERN, description: 'lowercase letters, digits and dashes' },
    description: { type: 'string' },
    load: {
      type: 'object',
      additionalProperties: false,
      required: ['scenario', 'stages'],
      properties: {
        scenario: { type: 'string', pattern: '\\.ts$', description: 'path of a k6 scenario, relative to the project root' },
        stages: {
          type: 'array',
          minItems: 1,
          maxItems: 100,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['duration', 'target'],
            properties: { duration: DURATION_SCHEMA, target: { type: 'integer', minimum: 0, maximum: 10000 } },
          },
        },
        env: { type: 'object', additionalProperties: { type: 'string' }, description: 'extra __ENV values for the scenario' },
      },
    },
    faults: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'action', 'at', 'hold'],
        properties: {
          id: { type: 'string', pattern: NAME_PATTERN },
          action: { type: 'string' },
          description: { type: 'string' },
          at: DURATION_SCHEMA,
          hold: DURATION_SCHEMA,
          with: { type: 'object' },
        },
      },
    },
    expect: {
      type: 'object',
      additionalProperties: false,
      properties: {
        alarms: {
          type: 'array',
          maxItems: 100,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['name'],
            properties: {
              name: { type: 'string', minLength: 1, maxLength: 255 },
              fires: {
                type: 'object',
                additionalProperties: false,
                required: ['within', 'after'],
                properties: { within: DURATION_SCHEMA, after: { type: 'string' } },
              },
              recovers: {
                type: 'object',
                additionalProperties: false,
                required: ['within'],
                properties: { within: DURATION_SCHEMA },
              },
              quiet: { type: 'boolean' },
              strict: { type: 'boolean', description: 'false makes a failed check a warning' },
            },
          },
        },
        unexpectedAlarms: {
          type: 'object',
          additionalProperties: false,
          required: ['prefix'],
          properties: {
            prefix: { type: 'string' },
            severity: { enum: ['fail', 'warn'] },
            ignore: { type: 'array', items: { type: 'string' } },
          },
        },
        slo: {
          type: 'array',
          maxItems: 200,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['phase'],
            properties: {
              category: { enum: [...CATEGORIES, 'all'] },
              phase: { type: 'string', minLength: 1 },
              p50: DURATION_SCHEMA,
              p95: DURATION_SCHEMA,
              p99: DURATION_SCHEMA,
              max: DURATION_SCHEMA,
              errorRate: {
                type: 'object',
                additionalProperties: false,
                required: ['max'],
                properties: { max: { type: 'number', minimum: 0, maximum: 1 } },
              },
              minRps: { type: 'number', minimum: 0 },
              within: { ...DURATION_SCHEMA, description: 'recovery phase only: back under the SLO within this long of restore' },
              strict: { type: 'boolean' },
            },
          },
        },
        health: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['phase', 'status'],
            properties: { phase: { type: 'string' }, status: { enum: HEALTH_STATUSES }, strict: { type: 'boolean' } },
          },
        },
      },
    },
    guardrails: {
      type: 'object',
      additionalProperties: false,
      properties: {
        stopOn: { type: 'array', items: { type: 'string', minLength: 1 } },
        maxErrorRate: {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'for'],
          properties: { value: { type: 'number', minimum: 0, maximum: 1 }, for: DURATION_SCHEMA },
        },
        maxP95: {
          type: 'object',
          additionalProperties: false,
          required: ['value', 'for'],
          properties: { value: DURATION_SCHEMA, for: DURATION_SCHEMA },
        },
      },
    },
    metrics: {
      type: 'array',
      description: 'CloudWatch metrics to collect as evidence (GetMetricData)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['namespace', 'name', 'stat'],
        properties: {
          namespace: { type: 'string' },
          name: { type: 'string' },
          stat: { type: 'string', pattern: '^(Sum|Average|Minimum|Maximum|SampleCount|p\\d{1,2}(\\.\\d+)?)$' },
          period: { type: 'integer', minimum: 1 },
          dimensions: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
    },
  },
} as const;
