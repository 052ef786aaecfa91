// Seed once: a marker row records the seed version and size. A matching marker means the data is already there
// (warm start); anything else rebuilds everything in ONE transaction, so a crash mid-seed leaves no marker and the
// next start simply seeds again.
import pg from 'pg';
import { CONSTRAINTS_AND_INDEXES, CREATE_TABLES, DROP_ALL, RESET_SEQUENCES } from './schema.ts';
import { CONTRACT_SIZE, seedStatements, validateSeedSize, type SeedSize } from './seed-sql.ts';

/** Bump when the schema or the seed data changes, so existing sandboxes reseed. */
export const SEED_VERSION = 2;

export interface SeedOptions {
  size?: SeedSize;
  onProgress?: (message: string) => void;
}

export interface SeedResult {
  /** false when a matching seed was already present. */
  seeded: boolean;
  durationMs: number;
  size: SeedSize;
}

async function currentMarker(client: pg.Client): Promise<{ version: number; size: SeedSize } | undefined> {
  const exists = await client.query(`SELECT to_regclass('public.firedrill_seed') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return undefined;
  const row = await client.query('SELECT version, size FROM firedrill_seed LIMIT 1');
  return row.rows[0] as { version: number; size: SeedSize } | undefined;
}

function sameSize(a: SeedSize, b: SeedSize): boolean {
  return a.organisations === b.organisations && a.patients === b.patients && a.specialists === b.specialists;
}

/** adminUrl: a superuser connection to the application database (startDatabase's adminUrl). */
export async function seedDatabase(adminUrl: string, options: SeedOptions = {}): Promise<SeedResult> {
  const size = options.size ?? CONTRACT_SIZE;
  validateSeedSize(size);
  const progress = options.onProgress ?? (() => {});
  const started = Date.now();
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'firedrill:seed' });
  client.on('error', () => {});
  await client.connect();
  try {
    const marker = await currentMarker(client);
    if (marker && marker.version === SEED_VERSION && sameSize(marker.size, size)) {
      return { seeded: false, durationMs: Date.now() - started, size };
    }
    progress(marker ? 'seed data is from another version or size: rebuilding' : 'seeding the clinic database (first start)');
    await client.query('BEGIN');
    await client.query(`SET LOCAL synchronous_commit = off; SET LOCAL maintenance_work_mem = '256MB'; SET LOCAL timezone = 'UTC'`);
    await client.query(DROP_ALL);
    for (const sql of CREATE_TABLES) await client.query(sql);
    for (const step of seedStatements(size)) {
      const t = Date.now();
      const res = await client.query(step.sql);
      progress(`  ${step.label}: ${res.rowCount} rows in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
    const t = Date.now();
    for (const sql of [...CONSTRAINTS_AND_INDEXES, ...RESET_SEQUENCES]) await client.query(sql);
    progress(`  keys, indexes and row-level security in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    await client.query('CREATE TABLE firedrill_seed (version integer NOT NULL, size jsonb NOT NULL, seeded_at timestamptz NOT NULL DEFAULT now())');
    await client.query('INSERT INTO firedrill_seed (version, size) VALUES ($1, $2)', [SEED_VERSION, JSON.stringify(size)]);
    await client.query('COMMIT');
    // Statistics so the planner picks the indexes from the first request on; the vacuum also sets hint bits and
    // the visibility map now, so the first drill's reads do not pay for rewriting freshly loaded pages.
    await client.query('VACUUM ANALYZE');
    progress(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { seeded: true, durationMs: Date.now() - started, size };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}
