import { restoreUnfinished } from '../../../chaos/restore-all.ts';
import { ExitCode } from '../../exit-codes.ts';
import type { Command } from '../command.ts';

export const restoreCommand: Command = {
  name: 'restore',
  summary: 'undo anything a drill left applied (idempotent)',
  usage: 'firedrill restore [--run <run-dir>] [--env <name>] [--force]',
  details: [
    'Finds unfinished drills (the run index under .firedrill/runs, or the one run given), checks the live state of',
    'every fault they applied, undoes what is still applied, verifies it, and marks the run restored. Runs whose',
    'harness is still alive are left to it; a harness on another machine (a CI runner) cannot be checked from here,',
    'so its run is left to it until its planned end plus grace, unless --force. Then sweeps the environment:',
    'firedrill:* database sessions and stale in-progress markers left by dead runs. Safe to run twice, or while',
    'another restore runs.',
    '',
    'Options:',
    '  --run <dir>             restore one run directory (default: every unfinished run)',
    '  -e, --env <name|path>   only runs against this environment, and sweep it (default: all runs; sweep local)',
    '      --force             also restore runs of a harness on another machine before its planned end (say so',
    '                          only when you know that harness is gone, e.g. the CI job died; the run directory',
    '                          downloaded from the job\'s artefact has the journal restore needs)',
    '',
    'Exit codes: 0 everything restored (or nothing to do); 4 something could not be restored (the commands to',
    'finish it by hand are printed).',
  ].join('\n'),
  options: { env: { type: 'string', short: 'e' }, run: { type: 'string' }, force: { type: 'boolean' } },
  positionals: [0, 0],
  async run({ values }, io) {
    const result = await restoreUnfinished({
      io,
      ...(typeof values.run === 'string' ? { runDir: values.run } : {}),
      ...(typeof values.env === 'string' ? { env: values.env } : {}),
      force: values.force === true,
    });
    for (const line of result.skipped) io.out(line);
    for (const line of result.swept) io.out(line);
    const restored = result.runs.filter((r) => r.status === 'restored').length;
    const failed = result.runs.filter((r) => r.status === 'failed').length;
    if (result.runs.length === 0 && result.swept.length === 0) io.out('nothing to restore');
    else io.out(`restore: ${restored} run(s) restored, ${failed} failed, ${result.swept.length} leftover(s) swept`);
    return result.ok ? ExitCode.Pass : ExitCode.HarnessError;
  },
};
