// The sandbox's long-lived process, started detached by `firedrill sandbox up`:
//   node --import tsx sandbox/stack/supervisor.ts <sandbox dir>
// Progress goes to stdout (the CLI points it at <sandbox dir>/supervisor.log and relays it). SIGTERM or SIGINT
// stops every piece in reverse order and exits 0; a crash stops them too before exiting non-zero.
import { startSandbox, type Sandbox } from './index.ts';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: supervisor.ts <sandbox dir>');
  process.exit(2);
}
const say = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
let sandbox: Sandbox | undefined;
let stopping = false;

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say('stopping the sandbox');
    await sandbox?.stop();
    say('stopped');
  }
  process.exit(code);
}

process.on('SIGTERM', () => void shutdown(0));
process.on('SIGINT', () => void shutdown(0));
process.on('uncaughtException', (err) => {
  say(`crashed: ${err.stack ?? err.message}`);
  void shutdown(1);
});

try {
  sandbox = await startSandbox({ sandboxDir: dir, onProgress: say });
  say(`ready: load balancer ${sandbox.state.lbUrl}, AWS endpoint ${sandbox.state.awsEndpoint}`);
} catch (err) {
  say(`failed to start: ${(err as Error).message}`);
  await shutdown(1);
}
