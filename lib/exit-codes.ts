/** The exit codes of the CLI contract (docs/architecture.md). CI and users branch on these. */
export const ExitCode = {
  /** The drill ran and every strict check passed. */
  Pass: 0,
  /** The drill ran and at least one strict check failed. */
  AssertionsFailed: 1,
  /** Invalid input or usage: nothing was applied. */
  InvalidInput: 2,
  /** A guardrail tripped or the operator stopped the drill; faults were restored. */
  Aborted: 3,
  /** The harness or the infrastructure failed (preflight, AWS errors, k6 missing, a bug). */
  HarnessError: 4,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
