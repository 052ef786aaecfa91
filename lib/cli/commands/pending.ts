import { envOption } from '../command.ts';
import { notYetAvailable } from './not-yet.ts';

// The rest of the CLI contract (docs/architecture.md). Options and usage are final; behaviour lands per milestone.

export const runCommand = notYetAvailable(
  {
    name: 'run',
    summary: 'run a drill: load, faults on a timeline, evidence, verdict, report',
    usage: 'firedrill run <experiment.yaml> [--env <name>] [--out <dir>] [--dry-run] [--baseline <report.json>] [--interactive | --ci] [--allow-production]',
    details: [
      'Options:',
      '  -e, --env <name|path>      environment (default: local, the sandbox, started on demand)',
      '  -o, --out <dir>            parent folder of the run directory (default: reports/runs)',
      '      --dry-run              print every call that would be made; make none',
      '      --baseline <file>      compare with a previous report.json',
      '      --interactive          game-day mode: confirm each fault, live view, notes',
      '      --ci                   never prompt, plain output (implied by CI=true)',
      '      --allow-production     permit an environment marked production: true (asks for a typed confirmation)',
    ].join('\n'),
    options: {
      ...envOption,
      out: { type: 'string', short: 'o' },
      'dry-run': { type: 'boolean' },
      baseline: { type: 'string' },
      interactive: { type: 'boolean' },
      ci: { type: 'boolean' },
      'allow-production': { type: 'boolean' },
    },
    positionals: [1, 1],
  },
  'the drill orchestrator',
);

export const restoreCommand = notYetAvailable(
  {
    name: 'restore',
    summary: 'undo anything a drill left applied (idempotent)',
    usage: 'firedrill restore [--run <run-dir>] [--env <name>]',
    details: ['Options:', '  --run <dir>             restore one run (default: every unfinished run)', '  -e, --env <name|path>   environment (default: local)'].join('\n'),
    options: { ...envOption, run: { type: 'string' } },
    positionals: [0, 0],
  },
  'the fault catalogue and journal',
);

export const reportCommand = notYetAvailable(
  {
    name: 'report',
    summary: 'rebuild the verdict and all reports from a run directory',
    usage: 'firedrill report <run-dir> [--baseline <report.json>]',
    details: ['Options:', '  --baseline <file>   compare with a previous report.json'].join('\n'),
    options: { baseline: { type: 'string' } },
    positionals: [1, 1],
  },
  'the reports milestone',
);

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
