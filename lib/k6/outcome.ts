// What a k6 exit means to the harness. k6's codes come from errext/exitcodes in k6 v2; the harness adds the ways
// a run can end that k6 cannot report itself (never started, had to be killed).

export type K6Outcome =
  | 'completed' // 0: the load ran as planned, thresholds passed
  | 'thresholds-failed' // 99: the load ran as planned, some thresholds failed
  | 'stopped' // 103: stopped through the REST API (a guardrail or the operator, via stop())
  | 'interrupted' // 105: k6 received a signal (SIGINT/SIGTERM)
  | 'script-error' // 107: an exception in the script (init or iteration)
  | 'aborted' // 108: the script called test.abort()
  | 'invalid-config' // 104: k6 rejected the options
  | 'setup-timeout' // 100/101: setup() or teardown() ran past its timeout
  | 'k6-error' // any other non-zero code (REST API could not start, Go panic, ...)
  | 'startup-timeout' // the harness gave up waiting for the test to start and killed k6
  | 'killed'; // k6 did not stop within the grace period and was killed

export interface OutcomeInfo {
  outcome: K6Outcome;
  /** The load ran its whole plan (thresholds aside). */
  loadCompleted: boolean;
  description: string;
}

const BY_CODE: Record<number, [K6Outcome, string]> = {
  0: ['completed', 'the load ran as planned and every threshold passed'],
  99: ['thresholds-failed', 'the load ran as planned; some k6 thresholds failed'],
  100: ['setup-timeout', 'setup() ran past its timeout'],
  101: ['setup-timeout', 'teardown() ran past its timeout'],
  103: ['stopped', 'stopped through the k6 REST API'],
  104: ['invalid-config', 'k6 rejected the test options'],
  105: ['interrupted', 'k6 was interrupted by a signal'],
  106: ['k6-error', 'k6 could not start its REST API (is the port taken?)'],
  107: ['script-error', 'the scenario threw an exception'],
  108: ['aborted', 'the scenario called test.abort()'],
  109: ['k6-error', 'k6 crashed (Go panic)'],
};

/** The outcome for k6's exit code (null when k6 was ended by a signal the harness did not send). */
export function outcomeOfExit(code: number | null, signal: NodeJS.Signals | null = null): OutcomeInfo {
  if (code === null) return { outcome: 'killed', loadCompleted: false, description: `k6 was ended by ${signal ?? 'a signal'}` };
  const known = BY_CODE[code];
  if (!known) return { outcome: 'k6-error', loadCompleted: false, description: `k6 exited with code ${code}` };
  const [outcome, description] = known;
  return { outcome, loadCompleted: code === 0 || code === 99, description };
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

export function startupTimeout(ms: number): OutcomeInfo {
  return { outcome: 'startup-timeout', loadCompleted: false, description: `the test did not start within ${seconds(ms)}` };
}

export function killedAfterGrace(ms: number): OutcomeInfo {
  return { outcome: 'killed', loadCompleted: false, description: `k6 did not stop within ${seconds(ms)} of being asked and was killed` };
}
