import { join } from 'node:path';
import { projectRoot } from '../../paths.ts';
import { runDrill } from '../../run/drill.ts';
import type { Command } from '../command.ts';

export const FLAGSHIP = join(projectRoot, 'experiments', 'pool-exhaustion.yaml');

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the flagship drill (pool exhaustion) on the local sandbox',
  usage: 'firedrill demo',
  details: [
    'Starts the local sandbox if it is not running, runs experiments/pool-exhaustion.yaml against it (about four',
    'minutes), and prints the verdict and where the report is. Stop the sandbox afterwards with firedrill sandbox down.',
  ].join('\n'),
  options: {},
  positionals: [0, 0],
  async run(_args, io) {
    const { exitCode } = await runDrill({ experimentFile: FLAGSHIP, env: 'local', say: (line) => io.err(line) });
    io.err('\nThe sandbox is still running (firedrill sandbox status); stop it with: npx firedrill sandbox down');
    return exitCode;
  },
};
