import { join } from 'node:path';
import { loadDrill } from '../../experiment/index.ts';
import { buildPlan } from '../../plan/plan.ts';
import { formatPlan } from '../../plan/format.ts';
import { ensureK6 } from '../../k6/install.ts';
import { ExitCode } from '../../exit-codes.ts';
import { projectRoot } from '../../paths.ts';
import { faultParams } from '../catalogue.ts';
import type { Command } from '../command.ts';

export const FLAGSHIP = join(projectRoot, 'experiments', 'pool-exhaustion.yaml');

export const demoCommand: Command = {
  name: 'demo',
  summary: 'the flagship drill (pool exhaustion) on the local sandbox',
  usage: 'firedrill demo',
  details: 'Prepares the toolchain, then runs experiments/pool-exhaustion.yaml against the local sandbox and prints where the report is.',
  options: {},
  positionals: [0, 0],
  async run(_args, io) {
    const k6 = await ensureK6((line) => io.err(line));
    io.err(`k6 ${k6.version} (${k6.path})`);
    const { experiment, environment } = await loadDrill(FLAGSHIP, 'local', faultParams);
    io.out(formatPlan(buildPlan(experiment, environment)));
    // Until the drill orchestrator lands, the demo stops at the validated plan (issue "Foundation").
    io.out('\nThis plan is valid. Running it on the sandbox arrives with the drill orchestrator; see README.md.');
    return ExitCode.Pass;
  },
};
