// Settle: after the load, wait (bounded by the largest recovers.within) until every alarm expected to recover is
// OK again, with a countdown. The assertions judge the timing; this only makes sure the evidence window is long
// enough to contain the recovery.
import type { Aws } from '../aws/index.ts';
import { formatDuration } from '../experiment/duration.ts';
import type { Experiment } from '../experiment/index.ts';
import { waitUntil } from './timeline.ts';

export async function settle(x: Experiment, aws: Aws, restoredAtMs: number | undefined, signal: AbortSignal, say: (line: string) => void): Promise<void> {
  const recovering = x.expect.alarms.filter((a) => a.recovers).map((a) => a.name);
  const maxMs = Math.max(0, ...x.expect.alarms.map((a) => a.recovers?.withinMs ?? 0));
  if (recovering.length === 0 || maxMs === 0) return;
  const deadline = (restoredAtMs ?? Date.now()) + maxMs + 5000;
  // Look at least once, even when the deadline has passed during the load.
  for (let first = true; (first || Date.now() < deadline) && !signal.aborted; first = false) {
    const alarms = await aws.cloudwatch.describeAlarms({ names: recovering });
    const waiting = alarms.filter((a) => a.state !== 'OK').map((a) => `${a.name} (${a.state})`);
    if (waiting.length === 0) {
      say('settle: every expected alarm is OK again');
      return;
    }
    say(`settle: waiting up to ${formatDuration(Math.max(0, deadline - Date.now()))} for ${waiting.join(', ')} to recover`);
    await waitUntil(Math.min(deadline, Date.now() + 5000), signal);
  }
  say('settle: time is up; the report judges what the evidence shows');
}
