import { ExitCode, type ExitCodeValue } from './exit-codes.ts';

/**
 * An expected failure the user can act on. The CLI prints `message` (and `hint`) and exits with `exitCode`;
 * it never prints a stack trace for these. Anything else that escapes is a bug and is reported as one.
 */
export class FiredrillError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    readonly hint?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad command line: unknown flag, missing argument. Exit 2. */
export class UsageError extends FiredrillError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.InvalidInput, hint);
  }
}

/** One problem in an input file, located by field path. */
export interface InputProblem {
  /** e.g. `faults[1].hold`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** An input file (experiment, environment) is invalid. Carries every problem found, not just the first. Exit 2. */
export class InvalidInputError extends FiredrillError {
  constructor(
    readonly file: string,
    readonly problems: InputProblem[],
  ) {
    super(formatProblems(file, problems), ExitCode.InvalidInput);
  }
}

export function formatProblems(file: string, problems: InputProblem[]): string {
  return problems.map((p) => `${file}: ${p.path ? `${p.path}: ` : ''}${p.message}`).join('\n');
}

/** The harness or the infrastructure failed in a way the user can act on. Exit 4. */
export class HarnessError extends FiredrillError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.HarnessError, hint);
  }
}
