// The fault catalogue: every action an experiment may name, with the JSON Schema of its `with:` parameters.
// Validation reads it (unknown actions are rejected with this list); docs/faults.md documents each row.
// Adding a fault = one file in chaos/ + one entry here + one test + one docs row.

export interface FaultDescriptor {
  action: string;
  summary: string;
  paramsSchema: Record<string, unknown>;
}

const percent = { type: 'integer', minimum: 1, maximum: 100 } as const;

export const faultCatalogue: readonly FaultDescriptor[] = [
  {
    action: 'shrink-db-pool',
    summary: 'new secret version with DB_POOL_MAX=n (other keys kept), force a new deployment',
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['poolMax'],
      properties: { poolMax: { type: 'integer', minimum: 1, maximum: 10000 } },
    },
  },
  {
    action: 'break-db-secret',
    summary: 'new secret version with an invalid DATABASE_URL (or the key removed), force a new deployment',
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        mode: { enum: ['unreachable-host', 'wrong-password', 'remove-key'], default: 'unreachable-host' },
        key: { type: 'string', default: 'DATABASE_URL' },
      },
    },
  },
  {
    action: 'pg-sleep',
    summary: 'hold a lock on named tables in a sleeping transaction, or occupy n connections with pg_sleep',
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['mode'],
      properties: {
        mode: { enum: ['lock', 'connections'] },
        tables: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$' } },
        lockMode: { enum: ['ACCESS EXCLUSIVE', 'EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'SHARE'], default: 'EXCLUSIVE' },
        connections: { type: 'integer', minimum: 1, maximum: 500 },
      },
      if: { properties: { mode: { const: 'lock' } } },
      then: { required: ['tables'] },
      else: { required: ['connections'] },
    },
  },
  {
    action: 'scale-service',
    summary: 'set the ECS service desiredCount to n (or reduce it by p %)',
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        desiredCount: { type: 'integer', minimum: 0, maximum: 1000 },
        reducePercent: percent,
        allowZero: { type: 'boolean', default: false },
      },
      oneOf: [{ required: ['desiredCount'] }, { required: ['reducePercent'] }],
    },
  },
  {
    action: 'stop-tasks',
    summary: 'StopTask on n or p % of the running tasks of the service',
    paramsSchema: {
      type: 'object',
      additionalProperties: false,
      properties: { count: { type: 'integer', minimum: 1, maximum: 1000 }, percent },
      oneOf: [{ required: ['count'] }, { required: ['percent'] }],
    },
  },
];

export function findFault(action: string): FaultDescriptor | undefined {
  return faultCatalogue.find((f) => f.action === action);
}
