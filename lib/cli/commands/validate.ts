import { resolve } from 'node:path';
import { loadDrill } from '../../experiment/index.ts';
import { buildPlan } from '../../plan/plan.ts';
import { formatPlan } from '../../plan/format.ts';
import { ExitCode } from '../../exit-codes.ts';
import { faultParams } from '../catalogue.ts';
import { envOption, type Command } from '../command.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'check an experiment against an environment and print its plan; touches nothing',
  usage: 'firedrill validate <experiment.yaml> [--env <name>]',
  details: [
    'Loads the experiment and the environment, substitutes ${variables}, checks the JSON Schema and the',
    'cross-field rules (fault ids, references, the timeline, phases), and prints the resolved plan.',
    'Every problem in the file is reported at once. Exit 0 when valid, 2 when not.',
    '',
    'Options:',
    '  -e, --env <name|path>   environment file: environments/<name>.yaml or a path (default: local)',
  ].join('\n'),
  options: { ...envOption },
  positionals: [1, 1],
  async run({ positionals, values }, io) {
    const { experiment, environment } = await loadDrill(resolve(positionals[0]!), String(values.env), faultParams);
    io.out(formatPlan(buildPlan(experiment, environment)));
    io.out(`\n${experiment.file}: valid`);
    return ExitCode.Pass;
  },
};
