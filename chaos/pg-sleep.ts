// pg-sleep: from an admin connection (the environment's named source, never the experiment), either hold a lock
// on named tables in a transaction that sleeps (`lock`), or occupy n connections with pg_sleep (`connections`).
// Every session is tagged application_name=firedrill:<runId> and bounded server-side by hold + grace.
// Restore terminates the tagged sessions and verifies none remain.
//
// Alone: npx tsx chaos/pg-sleep.ts --env local --mode connections --connections 5 [--hold 30s] | --restore
import type pg from 'pg';
import { pollUntil } from '../lib/aws/index.ts';
import { priorOf, type FaultHistory } from '../lib/journal/index.ts';
import { checkConnectionBudget } from '../lib/safety/blast-radius.ts';
import type { Check, Fault, FaultContext } from './contract.ts';
import { connectionBudget, countTagged, openTagged, quoteTable, sessionTag, terminateTagged, withAdmin, type SessionBounds } from './pg-sessions.ts';
import { runIfScript } from './script.ts';

export interface PgSleepParams {
  mode: 'lock' | 'connections';
  tables?: string[];
  lockMode?: 'ACCESS EXCLUSIVE' | 'EXCLUSIVE' | 'SHARE ROW EXCLUSIVE' | 'SHARE';
  connections?: number;
}

interface SessionsPrior {
  tag: string;
  mode: string;
  sessions: number;
  tables: string[];
  statementTimeoutMs: number;
}

const STEP = 'open-sessions';
/** Connections left for everyone else on top of the superuser reserve. */
const KEEP_FREE = 5;
/** Sessions this process opened, so a restore in the same process also closes its clients. */
const held = new Map<string, pg.Client[]>();

/**
 * The server ends every session on its own: the sleep is cancelled at hold + grace (statement_timeout), which
 * leaves its transaction aborted and idle, and idle_in_transaction_session_timeout then closes the session.
 */
export function sessionBounds(holdMs: number, graceMs: number): SessionBounds {
  return { statementTimeoutMs: holdMs + graceMs, lockTimeoutMs: Math.min(10_000, holdMs + graceMs), idleInTransactionMs: 2000 };
}

/** One session: a transaction (lock mode takes the locks first) that sleeps until restore or the server ends it. */
async function holdOne(url: string, tag: string, p: PgSleepParams, bounds: SessionBounds): Promise<pg.Client> {
  const c = await openTagged(url, tag, bounds);
  held.set(tag, [...(held.get(tag) ?? []), c]);
  const seconds = Math.ceil(bounds.statementTimeoutMs / 1000);
  await c.query('BEGIN');
  if (p.mode === 'lock') await c.query(`LOCK TABLE ${(p.tables ?? []).map(quoteTable).join(', ')} IN ${p.lockMode ?? 'EXCLUSIVE'} MODE`);
  // Not awaited: the session stays busy until restore terminates it or the server-side timeout ends it.
  c.query('SELECT pg_sleep($1)', [seconds]).catch(() => undefined);
  return c;
}

async function closeHeld(tag: string): Promise<void> {
  for (const c of held.get(tag) ?? []) await c.end().catch(() => undefined);
  held.delete(tag);
}

function sqlPlan(p: PgSleepParams, tag: string, bounds: SessionBounds): string {
  const body = p.mode === 'lock' ? `BEGIN; LOCK TABLE ${(p.tables ?? []).join(', ')} IN ${p.lockMode ?? 'EXCLUSIVE'} MODE; SELECT pg_sleep(...)` : 'BEGIN; SELECT pg_sleep(...)';
  const n = p.mode === 'lock' ? 1 : (p.connections ?? 1);
  return `${n} session(s) as application_name=${tag} (statement_timeout ${bounds.statementTimeoutMs} ms): ${body}`;
}

async function inject(ctx: FaultContext, p: PgSleepParams): Promise<void> {
  const url = await ctx.adminUrl();
  const tag = sessionTag(ctx.runId);
  const bounds = sessionBounds(ctx.timing.holdMs, ctx.timing.graceMs);
  const sessions = p.mode === 'lock' ? 1 : (p.connections ?? 1);
  const budget = await withAdmin(url, connectionBudget);
  checkConnectionBudget(sessions, budget.maxConnections, budget.inUse, budget.reserved + KEEP_FREE);
  const prior: SessionsPrior = { tag, mode: p.mode, sessions, tables: p.tables ?? [], statementTimeoutMs: bounds.statementTimeoutMs };
  if (ctx.dryRun) {
    await ctx.journal.step(STEP, `postgres: ${sessions} session(s) ${tag}`, { ...prior }, async () => ctx.log(`dry-run: would open ${sqlPlan(p, tag, bounds)}`));
    return;
  }
  ctx.log(`${ctx.faultId}: opening ${sqlPlan(p, tag, bounds)}`);
  await ctx.journal.step(STEP, `postgres: ${sessions} session(s) ${tag}`, { ...prior }, async () => {
    for (let i = 0; i < sessions; i++) await holdOne(url, tag, p, bounds);
    await withAdmin(url, (c) =>
      pollUntil(async () => {
        const n = await countTagged(c, tag);
        return { done: n >= sessions, summary: `${n}/${sessions} session(s) ${tag} open` };
      }, { what: `${sessions} session(s) ${tag} to be open`, timeoutMs: 15_000, intervalMs: 200, onProgress: ctx.log }),
    );
  });
}

async function restore(ctx: FaultContext, history: FaultHistory): Promise<string[]> {
  const prior = priorOf<SessionsPrior>(history, STEP);
  if (!prior) return [];
  if (ctx.dryRun) {
    ctx.log(`dry-run: would run pg_terminate_backend on the sessions ${prior.tag} and wait until none remain`);
    return [];
  }
  const url = await ctx.adminUrl();
  const remaining = await withAdmin(url, (c) => countTagged(c, prior.tag));
  if (remaining === 0) {
    await closeHeld(prior.tag);
    return [];
  }
  const terminated = await ctx.journal.step('restore:terminate', `postgres: pg_terminate_backend ${prior.tag}`, { remaining }, () =>
    withAdmin(url, async (c) => {
      const n = await terminateTagged(c, prior.tag);
      await pollUntil(async () => {
        const left = await countTagged(c, prior.tag);
        return { done: left === 0, summary: `${left} session(s) ${prior.tag} left` };
      }, { what: `sessions ${prior.tag} to end`, timeoutMs: 15_000, intervalMs: 200 });
      return n;
    }),
  (n) => ({ terminated: n }));
  await closeHeld(prior.tag);
  return [`terminated ${terminated} database session(s) ${prior.tag}`];
}

export const pgSleep: Fault<PgSleepParams> = {
  action: 'pg-sleep',
  summary: 'hold a lock on named tables in a sleeping transaction, or occupy n connections with pg_sleep',
  paramsSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['mode'],
    properties: {
      mode: { enum: ['lock', 'connections'] },
      tables: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^[a-z_][a-z0-9_]*(\\.[a-z_][a-z0-9_]*)?$', description: 'a table name like appointments or public.appointments' } },
      lockMode: { enum: ['ACCESS EXCLUSIVE', 'EXCLUSIVE', 'SHARE ROW EXCLUSIVE', 'SHARE'], default: 'EXCLUSIVE' },
      connections: { type: 'integer', minimum: 1, maximum: 500 },
    },
    if: { properties: { mode: { const: 'lock' } } },
    then: { required: ['tables'] },
    else: { required: ['connections'] },
  },

  describe: (p) => [
    p.mode === 'lock'
      ? `hold a ${p.lockMode ?? 'EXCLUSIVE'} lock on ${(p.tables ?? []).join(', ')} in one sleeping transaction`
      : `occupy ${p.connections} database connection(s) with SELECT pg_sleep`,
    'sessions are tagged application_name=firedrill:<runId> and end server-side at hold + grace even if firedrill is gone',
    'restore: pg_terminate_backend on the tagged sessions; verify none remain',
  ],

  inject,
  restore,

  async verifyRestored(ctx, history): Promise<Check[]> {
    const prior = priorOf<SessionsPrior>(history, STEP);
    if (!prior) return [{ ok: true, text: 'no database session was opened' }];
    const left = await withAdmin(await ctx.adminUrl(), (c) => countTagged(c, prior.tag));
    return [{ ok: left === 0, text: `${left} database session(s) tagged ${prior.tag} remain` }];
  },

  manualRestore(_ctx, history) {
    const prior = priorOf<SessionsPrior>(history, STEP);
    if (!prior) return [];
    return [`psql "$ADMIN_DATABASE_URL" -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '${prior.tag}'"`];
  },
};

runIfScript(import.meta.url, pgSleep);
