import { envOption } from '../command.ts';
import { notYetAvailable } from './not-yet.ts';

// The rest of the CLI contract (docs/architecture.md). Options and usage are final; behaviour lands per milestone.

export const iamPolicyCommand = notYetAvailable(
  {
    name: 'iam-policy',
    summary: 'print the least-privilege IAM policy for a drill',
    usage: 'firedrill iam-policy <experiment.yaml> [--env <name>]',
    details: ['Options:', '  -e, --env <name|path>   environment (default: local)'].join('\n'),
    options: { ...envOption },
    positionals: [1, 1],
  },
  'the game-day and CI milestone',
);
