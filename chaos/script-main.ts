// The command line every fault file shares when run alone (loaded by script.ts only then):
//   npx tsx chaos/<fault>.ts [--env local] [--<param> <value> ...] [--hold 60s] [--grace 60s] [--dry-run] [--out <dir>]
//   npx tsx chaos/<fault>.ts --restore [--env local] [--run <dir>]
// It runs the same session as a drill: journal, marker, watchdog, Ctrl-C restores, verified restore.
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { WaitAbortedError, sleep } from '../lib/aws/index.ts';
import type { Io } from '../lib/cli/command.ts';
import { reportError } from '../lib/cli/main.ts';
import { FiredrillError, UsageError } from '../lib/errors.ts';
import { ExitCode } from '../lib/exit-codes.ts';
import { parseDuration } from '../lib/experiment/duration.ts';
import { loadEnvironment } from '../lib/experiment/environment.ts';
import { checkSchema } from '../lib/experiment/schema-check.ts';
import { projectRoot } from '../lib/paths.ts';
import { guardProduction, isCi } from '../lib/safety/production.ts';
import { redactSecrets } from '../lib/safety/secret-values.ts';
import type { AnyFault } from './contract.ts';
import { restoreUnfinished } from './restore-all.ts';
import { DrillSession, newRunId } from './session.ts';

type Values = Record<string, string | boolean | undefined>;
type Property = { type?: string; enum?: unknown[]; items?: unknown };

const consoleIo: Io = { out: (l) => process.stdout.write(`${redactSecrets(l)}\n`), err: (l) => process.stderr.write(`${redactSecrets(l)}\n`) };
const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function properties(fault: AnyFault): Record<string, Property> {
  return (fault.paramsSchema.properties ?? {}) as Record<string, Property>;
}

/** The fault's params as flags: --pool-max 2, --tables a,b, --allow-zero. */
export function paramsFromFlags(fault: AnyFault, values: Values): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(properties(fault))) {
    const raw = values[kebab(name)];
    if (raw === undefined) continue;
    if (prop.type === 'boolean') params[name] = raw === true;
    else if (prop.type === 'integer' || prop.type === 'number') params[name] = Number(raw);
    else if (prop.type === 'array') params[name] = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
    else params[name] = raw;
  }
  return params;
}

function usage(fault: AnyFault): string {
  const flags = Object.entries(properties(fault)).map(([n, p]) => `--${kebab(n)}${p.type === 'boolean' ? '' : ' <value>'}`);
  return [
    `Usage: npx tsx chaos/${fault.action}.ts [--env <name>] ${flags.join(' ')} [--hold 60s] [--grace 60s] [--dry-run] [--out <dir>]`,
    `       npx tsx chaos/${fault.action}.ts --restore [--env <name>] [--run <dir>]`,
    '',
    fault.summary,
    'Injects the fault, holds it, restores it and verifies; Ctrl-C restores at once. --dry-run prints every call and makes none.',
  ].join('\n');
}

function parse(fault: AnyFault, args: string[]): Values {
  const paramOptions = Object.fromEntries(Object.entries(properties(fault)).map(([n, p]) => [kebab(n), { type: p.type === 'boolean' ? ('boolean' as const) : ('string' as const) }]));
  try {
    const { values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        ...paramOptions,
        env: { type: 'string', short: 'e', default: 'local' },
        hold: { type: 'string', default: '60s' },
        grace: { type: 'string', default: '60s' },
        out: { type: 'string' },
        run: { type: 'string' },
        restore: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        'allow-production': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    return values as Values;
  } catch (err) {
    throw new UsageError((err as Error).message, usage(fault).split('\n')[0]);
  }
}

function duration(values: Values, flag: string): number {
  const ms = parseDuration(String(values[flag]));
  if (ms === undefined) throw new UsageError(`--${flag}: expected a duration like 60s, got "${String(values[flag])}"`);
  return ms;
}

async function injectHoldRestore(fault: AnyFault, values: Values, io: Io): Promise<number> {
  const env = await loadEnvironment(String(values.env));
  const params = paramsFromFlags(fault, values);
  const problems = checkSchema(fault.paramsSchema, params);
  if (problems.length > 0) {
    const asFlags = (text: string) => text.replace(/"([a-zA-Z]+)"/g, (_, name: string) => `--${kebab(name)}`);
    throw new UsageError(problems.map((p) => (p.path ? `--${kebab(p.path)}: ${p.message}` : asFlags(p.message))).join('\n'), usage(fault).split('\n')[0]);
  }
  const holdMs = duration(values, 'hold');
  const graceMs = duration(values, 'grace');
  await guardProduction({ env, allowProduction: values['allow-production'] === true, ci: isCi(), interactive: process.stdin.isTTY === true });
  const runId = newRunId();
  const runDir = join(typeof values.out === 'string' ? values.out : join(projectRoot, 'reports', 'runs'), `${runId}-${fault.action}`);
  for (const line of fault.describe(params, env)) io.out(`plan: ${line}`);
  const dryRun = values['dry-run'] === true;
  const session = await DrillSession.open({ env, runDir, runId, plannedEndAt: new Date(Date.now() + holdMs), graceMs, dryRun, io });
  const uninstall = session.installSignalHandlers();
  if (!dryRun) io.out(`run ${runId}: journal in ${runDir}`);
  let failure: unknown;
  try {
    await session.inject({ id: fault.action, action: fault.action, params, holdMs });
    if (!dryRun) {
      io.out(`holding ${fault.action} for ${Math.round(holdMs / 1000)} s (Ctrl-C restores now)`);
      await sleep(holdMs, session.signal);
    }
  } catch (err) {
    if (!(err instanceof WaitAbortedError)) failure = err;
  } finally {
    const results = await session.close();
    uninstall();
    if (results.some((r) => !r.ok)) failure ??= new FiredrillError('restore did not complete: see above', ExitCode.HarnessError);
  }
  if (failure) return reportError(failure, io);
  return session.signal.aborted ? ExitCode.Aborted : ExitCode.Pass;
}

export async function runFaultScript(fault: AnyFault, args: string[], io: Io = consoleIo): Promise<number> {
  try {
    const values = parse(fault, args);
    if (values.help) {
      io.out(usage(fault));
      return ExitCode.Pass;
    }
    if (values.restore) {
      const result = await restoreUnfinished({ io, env: String(values.env), action: fault.action, ...(typeof values.run === 'string' ? { runDir: values.run } : {}) });
      for (const line of [...result.skipped, ...result.swept]) io.out(line);
      if (result.runs.length === 0 && result.swept.length === 0) io.out(`nothing to restore for ${fault.action} on ${String(values.env)}`);
      return result.ok ? ExitCode.Pass : ExitCode.HarnessError;
    }
    return await injectHoldRestore(fault, values, io);
  } catch (err) {
    return reportError(err, io);
  }
}
