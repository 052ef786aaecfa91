import { readFile, stat } from 'node:fs/promises';
import { relative } from 'node:path';
import { LineCounter, parseDocument, isMap, type Document } from 'yaml';
import { InvalidInputError } from '../errors.ts';

/** Experiment and environment files are small; anything bigger is a mistake (a log, a dump) we refuse early. */
export const MAX_INPUT_BYTES = 256 * 1024;

export interface YamlFile {
  file: string;
  data: Record<string, unknown>;
  /** 1-based line of the value at a field path like `faults[1].hold`, when it can be found. */
  lineOf(path: string): number | undefined;
}

/** Read and parse a YAML mapping, turning every way it can be unreadable into an InvalidInputError (exit 2). */
export async function readYamlFile(file: string, what: string): Promise<YamlFile> {
  const shown = displayPath(file);
  const a = /^[aeiou]/.test(what) ? 'an' : 'a';
  const fail = (message: string): never => {
    throw new InvalidInputError(shown, [{ path: '', message }]);
  };
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) fail(`not a file; give the path of ${a} ${what} YAML file`);
    size = info.size;
  } catch (err) {
    if (err instanceof InvalidInputError) throw err;
    return fail(`cannot read the ${what} file (${(err as NodeJS.ErrnoException).code ?? 'error'}); check the path`);
  }
  if (size > MAX_INPUT_BYTES) fail(`file is ${Math.round(size / 1024)} KiB; ${a} ${what} file is at most ${MAX_INPUT_BYTES / 1024} KiB`);
  const bytes = await readFile(file);
  const text = decodeText(bytes) ?? fail(`not a text file (binary content); ${a} ${what} file is UTF-8 YAML`);
  if (text.trim() === '' || /^(\s*#.*\n?)*\s*$/.test(text)) fail(`file is empty; ${a} ${what} needs at least the required fields (see docs/experiments.md)`);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
  if (doc.errors.length > 0) {
    throw new InvalidInputError(
      shown,
      doc.errors.map((e) => {
        const pos = lineCounter.linePos(e.pos[0]);
        const where = `line ${pos.line}, column ${pos.col}: `;
        return { path: '', message: `YAML syntax error at ${where}${firstLine(e.message)}` };
      }),
    );
  }
  if (!isMap(doc.contents)) fail(`expected a YAML mapping (key: value lines) at the top level, got ${kindOf(doc.toJS())}`);
  const data = doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  return { file: shown, data, lineOf: (path) => lineOf(doc, lineCounter, path) };
}

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.replace(/ at line \d+, column \d+.*$/, '') ?? message;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'nothing';
  return `a ${typeof value}`;
}

function lineOf(doc: Document, counter: LineCounter, path: string): number | undefined {
  const keys = path.match(/[^.[\]]+/g)?.map((k) => (/^\d+$/.test(k) ? Number(k) : k)) ?? [];
  for (let n = keys.length; n > 0; n--) {
    const node = doc.getIn(keys.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) return counter.linePos(node.range[0]).line;
  }
  return undefined;
}

/** Paths in messages are relative to the working directory when the file is below it, as the user typed them. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') ? rel : file;
}
