// Where the game-day view is drawn. On a terminal: a block of lines redrawn in place under the event lines, which
// scroll above it as a log. Elsewhere (a pipe, a CI log): events as plain lines and the view's gist every few seconds.

export interface Screen {
  /** Replace the live block. */
  draw(lines: readonly string[], plain: string): void;
  /** A line that stays (an event, a prompt's outcome), printed above the live block. */
  print(line: string): void;
  /** Remove the live block (before the final report lines). */
  close(): void;
  readonly width: number;
}

const ESC = '\x1b[';

export function terminalScreen(stream: NodeJS.WriteStream): Screen {
  let drawn = 0;
  let block: readonly string[] = [];
  const erase = () => {
    // Back to the first line of the block, then clear to the end of the screen.
    if (drawn > 0) stream.write(`${ESC}${drawn}F${ESC}0J`);
    drawn = 0;
  };
  const paint = () => {
    if (block.length) stream.write(`${block.join('\n')}\n`);
    drawn = block.length;
  };
  return {
    get width() {
      return Math.max(40, (stream.columns ?? 100) - 1);
    },
    draw(lines) {
      block = lines;
      erase();
      paint();
    },
    print(line) {
      erase();
      stream.write(`${line}\n`);
      paint();
    },
    close() {
      erase();
      block = [];
    },
  };
}

export function plainScreen(write: (line: string) => void, everyMs = 10_000, now = Date.now): Screen {
  let printedAt = Number.NEGATIVE_INFINITY;
  let lastPlain = '';
  return {
    width: 160,
    draw(_lines, plain) {
      if (now() - printedAt < everyMs || plain === lastPlain) return;
      write(plain);
      printedAt = now();
      lastPlain = plain;
    },
    print: write,
    close() {},
  };
}
