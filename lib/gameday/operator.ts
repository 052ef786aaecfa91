// The operator's side of a game day as a small state machine: keys (or lines) in; notes, decisions and aborts out.
// No terminal here, so every path is unit-tested; gameday.ts wires it to the keyboard and the screen.
import type { Decision } from '../run/drill-console.ts';
import type { OperatorInput } from './keyboard.ts';

export interface OperatorEffects {
  note(text: string): void;
  abort(reason: string): void;
  print(line: string): void;
  toggleHelp(): void;
  changed(): void;
}

type Mode = { kind: 'idle' } | { kind: 'note'; buffer: string } | { kind: 'confirm-abort' };

interface Pending {
  faultId: string;
  brief: readonly string[];
  resolve(d: Decision): void;
}

export const LINE_HELP = 'input: "n <text>" adds a note, "a" aborts, "?" shows help; at a fault prompt: "g" go, "s" skip, "a" abort';
export const MAX_NOTE_CHARS = 500;

export class OperatorConsole {
  private mode: Mode = { kind: 'idle' };
  private pending: Pending | undefined;

  constructor(private readonly fx: OperatorEffects) {}

  /** Ask go / skip / abort for a fault; resolves when the operator answers or `cancel()` is called. */
  decide(faultId: string, brief: readonly string[]): Promise<Decision> {
    return new Promise((resolve) => {
      this.pending = { faultId, brief, resolve };
      this.fx.changed();
    });
  }

  /** Close an open prompt without an answer (the drill moved on); resolves it with `fallback`. */
  cancel(fallback: Decision): void {
    this.answer(fallback);
  }

  get deciding(): string | undefined {
    return this.pending?.faultId;
  }

  /** The lines at the bottom of the view: the prompt in progress, if any. */
  promptLines(): string[] {
    if (this.mode.kind === 'note') return [`note> ${this.mode.buffer}_   (Enter saves, Esc cancels)`];
    if (this.mode.kind === 'confirm-abort') return ['abort the drill and restore every fault? [y/N]'];
    if (this.pending) return [...this.pending.brief, `go ahead with ${this.pending.faultId}?  [g] go · [s] skip · [a] abort the drill`];
    return [];
  }

  handle(input: OperatorInput): void {
    if (input.kind === 'line') this.line(input.text.trim());
    else if (this.mode.kind === 'note') this.editNote(this.mode, input);
    else if (this.mode.kind === 'confirm-abort') this.confirmAbort(input);
    else if (input.kind === 'char') this.key(input.char);
    this.fx.changed();
  }

  private key(char: string): void {
    const k = char.toLowerCase();
    if (this.pending && (k === 'g' || k === 's')) this.answer(k === 'g' ? 'go' : 'skip');
    else if (this.pending && k === 'a') this.answer('abort');
    else if (k === 'a') this.mode = { kind: 'confirm-abort' };
    else if (k === 'n') this.mode = { kind: 'note', buffer: '' };
    else if (k === '?') this.fx.toggleHelp();
  }

  private editNote(mode: { kind: 'note'; buffer: string }, input: OperatorInput): void {
    if (input.kind === 'char' && mode.buffer.length < MAX_NOTE_CHARS) mode.buffer += input.char;
    else if (input.kind === 'backspace') mode.buffer = [...mode.buffer].slice(0, -1).join('');
    else if (input.kind === 'escape') this.mode = { kind: 'idle' };
    else if (input.kind === 'enter') {
      this.mode = { kind: 'idle' };
      this.saveNote(mode.buffer);
    }
  }

  private confirmAbort(input: OperatorInput): void {
    this.mode = { kind: 'idle' };
    if (input.kind === 'char' && input.char.toLowerCase() === 'y') this.fx.abort('aborted by the operator');
    else this.fx.print('abort cancelled; the drill goes on');
  }

  private line(text: string): void {
    const lower = text.toLowerCase();
    const note = /^(?:n|note)\s+(.+)$/is.exec(text);
    if (note) this.saveNote(note[1]!);
    else if (this.pending && ['g', 'go'].includes(lower)) this.answer('go');
    else if (this.pending && ['s', 'skip'].includes(lower)) this.answer('skip');
    else if (['a', 'abort'].includes(lower)) (this.pending ? this.answer('abort') : this.fx.abort('aborted by the operator'));
    else if (['?', 'help'].includes(lower)) this.fx.print(LINE_HELP);
    else if (text) this.fx.print(`not understood: ${JSON.stringify(text.slice(0, 40))}; ${LINE_HELP}`);
  }

  private saveNote(text: string): void {
    const clean = text.trim().slice(0, MAX_NOTE_CHARS);
    if (clean) this.fx.note(clean);
  }

  private answer(d: Decision): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    p.resolve(d);
  }
}
