import { describe, expect, it } from 'vitest';
import { unexpectedAlarmChecks } from '../../../assertions/unexpected-alarms.ts';
import { alarm, drill, experiment, fires, quiet } from './drill-builder.ts';

const scope = (severity: 'fail' | 'warn', ignore: string[] = []) => ({ prefix: 'sandbox-', severity, ignore });

function run(severity: 'fail' | 'warn', scoped: ReturnType<typeof alarm>[], ignore: string[] = []) {
  return unexpectedAlarmChecks(
    drill({
      experiment: experiment({ alarms: [fires('sandbox-pool-wait', 60), quiet('sandbox-5xx')], unexpectedAlarms: scope(severity, ignore) }),
      scopedAlarms: scoped,
    }),
  );
}

describe('unexpected alarms', () => {
  it('fails strictly, naming the alarm and its phase, when an unexpected in-scope alarm reached ALARM with severity fail', () => {
    const checks = run('fail', [alarm('sandbox-pool-wait', [[60, 'ALARM']]), alarm('sandbox-cpu-high', [[45, 'ALARM'], [70, 'OK']]), alarm('sandbox-latency')]);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ kind: 'unexpected-alarm', name: 'unexpected alarm sandbox-cpu-high', ok: false, strict: true, observed: 'ALARM at 12:00:45 UTC, 45s into the load' });
    expect(checks[0]!.message).toContain('(phase small-pool)');
    expect(checks[0]!.message).toContain('expect.unexpectedAlarms.ignore');
  });

  it('makes the same finding optional (a warning) with severity warn', () => {
    const checks = run('warn', [alarm('sandbox-cpu-high', [[45, 'ALARM']])]);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ ok: false, strict: false });
  });

  it('skips ignored alarms and says so in the passing check', () => {
    const checks = run('fail', [alarm('sandbox-cpu-high', [[45, 'ALARM']]), alarm('sandbox-latency')], ['sandbox-cpu-high']);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ ok: true, name: 'no unexpected alarms under sandbox-' });
    expect(checks[0]!.observed).toBe('none of 2 other in-scope alarms reached ALARM (ignored as configured: sandbox-cpu-high)');
  });

  it('leaves expected and quiet alarms to their own checks', () => {
    const checks = run('fail', [alarm('sandbox-pool-wait', [[60, 'ALARM']]), alarm('sandbox-5xx', [[60, 'ALARM']])]);
    expect(checks).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('does not count an alarm that was in ALARM before the load and never changed, nor one that fired before the load', () => {
    const before = alarm('sandbox-old', [], 'ALARM');
    const early = { ...alarm('sandbox-early'), transitions: [{ atMs: Date.UTC(2025, 0, 1, 11, 59, 0), from: 'OK', to: 'ALARM', reason: 'x' }] };
    expect(run('fail', [before, early])[0]).toMatchObject({ ok: true });
  });

  it('counts an alarm that fires during settle, after the load', () => {
    const checks = run('fail', [alarm('sandbox-cpu-high', [[230, 'ALARM']])]);
    expect(checks[0]).toMatchObject({ ok: false });
    expect(checks[0]!.message).toContain('after the load (settle)');
  });

  it('judges nothing when the experiment does not scope unexpected alarms', () => {
    expect(unexpectedAlarmChecks(drill({ scopedAlarms: [alarm('sandbox-cpu-high', [[45, 'ALARM']])] }))).toEqual([]);
  });
});
