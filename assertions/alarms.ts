// Alarm expectations judged from alarm history: fires (in time after its fault), recovers (in time after the
// restore) and quiet (never in ALARM).
//
// Time to alarm is measured from the fault's ACTUAL start, which is when verify saw it in effect (effectiveAtMs; the
// fault phase starts there too), falling back to the injection time for faults with no separate effect time. An ECS
// redeploy can take a minute to roll out; counting that against `fires.within` would judge the deployment, not the
// alarm's detection time. A transition into ALARM after injection but before the effect was confirmed still counts
// (a rolling deployment puts the fault partly in effect early) and is reported as "before ... was fully in effect".
// Time to recover is measured from restoredAtMs, the start of the recovery phase.
import type { AlarmExpectation } from '../lib/experiment/model.ts';
import { ALARM, firstInto, heldSince, OK, stateAt, wasInAlarm } from './alarm-state.ts';
import type { AlarmEvidence, CheckResult, DrillEvidence, FaultRecord } from './evidence.ts';
import { clock, formatDuration, seconds, shortReason, when } from './format.ts';
import { phaseAt } from './phase-windows.ts';
import { notJudged, skippedFault } from './skipped.ts';

type Fires = NonNullable<AlarmExpectation['fires']>;
type Verdict = Pick<CheckResult, 'ok' | 'observed' | 'message'> & { data?: CheckResult['data'] };

export function alarmChecks(ev: DrillEvidence): CheckResult[] {
  return ev.experiment.expect.alarms.flatMap((exp) => {
    const checks: CheckResult[] = [];
    if (exp.quiet) checks.push(quietCheck(ev, exp));
    if (exp.fires) checks.push(firesCheck(ev, exp, exp.fires));
    if (exp.fires && exp.recovers) checks.push(recoversCheck(ev, exp, exp.fires, exp.recovers.withinMs));
    return checks;
  });
}

/** A failing verdict when the alarm has no evidence or does not exist; undefined when it can be judged. */
function unavailable(ev: DrillEvidence, name: string): Verdict | undefined {
  const alarm = ev.alarms.find((a) => a.name === name);
  if (!alarm) {
    return { ok: false, observed: 'no alarm history collected', message: `No evidence was collected for alarm ${name}, so it cannot be judged. The run directory is incomplete: re-run the drill or rebuild the report from a complete run.` };
  }
  if (!alarm.exists) {
    return { ok: false, observed: 'alarm does not exist', message: `Alarm ${name} does not exist, so the drill cannot tell whether it fires. Check the name (and the environment's alarmPrefix) against the alarms in CloudWatch.` };
  }
  return undefined;
}

/** The fault an alarm is timed against, if it was injected; otherwise a failing verdict saying why not. */
function injectedFault(ev: DrillEvidence, alarm: string, faultId: string): { fault: FaultRecord; injectedAtMs: number } | Verdict {
  const fault = ev.faults.find((f) => f.id === faultId);
  if (fault?.injectedAtMs !== undefined) return { fault, injectedAtMs: fault.injectedAtMs };
  const why = fault?.error ? `: ${fault.error}` : ev.abortReason ? ` (the drill stopped first: ${ev.abortReason})` : '';
  return { ok: false, observed: `${faultId} was never injected`, message: `Alarm ${alarm} cannot be judged against fault ${faultId}: the fault was never injected${why}. Fix what stopped the injection and run the drill again.` };
}

/** The states an alarm held over [fromMs, toMs], in order: "OK", "OK then INSUFFICIENT_DATA". */
function statesDuring(alarm: AlarmEvidence, fromMs: number, toMs: number): string {
  const states = [stateAt(alarm, fromMs)];
  for (const t of alarm.transitions) if (t.atMs > fromMs && t.atMs <= toMs && t.to !== states[states.length - 1]) states.push(t.to);
  return [...new Set(states)].join(' then ');
}

function firesCheck(ev: DrillEvidence, exp: AlarmExpectation, fires: Fires): CheckResult {
  const within = formatDuration(fires.withinMs);
  const base = { kind: 'alarm-fires' as const, name: `alarm ${exp.name} fires within ${within} of ${fires.after}`, strict: exp.strict, expected: `ALARM within ${within} of ${fires.after}` };
  const skipped = skippedFault(ev, fires.after);
  return { ...base, ...(skipped ? notJudged(skipped) : judgeFires(ev, exp.name, fires)) };
}

function judgeFires(ev: DrillEvidence, name: string, fires: Fires): Verdict {
  const missing = unavailable(ev, name);
  if (missing) return missing;
  const alarm = ev.alarms.find((a) => a.name === name) as AlarmEvidence;
  const timed = injectedFault(ev, name, fires.after);
  if (!('fault' in timed)) return timed;
  const { fault, injectedAtMs } = timed;
  const startMs = fault.effectiveAtMs ?? injectedAtMs;
  const within = formatDuration(fires.withinMs);
  const started = `${fires.after} (injected ${clock(injectedAtMs)}${fault.effectiveAtMs !== undefined ? `, in effect ${clock(fault.effectiveAtMs)}` : ''})`;
  if (stateAt(alarm, injectedAtMs) === ALARM) {
    const since = heldSince(alarm, injectedAtMs);
    return {
      ok: false,
      observed: `already ALARM when ${fires.after} was injected`,
      message: `Alarm ${name} was already in ALARM${since !== undefined ? ` (since ${clock(since)})` : ''} when ${started} started, so the drill cannot tell cause from coincidence. Find why it was in ALARM, wait for it to return to OK, and run the drill again.`,
    };
  }
  const fired = firstInto(alarm, ALARM, injectedAtMs, ev.endMs);
  if (!fired) {
    return {
      ok: false,
      observed: `stayed ${statesDuring(alarm, injectedAtMs, ev.endMs)}`,
      message: `Alarm ${name} stayed ${statesDuring(alarm, injectedAtMs, ev.endMs)} for the whole drill: it never fired within ${within} of ${started}. Check the alarm's threshold/periods or the fault's effect.`,
    };
  }
  const afterMs = fired.atMs - startMs;
  const data = { timeToAlarmSeconds: seconds(afterMs), sinceInjectionSeconds: seconds(fired.atMs - injectedAtMs), alarmAtMs: fired.atMs };
  const observed = afterMs >= 0 ? `ALARM ${formatDuration(afterMs)} after ${fires.after}` : `ALARM ${formatDuration(-afterMs)} before ${fires.after} was fully in effect (${formatDuration(fired.atMs - injectedAtMs)} after injection)`;
  if (fired.atMs > startMs + fires.withinMs) {
    return {
      ok: false,
      observed,
      data,
      message: `Alarm ${name} fired too late: ${formatDuration(afterMs)} after ${started}, allowed ${within}. Shorten the alarm's period or datapoints-to-alarm, or raise fires.within if that detection time is acceptable.`,
    };
  }
  return { ok: true, observed, data, message: `Alarm ${name} reached ALARM at ${clock(fired.atMs)}, ${observed}, within the ${within} allowed.` };
}

function recoversCheck(ev: DrillEvidence, exp: AlarmExpectation, fires: Fires, withinMs: number): CheckResult {
  const within = formatDuration(withinMs);
  const base = { kind: 'alarm-recovers' as const, name: `alarm ${exp.name} recovers within ${within} of restoring ${fires.after}`, strict: exp.strict, expected: `OK within ${within} of the restore of ${fires.after}` };
  const skipped = skippedFault(ev, fires.after);
  return { ...base, ...(skipped ? notJudged(skipped) : judgeRecovers(ev, exp.name, fires.after, withinMs)) };
}

function judgeRecovers(ev: DrillEvidence, name: string, faultId: string, withinMs: number): Verdict {
  const missing = unavailable(ev, name);
  if (missing) return missing;
  const alarm = ev.alarms.find((a) => a.name === name) as AlarmEvidence;
  const timed = injectedFault(ev, name, faultId);
  if (!('fault' in timed)) return timed;
  const restoredAtMs = timed.fault.restoredAtMs;
  if (restoredAtMs === undefined) {
    return { ok: false, observed: `${faultId} was never restored`, message: `Alarm ${name}'s recovery cannot be timed: fault ${faultId} was never restored (see its fault-restored check). Run firedrill restore for this run.` };
  }
  const deadlineMs = restoredAtMs + withinMs;
  if (!wasInAlarm(alarm, timed.injectedAtMs, deadlineMs)) {
    return { ok: false, observed: 'never in ALARM, nothing to recover from', message: `Alarm ${name} never reached ALARM after ${faultId} was injected, so there was no recovery to time; see its fires check.` };
  }
  const endMs = Math.min(deadlineMs, ev.endMs);
  const state = stateAt(alarm, endMs);
  if (state !== OK) return lateRecovery(ev, alarm, faultId, restoredAtMs, withinMs, state);
  const since = heldSince(alarm, endMs) ?? restoredAtMs;
  const afterMs = Math.max(0, since - restoredAtMs);
  const observed = since > restoredAtMs ? `OK ${formatDuration(afterMs)} after the restore` : `already OK when ${faultId} was restored`;
  return {
    ok: true,
    observed,
    data: { timeToRecoverSeconds: seconds(afterMs), okAtMs: since },
    message: `Alarm ${name} was back to OK ${since > restoredAtMs ? `at ${clock(since)}, ${formatDuration(afterMs)} after ${faultId} was restored` : `before ${faultId} was restored`}, within the ${formatDuration(withinMs)} allowed.`,
  };
}

function lateRecovery(ev: DrillEvidence, alarm: AlarmEvidence, faultId: string, restoredAtMs: number, withinMs: number, state: string): Verdict {
  const deadlineMs = restoredAtMs + withinMs;
  const within = formatDuration(withinMs);
  const restored = `${faultId} was restored (${clock(restoredAtMs)})`;
  const late = firstInto(alarm, OK, deadlineMs, ev.endMs);
  if (late) {
    const afterMs = late.atMs - restoredAtMs;
    return {
      ok: false,
      observed: `OK ${formatDuration(afterMs)} after the restore`,
      data: { timeToRecoverSeconds: seconds(afterMs), okAtMs: late.atMs },
      message: `Alarm ${alarm.name} recovered too late: back to OK ${formatDuration(afterMs)} after ${restored}, allowed ${within}. Check its datapoints-to-alarm and missing-data treatment, or raise recovers.within if the service really needs that long.`,
    };
  }
  if (ev.endMs < deadlineMs) {
    return {
      ok: false,
      observed: `still ${state} when the evidence ended, ${formatDuration(ev.endMs - restoredAtMs)} after the restore`,
      message: `Alarm ${alarm.name} was still ${state} when the evidence ended, ${formatDuration(ev.endMs - restoredAtMs)} after ${restored} and before its ${within} allowance ran out. The settle wait was cut short${ev.abortReason ? ` (${ev.abortReason})` : ''}; run the drill again.`,
    };
  }
  return {
    ok: false,
    observed: `still ${state} ${within} after the restore`,
    message: `Alarm ${alarm.name} was still ${state} ${within} after ${restored}. Check whether the service really recovered after the restore, or the alarm's recovery periods.`,
  };
}

function quietCheck(ev: DrillEvidence, exp: AlarmExpectation): CheckResult {
  const base = { kind: 'alarm-quiet' as const, name: `alarm ${exp.name} stays quiet`, strict: exp.strict, expected: 'never ALARM during the drill' };
  return { ...base, ...judgeQuiet(ev, exp.name) };
}

function judgeQuiet(ev: DrillEvidence, name: string): Verdict {
  const missing = unavailable(ev, name);
  if (missing) return missing;
  const alarm = ev.alarms.find((a) => a.name === name) as AlarmEvidence;
  if (stateAt(alarm, ev.loadStartMs) === ALARM) {
    return { ok: false, observed: 'already ALARM when the load started', message: `Alarm ${name} was already in ALARM when the load started, so it was not quiet. Find why, wait for OK, and run the drill again.` };
  }
  const fired = firstInto(alarm, ALARM, ev.loadStartMs, ev.endMs);
  if (fired) {
    return {
      ok: false,
      observed: `ALARM at ${when(fired.atMs, ev.loadStartMs)}`,
      data: { alarmAtMs: fired.atMs },
      message: `Alarm ${name} fired at ${when(fired.atMs, ev.loadStartMs)} (${phaseAt(ev, fired.atMs)}) though it must stay quiet: "${shortReason(fired.reason)}". If the drill's fault is meant to trip it, expect it with fires; otherwise find what else the drill broke.`,
    };
  }
  const states = statesDuring(alarm, ev.loadStartMs, ev.endMs);
  return { ok: true, observed: `stayed ${states}`, message: `Alarm ${name} stayed ${states} for the whole drill (${clock(ev.loadStartMs)} to ${clock(ev.endMs)}).` };
}
