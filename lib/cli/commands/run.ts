import { runDrill } from '../../run/drill.ts';
import { envOption, type Command } from '../command.ts';

export const runCommand: Command = {
  name: 'run',
  summary: 'run a drill: load, faults on a timeline, evidence, verdict, report',
  usage: 'firedrill run <experiment.yaml> [--env <name>] [--out <dir>] [--dry-run] [--baseline <report.json> [--fail-on-regression]] [--interactive | --ci] [--allow-production]',
  details: [
    'Validates the experiment, plans it, runs preflight (target healthy, alarms exist and are not firing, resources',
    'exist, no other drill on the environment, a smoke test), then drives the load while injecting and restoring',
    'the faults on their timeline, watches the guardrails, collects the evidence, judges it and writes the report',
    'into reports/runs/<utc-stamp>-<experiment>/. Faults are restored on every way out, Ctrl-C included.',
    '',
    'Options:',
    '  -e, --env <name|path>      environment (default: local, the sandbox, started on demand)',
    '  -o, --out <dir>            parent folder of the run directory (default: reports/runs)',
    '      --dry-run              print the plan and every call the faults would make; make none',
    '      --baseline <file>      compare with a previous report.json (regressions are flagged)',
    '      --fail-on-regression   with --baseline: a regression beyond tolerance fails the drill (exit 1)',
    '      --interactive          game-day mode: a live view (phase, load, p95 per class, alarms, /health),',
    '                             a go / skip / abort prompt before each fault, keys n (note), a (abort),',
    '                             ? (help); notes go into the journal and the report, and the verdict comes',
    '                             with questions for the retrospective. Also allows the typed production',
    '                             confirmation. Without a terminal on stdin it reads lines instead (g, s, a,',
    '                             "n <text>"). See docs/game-days.md.',
    '      --ci                   never prompt, plain output (implied by CI=true)',
    '      --allow-production     permit an environment marked production: true (asks for a typed confirmation)',
    '',
    'Exit codes: 0 pass, 1 assertions failed, 2 invalid input, 3 aborted (guardrail or operator), 4 harness error.',
  ].join('\n'),
  options: {
    ...envOption,
    out: { type: 'string', short: 'o' },
    'dry-run': { type: 'boolean' },
    baseline: { type: 'string' },
    'fail-on-regression': { type: 'boolean' },
    interactive: { type: 'boolean' },
    ci: { type: 'boolean' },
    'allow-production': { type: 'boolean' },
  },
  positionals: [1, 1],
  async run({ positionals, values }, io) {
    const { exitCode } = await runDrill({
      experimentFile: positionals[0]!,
      env: String(values.env),
      ...(typeof values.out === 'string' ? { outDir: values.out } : {}),
      ...(typeof values.baseline === 'string' ? { baseline: values.baseline } : {}),
      failOnRegression: values['fail-on-regression'] === true,
      dryRun: values['dry-run'] === true,
      interactive: values.interactive === true,
      ...(values.ci === true ? { ci: true } : {}),
      allowProduction: values['allow-production'] === true,
      say: (line) => io.err(line),
    });
    return exitCode;
  },
};
