// Production refusal: an environment marked `production: true` runs only with --allow-production and a typed
// confirmation from a person at a terminal. Never in CI, never without a TTY.
import { createInterface } from 'node:readline/promises';
import { SafetyRefusal } from './blast-radius.ts';

export interface ProductionGuardInput {
  env: { name: string; file: string; production: boolean };
  allowProduction: boolean;
  /** CI=true or --ci: never prompt. */
  ci: boolean;
  interactive: boolean;
  /** Ask one question, return the typed answer (tests replace it). */
  ask?: (question: string) => Promise<string>;
}

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

async function askOnTerminal(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(question);
  } finally {
    rl.close();
  }
}

/** Resolves when the drill may proceed; throws SafetyRefusal (exit 2, nothing touched) otherwise. */
export async function guardProduction(i: ProductionGuardInput): Promise<void> {
  if (!i.env.production) return;
  if (!i.allowProduction) {
    throw new SafetyRefusal(`environment "${i.env.name}" is marked production: true`, 'firedrill refuses production unless you pass --allow-production and confirm interactively');
  }
  if (i.ci || !i.interactive) {
    throw new SafetyRefusal(`environment "${i.env.name}" is production: it needs a typed confirmation, which CI and non-interactive runs cannot give`, 'run it from a terminal, or point the drill at a non-production environment');
  }
  const answer = (await (i.ask ?? askOnTerminal)(`This drill will inject faults into PRODUCTION (${i.env.name}). Type the environment name to continue: `)).trim();
  if (answer !== i.env.name) throw new SafetyRefusal(`confirmation did not match "${i.env.name}": nothing was touched`);
}
