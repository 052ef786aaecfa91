import { parseArgs } from 'node:util';
import { ExitCode } from '../exit-codes.ts';
import { FiredrillError, UsageError } from '../errors.ts';
import type { Command, Io } from './command.ts';
import { demoCommand } from './commands/demo.ts';
import { iamPolicyCommand } from './commands/iam-policy.ts';
import { reportCommand } from './commands/report.ts';
import { restoreCommand } from './commands/restore.ts';
import { runCommand } from './commands/run.ts';
import { sandboxCommand } from './commands/sandbox.ts';
import { validateCommand } from './commands/validate.ts';

export const commands: readonly Command[] = [runCommand, validateCommand, restoreCommand, reportCommand, sandboxCommand, demoCommand, iamPolicyCommand];

const consoleIo: Io = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

export function overview(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'firedrill: load-and-chaos drills for services on AWS (and the local sandbox)',
    '',
    'Usage: firedrill <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run "firedrill <command> --help" for a command\'s options.',
    'Exit codes: 0 pass, 1 assertions failed, 2 invalid input or usage, 3 aborted, 4 harness or infrastructure error.',
  ].join('\n');
}

function help(c: Command): string {
  return [`Usage: ${c.usage}`, '', c.summary, '', c.details].join('\n');
}

/** Parse argv, run one command, return the exit code. Expected failures are messages, never stack traces. */
export async function main(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview());
    return name ? ExitCode.Pass : ExitCode.InvalidInput;
  }
  try {
    const command = commands.find((c) => c.name === name);
    if (!command) throw new UsageError(`unknown command "${name}"`, `commands: ${commands.map((c) => c.name).join(', ')}; see firedrill --help`);
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(help(command));
      return ExitCode.Pass;
    }
    const parsed = parseCommandArgs(command, rest);
    return await command.run(parsed, io);
  } catch (err) {
    return reportError(err, io);
  }
}

function parseCommandArgs(command: Command, args: string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options: command.options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.replace(/\. To specify a positional.*$/s, '')}`, `usage: ${command.usage}`);
  }
  const [min, max] = command.positionals;
  const count = parsed.positionals.length;
  if (count < min || count > max) {
    throw new UsageError(count < min ? `${command.name}: missing argument` : `${command.name}: unexpected argument "${parsed.positionals[max]}"`, `usage: ${command.usage}`);
  }
  return { positionals: parsed.positionals, values: parsed.values as Record<string, string | boolean | undefined> };
}

export function reportError(err: unknown, io: Io): number {
  if (err instanceof FiredrillError) {
    io.err(err.message.startsWith('firedrill') || err.message.includes(': ') ? err.message : `firedrill: ${err.message}`);
    if (err.hint) io.err(err.hint);
    return err.exitCode;
  }
  // A crash is a bug: say so plainly; the stack only on request.
  io.err(`firedrill: internal error: ${err instanceof Error ? err.message : String(err)}`);
  io.err(process.env.FIREDRILL_DEBUG ? String((err as Error)?.stack ?? '') : 'This is a bug in firedrill. Re-run with FIREDRILL_DEBUG=1 for details and report it.');
  return ExitCode.HarnessError;
}
