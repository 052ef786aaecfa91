// Each fault file also runs alone (npx tsx chaos/<fault>.ts ... , or zx with tsx loaded). This is the only
// thing a fault file calls for that: it checks, cheaply, whether the file is the script being run, and only
// then loads the command-line glue (script-main.ts), so importing a fault from the harness costs nothing.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AnyFault } from './contract.ts';

function samePath(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return false;
  }
}

/** The arguments after the script's path when `moduleUrl` is the script being run (tsx: argv[1]; zx: argv[2]). */
export function scriptArgs(moduleUrl: string, argv: readonly string[] = process.argv): string[] | undefined {
  const file = fileURLToPath(moduleUrl);
  for (const i of [1, 2]) {
    const candidate = argv[i];
    if (candidate && samePath(candidate, file)) return argv.slice(i + 1);
  }
  return undefined;
}

export function runIfScript(moduleUrl: string, fault: AnyFault): void {
  const args = scriptArgs(moduleUrl);
  if (!args) return;
  import('./script-main.ts')
    .then((m) => m.runFaultScript(fault, args))
    .then(
      (code) => {
        process.exitCode = code;
      },
      (err: unknown) => {
        process.stderr.write(`firedrill: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exitCode = 4;
      },
    );
}
