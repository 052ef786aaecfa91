// Operator input. On a terminal: single keys in raw mode (Ctrl-C arrives as a key there, so it is passed on as
// SIGINT and the drill's own handler stops and restores as it always does). Otherwise: whole lines, so a game day
// can be driven through a pipe too.
import { createInterface, emitKeypressEvents } from 'node:readline';

export type OperatorInput =
  | { kind: 'char'; char: string }
  | { kind: 'enter' }
  | { kind: 'escape' }
  | { kind: 'backspace' }
  | { kind: 'line'; text: string };

export interface InputSource {
  stop(): void;
}

interface Key {
  name?: string;
  ctrl?: boolean;
  meta?: boolean;
}

/** Pure: one keypress as operator input; undefined for keys with no meaning here (arrows, function keys). */
export function keyInput(str: string | undefined, key: Key | undefined): OperatorInput | 'interrupt' | undefined {
  if (key?.ctrl && key.name === 'c') return 'interrupt';
  if (key?.name === 'return' || key?.name === 'enter') return { kind: 'enter' };
  if (key?.name === 'escape') return { kind: 'escape' };
  if (key?.name === 'backspace') return { kind: 'backspace' };
  if (key?.ctrl || key?.meta || !str) return undefined;
  // Printable characters only: a stray control sequence never ends up in a note.
  return /^[^\p{Cc}]$/u.test(str) ? { kind: 'char', char: str } : undefined;
}

export function readOperator(stdin: NodeJS.ReadStream, onInput: (input: OperatorInput) => void): InputSource {
  if (stdin.isTTY) {
    emitKeypressEvents(stdin);
    stdin.setRawMode(true);
    const onKey = (str: string | undefined, key: Key | undefined) => {
      const input = keyInput(str, key);
      if (input === 'interrupt') process.kill(process.pid, 'SIGINT');
      else if (input) onInput(input);
    };
    stdin.on('keypress', onKey);
    stdin.resume();
    return {
      stop() {
        stdin.off('keypress', onKey);
        stdin.setRawMode(false);
        stdin.pause();
      },
    };
  }
  const lines = createInterface({ input: stdin, terminal: false });
  lines.on('line', (text) => onInput({ kind: 'line', text }));
  return { stop: () => lines.close() };
}
