// The reference API's configuration, read once from the environment the ECS task gives it.
// Bad configuration is a startup error (exit non-zero, every problem named); a DATABASE_URL that is present but
// wrong is NOT: the service must start and report itself unhealthy, like the platform's API with a broken secret.

export interface ServiceConfig {
  port: number;
  databaseUrl: string;
  poolMax: number;
  serviceName: string;
  taskId: string;
  awsRegion: string;
  /** When set, CloudWatch calls go here (the SDK also reads AWS_ENDPOINT_URL itself). */
  awsEndpointUrl: string | undefined;
  metricsIntervalMs: number;
  /** How long a request waits for a pool slot before 503 pool_timeout. */
  acquireTimeoutMs: number;
  slowQueryMs: number;
  /** Platform targets: query 5 s and request 30 s; exports get 30 s queries and 2 min requests. */
  queryTimeoutMs: number;
  requestTimeoutMs: number;
  exportQueryTimeoutMs: number;
  exportRequestTimeoutMs: number;
  /** On SIGTERM, how long in-flight requests may take to finish. */
  shutdownGraceMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

// Why 10 s: a briefly saturated pool should queue rather than fail (the pool-exhaustion drill expects waits and
// the pool alarm, not 5xx), yet acquire (10 s) plus the query timeout (5 s) must stay well inside the 30 s request
// timeout so a request that finally gets a connection can still finish.
export const DEFAULT_ACQUIRE_TIMEOUT_MS = 10_000;

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, problems: string[], spec: { def?: number; min: number; max: number }): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') {
    if (spec.def !== undefined) return spec.def;
    problems.push(`${name} is required (an integer ${spec.min}..${spec.max})`);
    return 0;
  }
  const n = Number(raw.trim());
  if (!/^\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < spec.min || n > spec.max) {
    problems.push(`${name}: expected an integer ${spec.min}..${spec.max}, got "${raw}"`);
    return 0;
  }
  return n;
}

function endpointVar(env: Env, problems: string[]): string | undefined {
  const raw = env.AWS_ENDPOINT_URL?.trim();
  if (!raw) return undefined;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http(s)');
    return raw;
  } catch {
    problems.push(`AWS_ENDPOINT_URL: expected an http(s) URL such as http://127.0.0.1:4566, got "${raw}"`);
    return undefined;
  }
}

export function loadConfig(env: Env): ServiceConfig {
  const problems: string[] = [];
  const databaseUrl = env.DATABASE_URL ?? '';
  // Its value is never echoed: it carries the password.
  if (databaseUrl.trim() === '') problems.push('DATABASE_URL is required (postgres://user:password@host:port/db)');
  const config: ServiceConfig = {
    port: intVar(env, 'PORT', problems, { min: 0, max: 65535 }),
    databaseUrl,
    poolMax: intVar(env, 'DB_POOL_MAX', problems, { def: 10, min: 1, max: 1000 }),
    serviceName: env.SERVICE_NAME?.trim() || 'core-api',
    taskId: env.TASK_ID?.trim() || `local-${process.pid}`,
    awsRegion: env.AWS_REGION?.trim() || 'us-east-1',
    awsEndpointUrl: endpointVar(env, problems),
    metricsIntervalMs: intVar(env, 'METRICS_INTERVAL_MS', problems, { def: 10_000, min: 100, max: 3_600_000 }),
    acquireTimeoutMs: intVar(env, 'DB_ACQUIRE_TIMEOUT_MS', problems, { def: DEFAULT_ACQUIRE_TIMEOUT_MS, min: 1, max: 120_000 }),
    slowQueryMs: intVar(env, 'SLOW_QUERY_MS', problems, { def: 500, min: 1, max: 600_000 }),
    queryTimeoutMs: 5_000,
    requestTimeoutMs: 30_000,
    exportQueryTimeoutMs: 30_000,
    exportRequestTimeoutMs: 120_000,
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', problems, { def: 20_000, min: 0, max: 300_000 }),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
