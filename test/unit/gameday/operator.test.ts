import { describe, expect, it } from 'vitest';
import type { OperatorInput } from '../../../lib/gameday/keyboard.ts';
import { LINE_HELP, MAX_NOTE_CHARS, OperatorConsole } from '../../../lib/gameday/operator.ts';

function harness() {
  const seen = { notes: [] as string[], aborts: [] as string[], printed: [] as string[], help: 0, changed: 0 };
  const op = new OperatorConsole({
    note: (t) => seen.notes.push(t),
    abort: (r) => seen.aborts.push(r),
    print: (l) => seen.printed.push(l),
    toggleHelp: () => (seen.help += 1),
    changed: () => (seen.changed += 1),
  });
  const type = (...inputs: Array<string | OperatorInput>) => {
    for (const i of inputs) {
      if (typeof i !== 'string') op.handle(i);
      else for (const char of i) op.handle({ kind: 'char', char });
    }
  };
  return { op, seen, type };
}
const enter: OperatorInput = { kind: 'enter' };

describe('the operator console (keys)', () => {
  it('n opens a note; typed text with backspace is saved on Enter, trimmed', () => {
    const { op, seen, type } = harness();
    type('n', ' pool-wait firx', { kind: 'backspace' }, 'ed on the dashboard ');
    expect(op.promptLines()[0]).toContain('note>  pool-wait fired on the dashboard');
    type(enter);
    expect(seen.notes).toEqual(['pool-wait fired on the dashboard']);
    expect(op.promptLines()).toEqual([]);
  });

  it('Esc cancels a note and an empty note is not saved', () => {
    const { seen, type } = harness();
    type('n', 'draft', { kind: 'escape' }, 'n', '   ', enter);
    expect(seen.notes).toEqual([]);
  });

  it('keys typed in a note are text, not commands', () => {
    const { seen, type } = harness();
    type('n', 'a?gs', enter);
    expect(seen.aborts).toEqual([]);
    expect(seen.help).toBe(0);
    expect(seen.notes).toEqual(['a?gs']);
  });

  it('caps a note at MAX_NOTE_CHARS', () => {
    const { seen, type } = harness();
    type('n', 'x'.repeat(MAX_NOTE_CHARS + 20), enter);
    expect(seen.notes[0]).toHaveLength(MAX_NOTE_CHARS);
  });

  it('a asks to confirm; y aborts, anything else cancels', () => {
    const { op, seen, type } = harness();
    type('a');
    expect(op.promptLines()[0]).toMatch(/abort the drill.*\[y\/N\]/);
    type('x');
    expect(seen.aborts).toEqual([]);
    expect(seen.printed.at(-1)).toMatch(/abort cancelled/);
    type('a', 'Y');
    expect(seen.aborts).toEqual(['aborted by the operator']);
  });

  it('? toggles the help', () => {
    const { seen, type } = harness();
    type('?', '?');
    expect(seen.help).toBe(2);
  });

  it('a fault prompt resolves with g, s or a (no confirmation: the answer is the choice)', async () => {
    for (const [key, decision] of [['g', 'go'], ['S', 'skip'], ['a', 'abort']] as const) {
      const { op, seen, type } = harness();
      const answer = op.decide('small-pool', ['brief line']);
      expect(op.deciding).toBe('small-pool');
      expect(op.promptLines().join('\n')).toContain('go ahead with small-pool?');
      type(key);
      await expect(answer).resolves.toBe(decision);
      expect(seen.aborts).toEqual([]);
      expect(op.deciding).toBeUndefined();
    }
  });

  it('a note can be taken while a fault prompt waits, and the prompt is still answered after it', async () => {
    const { op, seen, type } = harness();
    const answer = op.decide('f1', []);
    type('n', 'g s a', enter, 'g');
    await expect(answer).resolves.toBe('go');
    expect(seen.notes).toEqual(['g s a']);
  });

  it('cancel() resolves an open prompt with the fallback, and is harmless without one', async () => {
    const { op } = harness();
    op.cancel('skip');
    const answer = op.decide('f1', []);
    op.cancel('skip');
    await expect(answer).resolves.toBe('skip');
  });
});

describe('the operator console (lines, without a terminal)', () => {
  const line = (text: string): OperatorInput => ({ kind: 'line', text });

  it('understands go / skip / abort at a prompt, and notes at any time', async () => {
    const { op, seen } = harness();
    op.handle(line('note first observation'));
    const a = op.decide('f1', []);
    op.handle(line('  GO '));
    await expect(a).resolves.toBe('go');
    const b = op.decide('f2', []);
    op.handle(line('skip'));
    await expect(b).resolves.toBe('skip');
    op.handle(line('n second'));
    expect(seen.notes).toEqual(['first observation', 'second']);
  });

  it('abort outside a prompt aborts at once (a typed line is deliberate)', () => {
    const { seen, op } = harness();
    op.handle(line('abort'));
    expect(seen.aborts).toEqual(['aborted by the operator']);
  });

  it('answers help and explains what it did not understand', () => {
    const { seen, op } = harness();
    op.handle(line('?'));
    op.handle(line('launch'));
    expect(seen.printed[0]).toBe(LINE_HELP);
    expect(seen.printed[1]).toMatch(/^not understood: "launch"/);
    expect(seen.aborts).toEqual([]);
  });
});
