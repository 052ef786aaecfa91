import { describe, expect, it } from 'vitest';
import { keyInput } from '../../../lib/gameday/keyboard.ts';

describe('keyInput', () => {
  it('maps Ctrl-C to an interrupt, and Enter, Esc, Backspace to their inputs', () => {
    expect(keyInput('\x03', { name: 'c', ctrl: true })).toBe('interrupt');
    expect(keyInput('\r', { name: 'return' })).toEqual({ kind: 'enter' });
    expect(keyInput('\x1b', { name: 'escape' })).toEqual({ kind: 'escape' });
    expect(keyInput('\x7f', { name: 'backspace' })).toEqual({ kind: 'backspace' });
  });

  it('passes printable characters, including non-ASCII, and drops control sequences and arrows', () => {
    expect(keyInput('n', { name: 'n' })).toEqual({ kind: 'char', char: 'n' });
    expect(keyInput('é', undefined)).toEqual({ kind: 'char', char: 'é' });
    expect(keyInput('\x1b[A', { name: 'up' })).toBeUndefined();
    expect(keyInput('\x01', { name: 'a', ctrl: true })).toBeUndefined();
    expect(keyInput('\x07', undefined)).toBeUndefined();
  });
});
