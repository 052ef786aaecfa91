// A helper process for the benchmarks (a server that prints its port, a measured ingest): started with Node,
// its first stdout line awaited with a deadline, stopped with SIGTERM and waited for.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  process: ChildProcess;
  firstLine: string;
  stop(): Promise<void>;
}

export async function startChild(args: string[], timeoutMs = 20_000): Promise<Child> {
  // Its own session (scheduling autogroup), so it does not share CPU with whatever the benchmark measures.
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const firstLine = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} printed nothing within ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const nl = text.indexOf('\n');
      if (nl !== -1) {
        clearTimeout(timer);
        resolve(text.slice(0, nl).trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before printing`));
    });
  });
  return {
    process: child,
    firstLine,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
