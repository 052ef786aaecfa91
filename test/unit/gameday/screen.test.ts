import { describe, expect, it } from 'vitest';
import { plainScreen, terminalScreen } from '../../../lib/gameday/screen.ts';

function fakeTerminal(columns = 80) {
  const writes: string[] = [];
  return { writes, stream: { isTTY: true, columns, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe('terminalScreen', () => {
  it('redraws the block in place: back up over the lines drawn, clear, draw', () => {
    const { writes, stream } = fakeTerminal();
    const screen = terminalScreen(stream);
    screen.draw(['a', 'b'], 'gist');
    screen.draw(['c', 'd', 'e'], 'gist');
    expect(writes).toEqual(['a\nb\n', '\x1b[2F\x1b[0J', 'c\nd\ne\n']);
  });

  it('prints events above the block and redraws it under them; close() removes it', () => {
    const { writes, stream } = fakeTerminal();
    const screen = terminalScreen(stream);
    screen.draw(['view'], '');
    screen.print('fault small-pool: injecting');
    screen.close();
    screen.print('after');
    expect(writes).toEqual(['view\n', '\x1b[1F\x1b[0J', 'fault small-pool: injecting\n', 'view\n', '\x1b[1F\x1b[0J', 'after\n']);
  });

  it('reports the usable width of the terminal', () => {
    expect(terminalScreen(fakeTerminal(120).stream).width).toBe(119);
    expect(terminalScreen(fakeTerminal(10).stream).width).toBe(40);
  });
});

describe('plainScreen', () => {
  it('prints events at once and the gist at most every interval, never the same gist twice in a row', () => {
    const lines: string[] = [];
    let now = 0;
    const screen = plainScreen((l) => lines.push(l), 10_000, () => now);
    screen.draw(['x'], 'one');
    now = 5000;
    screen.draw(['x'], 'two');
    screen.print('event');
    now = 11_000;
    screen.draw(['x'], 'three');
    now = 30_000;
    screen.draw(['x'], 'three');
    expect(lines).toEqual(['one', 'event', 'three']);
  });
});
