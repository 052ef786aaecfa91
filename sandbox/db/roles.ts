// The application database and its two roles: the cluster's superuser (chaos faults, monitoring, seeding) and
// core_api, a plain login role that row-level security applies to, like the platform's app user on RDS.
import pg from 'pg';
import { ADMIN_USER } from './cluster.ts';
import type { Credentials } from './credentials.ts';

export const APP_DATABASE = 'clinic';
export const APP_ROLE = 'core_api';

export function connectionUrl(user: string, password: string, port: number, database = APP_DATABASE): string {
  return `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** Idempotent: create what is missing, and re-set the app password so it always matches the credentials file. */
export async function ensureDatabaseAndRoles(port: number, creds: Credentials): Promise<void> {
  const client = new pg.Client({ connectionString: connectionUrl(ADMIN_USER, creds.adminPassword, port, 'postgres') });
  client.on('error', () => {});
  await client.connect();
  try {
    const db = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [APP_DATABASE]);
    if (db.rowCount === 0) await client.query(`CREATE DATABASE ${APP_DATABASE}`);
    const role = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [APP_ROLE]);
    const verb = role.rowCount === 0 ? 'CREATE' : 'ALTER';
    // Role passwords cannot be bind parameters; escapeLiteral quotes it. log_statement is off, so it is not logged.
    await client.query(
      `${verb} ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE PASSWORD ${client.escapeLiteral(creds.appPassword)}`,
    );
    await client.query(`GRANT CONNECT ON DATABASE ${APP_DATABASE} TO ${APP_ROLE}`);
  } finally {
    await client.end();
  }
}
