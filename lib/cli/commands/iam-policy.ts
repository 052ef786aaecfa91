import { resolve } from 'node:path';
import { loadDrill } from '../../experiment/index.ts';
import { ExitCode } from '../../exit-codes.ts';
import { policyFor } from '../../iam/policy.ts';
import { faultParams } from '../catalogue.ts';
import { envOption, type Command } from '../command.ts';

export const iamPolicyCommand: Command = {
  name: 'iam-policy',
  summary: 'print the least-privilege IAM policy for a drill',
  usage: 'firedrill iam-policy <experiment.yaml> [--env <name>]',
  details: [
    'Prints the IAM policy (JSON) granting exactly the actions this drill makes, on the environment\'s resources:',
    'the service and its drill marker, the alarms it reads, and what each of its faults needs. docs/iam.md',
    'explains each statement. With one account in accountIds the ARNs name it; otherwise they use *.',
    '',
    'Options:',
    '  -e, --env <name|path>   environment (default: local)',
  ].join('\n'),
  options: { ...envOption },
  positionals: [1, 1],
  async run({ positionals, values }, io) {
    const { experiment, environment } = await loadDrill(resolve(positionals[0]!), String(values.env), faultParams);
    io.out(JSON.stringify(policyFor(experiment, environment), null, 2));
    return ExitCode.Pass;
  },
};
