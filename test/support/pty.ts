// A command run in a real pseudo-terminal (util-linux `script`, part of every Debian base system), so tests see
// what a person at a terminal sees and can type keys the way they would: raw-mode keys, Enter as \r.
import { spawn } from 'node:child_process';

export interface Terminal {
  /** Everything printed so far, ANSI control sequences removed. */
  text(): string;
  /** Wait until the printed text (after `from`, a text() length) matches; returns the index after the match. */
  waitFor(pattern: RegExp, timeoutMs: number, from?: number): Promise<number>;
  type(keys: string): void;
  exited: Promise<number>;
  kill(): void;
}

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Za-z0-9]|\r/g;
const quote = (arg: string) => `'${arg.replace(/'/g, `'\\''`)}'`;

export function inTerminal(argv: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv; columns?: number; rows?: number }): Terminal {
  // stty inside the terminal gives it a size (a pty made from a pipe starts at 0x0).
  const command = `stty cols ${options.columns ?? 160} rows ${options.rows ?? 50}; exec ${argv.map(quote).join(' ')}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let raw = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    raw += chunk.toString('utf8');
    for (const w of waiters) w();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  let done = false;
  void exited.then(() => {
    done = true;
    for (const w of waiters) w();
  });
  const text = () => raw.replace(ANSI, '');
  return {
    text,
    exited,
    type: (keys) => child.stdin.write(keys),
    kill: () => child.kill('SIGKILL'),
    waitFor(pattern, timeoutMs, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const t = text().slice(from);
          const m = pattern.exec(t);
          if (m) return finish(() => resolve(from + m.index + m[0].length));
          if (done) finish(() => reject(new Error(`the program exited before printing ${pattern}; it printed:\n${t.slice(-3000)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; printed:\n${text().slice(-3000)}`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
  };
}
