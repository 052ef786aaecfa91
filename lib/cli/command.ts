import type { ParseArgsConfig } from 'node:util';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Longer help: what it does, each option. */
  details: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Positional arguments: exact count expected (min..max). */
  positionals: [min: number, max: number];
  run(args: { positionals: string[]; values: Record<string, string | boolean | undefined> }, io: Io): Promise<number>;
}

export const envOption = { env: { type: 'string', short: 'e', default: 'local' } } as const;
