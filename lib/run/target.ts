// Where the drill's load and health probe go, and how the harness reaches AWS: the environment's target, or the
// local sandbox (started on demand) for sandbox environments.
import type { Environment } from '../experiment/index.ts';
import { HarnessError } from '../errors.ts';
import { readSandboxState, type SandboxState } from '../sandbox-state.ts';
import { sandboxUp } from '../sandbox/control.ts';

export interface DrillTarget {
  baseUrl: string;
  healthUrl: string;
  sandboxState?: () => SandboxState;
}

export async function resolveTarget(env: Environment, say: (line: string) => void): Promise<DrillTarget> {
  if (env.sandbox) {
    say('local sandbox: starting it if it is not running');
    await sandboxUp(say);
    const state = readSandboxState();
    return { baseUrl: state.lbUrl, healthUrl: `${state.lbUrl}/health`, sandboxState: () => state };
  }
  if (!env.target) throw new HarnessError(`environment ${env.name} has no target.baseUrl`);
  return { baseUrl: env.target.baseUrl, healthUrl: `${env.target.baseUrl}${env.target.healthPath}` };
}
