import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.ts';
import { finishDrill } from '../../run/finish.ts';
import type { Command } from '../command.ts';

export const reportCommand: Command = {
  name: 'report',
  summary: 'rebuild the verdict and all reports from a run directory',
  usage: 'firedrill report <run-dir> [--baseline <report.json> [--fail-on-regression]]',
  details: [
    'Judges the evidence in a run directory again and rewrites report.json, report.md, report.html and junit.xml.',
    'Touches no network: the result depends on the evidence (and the baseline) alone. Exit code as for run.',
    '',
    'Options:',
    '  --baseline <file>       compare with a previous report.json',
    '  --fail-on-regression    with --baseline: a regression beyond tolerance fails the verdict (exit 1)',
  ].join('\n'),
  options: { baseline: { type: 'string' }, 'fail-on-regression': { type: 'boolean' } },
  positionals: [1, 1],
  async run({ positionals, values }, io) {
    const dir = resolve(positionals[0]!);
    if (!existsSync(resolve(dir, 'run.json'))) throw new UsageError(`${positionals[0]}: not a run directory (no run.json)`, 'give a folder under reports/runs/');
    return finishDrill(dir, { ...(typeof values.baseline === 'string' ? { file: values.baseline } : {}), failOnRegression: values['fail-on-regression'] === true }, (line) => io.out(line));
  },
};
