// Alarms in the drill's scope (expect.unexpectedAlarms.prefix) that reached ALARM without the experiment expecting
// them. "Reached ALARM" means a transition into ALARM between the load start and the end of the evidence: an alarm
// already in ALARM before the load and never changing was not set off by the drill.
//
// Alarms the experiment names in expect.alarms are left out, whatever they did: a quiet alarm that fires already
// fails its own quiet check, and an alarm expected to fire is expected. Names in `ignore` are matched exactly.
// severity `fail` makes each unexpected alarm a strict check; `warn` makes it optional (a warning in the report).
import { ALARM, firstInto } from './alarm-state.ts';
import type { CheckResult, DrillEvidence } from './evidence.ts';
import { shortReason, when } from './format.ts';
import { phaseAt } from './phase-windows.ts';

export function unexpectedAlarmChecks(ev: DrillEvidence): CheckResult[] {
  const scope = ev.experiment.expect.unexpectedAlarms;
  if (!scope) return [];
  const expected = new Set(ev.experiment.expect.alarms.map((a) => a.name));
  const ignored = new Set(scope.ignore);
  const strict = scope.severity === 'fail';
  const inScope = ev.scopedAlarms.filter((a) => a.exists && !expected.has(a.name));
  const fired = inScope.flatMap((alarm) => {
    const t = firstInto(alarm, ALARM, ev.loadStartMs, ev.endMs);
    return t ? [{ alarm, t }] : [];
  });
  const unexpected = fired.filter((f) => !ignored.has(f.alarm.name));
  if (unexpected.length === 0) {
    const ignoredFired = fired.map((f) => f.alarm.name);
    const note = ignoredFired.length ? ` (ignored as configured: ${ignoredFired.join(', ')})` : '';
    return [
      {
        kind: 'unexpected-alarm',
        name: `no unexpected alarms under ${scope.prefix}`,
        ok: true,
        strict,
        observed: `none of ${inScope.length} other in-scope alarms reached ALARM${note}`,
        expected: `no alarm under ${scope.prefix} reaches ALARM unless expected`,
        message: `No alarm under ${scope.prefix} reached ALARM without being expected${note}.`,
        data: { inScope: inScope.length, ignoredFired: ignoredFired.length },
      },
    ];
  }
  return unexpected.map(({ alarm, t }) => ({
    kind: 'unexpected-alarm' as const,
    name: `unexpected alarm ${alarm.name}`,
    ok: false,
    strict,
    observed: `ALARM at ${when(t.atMs, ev.loadStartMs)}`,
    expected: `no ALARM: not expected by this drill (unexpectedAlarms.severity ${scope.severity})`,
    message:
      `Alarm ${alarm.name} reached ALARM at ${when(t.atMs, ev.loadStartMs)} (${phaseAt(ev, t.atMs)}) without being expected: "${shortReason(t.reason)}". ` +
      `If the drill's faults are meant to trip it, add it to expect.alarms with fires; if it is noise, add it to expect.unexpectedAlarms.ignore; otherwise find what else the drill broke.`,
    data: { alarmAtMs: t.atMs },
  }));
}
