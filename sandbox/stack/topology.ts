// Names and identifiers of the sandbox's resources: one place, so the stack, its alarms and docs agree.

export const REGION = 'us-east-1';
export const ACCOUNT_ID = '000000000000';
export const CLUSTER = 'sandbox';
export const SERVICE = 'core-api';
export const TASK_FAMILY = 'core-api';
export const CONTAINER = 'api';
export const CONTAINER_PORT = 8080;
export const IMAGE = 'firedrill/reference-api';
export const SECRET_ID = 'sandbox/core-api/db';
export const ALARM_PREFIX = 'sandbox-';
export const DB_INSTANCE = 'sandbox-db';
export const LOAD_BALANCER_DIM = 'app/sandbox-alb/0000000000000000';
export const TARGET_GROUP_DIM = 'targetgroup/core-api/0000000000000000';
export const TARGET_GROUP_ARN = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT_ID}:${TARGET_GROUP_DIM}`;
/** The pool each task gets before any drill; the pool-exhaustion drill shrinks it. */
export const DEFAULT_POOL_MAX = 10;
export const DEFAULT_TASK_COUNT = 2;
/** Sandbox-only credentials for the SDK clients; the endpoint ignores signatures. */
export const SANDBOX_CREDENTIALS = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };
