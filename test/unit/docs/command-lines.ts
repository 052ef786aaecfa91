// Finds the `npx firedrill ...` command lines in workflow files and Markdown code blocks, and checks each one against
// the CLI's own definitions, so documentation that names a renamed or removed flag fails a test instead of a user.
import { parseArgs } from 'node:util';
import { commands } from '../../../lib/cli/main.ts';

const INVOCATION = /\bnpx firedrill\b/g;
/** Characters that end a command when unquoted: pipes, lists, redirections, comments, substitutions, quoting in prose. */
const ENDS_COMMAND = new Set(['|', '&', ';', '>', '<', '#', '`', ')']);

/** Shell words of one command, quotes removed; stops at the first unquoted operator. `$VAR` stays a word. */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ENDS_COMMAND.has(ch) && (ch !== '#' || word === undefined)) {
      break;
    } else word = (word ?? '') + ch;
  }
  if (quote) throw new Error(`unterminated ${quote} in: ${text}`);
  if (word !== undefined) words.push(word);
  return words;
}

/** Every `npx firedrill` command in `text`, as its words after `firedrill`; backslash-continued lines are joined. */
export function firedrillCommands(text: string): string[][] {
  const found: string[][] = [];
  for (const line of text.replace(/\\\n\s*/g, ' ').split('\n')) {
    for (const match of line.matchAll(INVOCATION)) found.push(shellWords(line.slice(match.index + match[0].length)));
  }
  return found;
}

/** Why the CLI would refuse these words (its parse: strict options, positional count), or undefined if it accepts them. */
export function cliProblem(words: readonly string[]): string | undefined {
  const [name, ...args] = words;
  const command = commands.find((c) => c.name === name);
  if (!command) return `unknown command "${name ?? ''}"`;
  let positionals: string[];
  try {
    positionals = parseArgs({ args, options: command.options, allowPositionals: true, strict: true }).positionals;
  } catch (err) {
    return `${name}: ${(err as Error).message}`;
  }
  const [min, max] = command.positionals;
  if (positionals.length < min || positionals.length > max) return `${name}: ${positionals.length} argument(s), expected ${min}..${max}`;
  return undefined;
}

export interface CodeBlock {
  lang: string;
  body: string;
  /** The path named by a `<!-- file: path -->` line just before the block, if any. */
  file?: string;
}

/**
 * The fenced code blocks of a Markdown text (``` fences, also indented inside list items): the body without its
 * fences and without the fence's indentation, no trailing newline.
 */
export function codeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```(\S*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1] ?? '';
    const end = lines.findIndex((l, j) => j > i && l === `${indent}\`\`\``);
    if (end < 0) throw new Error(`unclosed code block at line ${i + 1}`);
    const marker = /^<!-- file: (\S+) -->$/.exec(lines[i - 1] ?? '');
    const body = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
    blocks.push({ lang: open[2] ?? '', body: body.join('\n'), ...(marker?.[1] ? { file: marker[1] } : {}) });
    i = end;
  }
  return blocks;
}
