import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The firedrill checkout: experiments/, environments/, scenarios/ and the git-ignored state live under it. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Git-ignored state: sandbox data, run index, locks. Overridable for tests with FIREDRILL_STATE_DIR. */
export function stateDir(): string {
  return process.env.FIREDRILL_STATE_DIR ? resolve(process.env.FIREDRILL_STATE_DIR) : resolve(projectRoot, '.firedrill');
}

/** Git-ignored tools: the pinned k6 build. Overridable with FIREDRILL_TOOLS_DIR. */
export function toolsDir(): string {
  return process.env.FIREDRILL_TOOLS_DIR ? resolve(process.env.FIREDRILL_TOOLS_DIR) : resolve(projectRoot, '.tools');
}
