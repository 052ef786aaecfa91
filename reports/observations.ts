// Observations graded critical / warning / info, each with a recommendation a person can act on, generated from the
// report's own figures (so they are as reproducible as the rest of it). Critical: a strict expectation failed or the
// drill itself is in doubt; warning: an optional one failed or something degraded; info: worth knowing.
import { epochMs, formatDuration, formatMs, formatOffset, formatValue, statUnit } from './format.ts';
import type { HostFigures, Observation, Report, ReportAlarm, ReportSlo, Severity } from './model.ts';
import { mostlySaturated, saturationSummary } from './sections/host.ts';

export type ReportDraft = Omit<Report, 'observations'>;

const grade = (strict: boolean): Severity => (strict ? 'critical' : 'warning');
const obs = (severity: Severity, text: string, recommendation: string): Observation => ({ severity, text, recommendation });
const ORDER: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

export function observe(draft: ReportDraft): Observation[] {
  const all = [
    ...runObservations(draft),
    ...draft.faults.flatMap((f) => faultObservations(f)),
    ...draft.alarms.flatMap((a) => alarmObservations(a, draft)),
    ...sloObservations(draft),
    ...hostObservations(draft),
    ...checkObservations(draft),
    ...baselineObservations(draft),
    ...capacityObservations(draft),
  ];
  if (all.length === 0) all.push(obs('info', 'Every check passed and nothing stood out.', 'No action: keep this drill in the regular runs to catch regressions.'));
  return all.map((o, i) => ({ o, i })).sort((a, b) => ORDER[a.o.severity] - ORDER[b.o.severity] || a.i - b.i).map(({ o }) => o);
}

function runObservations(d: ReportDraft): Observation[] {
  const out: Observation[] = [];
  if (d.outcome === 'aborted') out.push(obs('critical', `The drill was aborted${d.abortReason ? `: ${d.abortReason}` : ''}.`, 'The harness restored the faults; look at the guardrail that tripped and the charts before running it again.'));
  if (d.outcome === 'error') out.push(obs('critical', `The drill ended in a harness error${d.abortReason ? `: ${d.abortReason}` : ''}.`, 'Read the journal in the run directory; the evidence up to the error is in this report.'));
  if (d.k6.exitCode !== null && d.k6.exitCode !== 0 && d.outcome === 'completed') {
    out.push(obs('warning', `k6 exited with code ${d.k6.exitCode}.`, "k6 exits 99 when the scenario's own thresholds fail: see the k6 summary in the run directory."));
  }
  const unreachable = d.health.byStatus.unreachable;
  if (unreachable > 0) {
    out.push(obs('warning', `GET /health got no answer ${unreachable} of ${d.health.samples} times.`, 'A service that degrades gracefully still answers /health (a 503 is an answer): look for crash loops or no healthy targets behind the load balancer.'));
  }
  const untagged = d.load.byCategory['(none)']?.requests ?? 0;
  if (untagged > 0) out.push(obs('info', `${untagged} requests had no category tag.`, 'Tag every request with category=<SLO class> in the scenario so that it counts towards an SLO.'));
  return out;
}

function faultObservations(f: ReportDraft['faults'][number]): Observation[] {
  const out: Observation[] = [];
  if (f.skipped) {
    out.push(obs('info', `Fault ${f.id} (${f.action}) was skipped by the operator (${f.skipped.reason}); the checks that depend on it were not judged.`, 'Run it in a later drill so that what it tests is covered.'));
  }
  if (f.error) out.push(obs('critical', `Fault ${f.id} (${f.action}) failed: ${f.error}`, 'Fix the cause above: the drill could not test what it set out to.'));
  if (f.injectedAt !== null && !f.restoreVerified) {
    out.push(obs('critical', `Fault ${f.id} (${f.action}) was not verified as restored.`, 'Run `firedrill restore --run <run-dir>` and check the environment by hand before the next drill.'));
  }
  if (f.injectedAt !== null && f.effectiveAt !== null) {
    const lag = (epochMs(f.effectiveAt) - epochMs(f.injectedAt)) / 1000;
    if (lag >= 10) {
      out.push(obs('info', `Fault ${f.id} took ${formatDuration(lag)} to take effect after it was injected.`, 'Expected for faults that redeploy; alarm timings are measured from when the fault took effect, so the deploy does not inflate them.'));
    }
  }
  return out;
}

function alarmObservations(a: ReportAlarm, d: ReportDraft): Observation[] {
  const at = (time: string) => formatOffset((epochMs(time) - epochMs(d.load.start)) / 1000);
  if (a.expectation === 'unexpected') {
    return [obs(grade(a.strict), `Alarm ${a.name} fired at ${a.firstAlarmAt ? at(a.firstAlarmAt) : 'an unknown time'}, which the drill did not expect.`, 'If it should fire for this fault, add it to expect.alarms; if it is noise, list it in unexpectedAlarms.ignore; otherwise find out why it fired.')];
  }
  // A drill that stopped early may not have looked at its alarms; the outcome observation says why. An alarm timed
  // after a skipped fault was not judged; the fault's own observation says so.
  if (!a.exists && d.outcome !== 'completed') return [];
  if (a.expectation === 'fires' && d.faults.some((f) => f.id === a.after && f.skipped)) return [];
  if (!a.exists) return [obs(grade(a.strict), `Alarm ${a.name} does not exist in this environment.`, 'Create it, or fix its name in expect.alarms: a drill cannot prove an alarm that is not there.')];
  if (a.expectation === 'quiet') {
    if (a.firstAlarmAt === null) return [];
    return [obs(grade(a.strict), `Alarm ${a.name} fired at ${at(a.firstAlarmAt)} though the drill expected it to stay quiet.`, `Either the fault spills over into what ${a.name} watches (fix the service or narrow the fault) or it is too sensitive (raise its threshold or datapoints to alarm).`)];
  }
  return [...firingObservations(a), ...recoveryObservations(a, d)];
}

function firingObservations(a: ReportAlarm): Observation[] {
  const target = a.alarmTargetSeconds;
  const after = a.after ? `${a.after} took effect` : 'the fault';
  const tta = a.timeToAlarmSeconds;
  if (a.firstAlarmAt === null || tta === null) {
    return [obs(grade(a.strict), `Alarm ${a.name} never reached ALARM after ${after}${target !== null ? ` (target: within ${formatDuration(target)})` : ''}.`, 'Check that the metric it watches is published while the fault holds (namespace, dimensions, unit) and that its threshold can be reached: as it stands, this failure would page no one.')];
  }
  if (tta < 0) return [obs('warning', `Alarm ${a.name} was already in ALARM ${formatDuration(-tta)} before ${after}.`, 'Something else set it off during the baseline: find out what, then rerun; this time to alarm cannot be trusted.')];
  if (target !== null && tta > target) {
    return [obs(grade(a.strict), `Alarm ${a.name} took ${formatDuration(tta)} to fire after ${after}; the target is ${formatDuration(target)}.`, `Lower its evaluation periods or datapoints to alarm (or use a shorter period) so that it fires within ${formatDuration(target)}.`)];
  }
  if (target !== null && tta > 0.8 * target) {
    return [obs('info', `Alarm ${a.name} fired in ${formatDuration(tta)}, close to its ${formatDuration(target)} target.`, 'One more evaluation period would miss the target: consider fewer datapoints to alarm.')];
  }
  return [obs('info', `Alarm ${a.name} fired ${formatDuration(tta)} after ${after}${target !== null ? ` (target ${formatDuration(target)})` : ''}.`, 'No action: keep this drill in the monthly run to catch regressions.')];
}

function recoveryObservations(a: ReportAlarm, d: ReportDraft): Observation[] {
  const target = a.recoverTargetSeconds;
  const ttr = a.timeToRecoverSeconds;
  if (target === null || a.firstAlarmAt === null) return [];
  const restoredAt = d.faults.find((f) => f.id === a.after)?.restoredAt ?? null;
  if (a.okAt === null || ttr === null) {
    return [obs(grade(a.strict), `Alarm ${a.name} was still in ALARM when the drill ended (target: OK within ${formatDuration(target)} of the restore).`, 'Check its OK side: missing data treated as breaching or a long evaluation window keeps an alarm up after the problem is gone, and a stuck alarm hides the next incident.')];
  }
  const early = restoredAt === null ? 0 : (epochMs(restoredAt) - epochMs(a.okAt)) / 1000;
  if (early > 0) return [obs('warning', `Alarm ${a.name} returned to OK ${formatDuration(early)} before the fault was restored.`, 'It flaps while the problem lasts: raise datapoints to alarm or lengthen the period so that it stays in ALARM for the whole incident.')];
  if (ttr > target) {
    return [obs(grade(a.strict), `Alarm ${a.name} took ${formatDuration(ttr)} to return to OK after the restore; the target is ${formatDuration(target)}.`, "Check that the service really recovered (latency chart after the restore); if it did, shorten the alarm's evaluation window.")];
  }
  return [];
}

const PHASE_ADVICE: Record<string, string> = {
  baseline: 'The service misses this SLO before any fault: fix the baseline (capacity, slow queries, pool size) before judging the fault.',
  fault: 'Under this fault the SLO does not hold: decide whether it should (then add capacity, timeouts or load shedding) or state a looser SLO for the fault phase.',
  recovery: 'Not back under the SLO after the restore: look for a cold pool after the redeploy, a retry storm or a backlog draining.',
  all: 'Compare the phases in the latency chart to see where it was lost.',
};

function sloObservations(d: ReportDraft): Observation[] {
  const out: Observation[] = [];
  const empty = new Set<string>();
  for (const s of d.slos.filter((row) => !row.ok)) {
    // A phase a stopped drill never reached has no evidence by design; the outcome observation says why.
    if (s.windowStart === null && d.outcome !== 'completed') continue;
    if (s.samples === 0) {
      const key = `${s.category} ${s.phase}`;
      if (empty.has(key)) continue;
      empty.add(key);
      const what = s.category === 'all' ? 'requests' : `${s.category} requests`;
      const tagged = s.category === 'all' ? 'no request at all' : `no request tagged category=${s.category}`;
      out.push(obs('critical', `No ${what} in phase ${s.phase}: its SLO has no evidence.`, `The load sent ${tagged} during ${s.phase}: check the scenario's tags and weights (or whether the phase ran at all); an SLO with no samples proves nothing.`));
      continue;
    }
    out.push(obs(grade(s.strict), sloMissText(s), PHASE_ADVICE[phaseKind(d, s.phase)] ?? PHASE_ADVICE.all!));
  }
  return out;
}

function sloMissText(s: ReportSlo): string {
  const unit = statUnit(s.stat);
  const bound = s.stat === 'rps' ? 'floor' : 'SLO';
  return `${s.category} ${s.stat} in ${s.phase} was ${formatValue(unit, s.observed)} (${bound} ${formatValue(unit, s.threshold)}, ${s.samples} requests).`;
}

const phaseKind = (d: ReportDraft, name: string): string => (name === 'all' ? 'all' : (d.phases.find((p) => p.name === name)?.kind ?? 'all'));

/**
 * A load generator short of CPU measures its own queueing as the service's latency (k6's docs say to watch it), so
 * phases with an SLO are doubted when the machine was saturated for enough of them. `all` (the whole load) is only
 * named when no phase of its own was.
 */
function hostObservations(d: ReportDraft): Observation[] {
  const host = d.host;
  if (!host) return [];
  const sloPhases = new Set(d.slos.map((s) => s.phase));
  const during = (name: string, f: HostFigures) => `${name} (${saturationSummary(f)}; ${f.saturatedSamples} of ${f.samples} samples)`;
  const flagged = host.phases.filter((p) => sloPhases.has(p.phase) && mostlySaturated(p)).map((p) => during(p.phase, p));
  if (flagged.length === 0 && sloPhases.has('all') && mostlySaturated(host)) flagged.push(during('the load', host));
  if (flagged.length === 0) return [];
  return [
    obs(
      'warning',
      `The machine running the drill was saturated during ${listed(flagged)}: latency figures may be the load generator's, not the service's.`,
      'Run the load generator on a machine of its own, or lower the load; for the sandbox: fewer parallel jobs on the runner.',
    ),
  ];
}

const listed = (items: string[]): string => (items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

/** Failed checks the figures above do not already explain (health, recovery time, kinds added later). */
const EXPLAINED = new Set(['alarm-fires', 'alarm-recovers', 'alarm-quiet', 'unexpected-alarm', 'slo', 'slo-coverage', 'fault-restored', 'baseline-regression']);

function checkObservations(d: ReportDraft): Observation[] {
  return d.checks.filter((c) => !c.ok && !EXPLAINED.has(c.kind)).map((c) => obs(grade(c.strict), `${c.name}: ${c.observed} (expected ${c.expected}).`, c.message || 'See the check above.'));
}

function baselineObservations(d: ReportDraft): Observation[] {
  const b = d.baseline;
  if (!b) return [];
  const out: Observation[] = [];
  if (!b.sameExperiment) out.push(obs('warning', `The baseline is a run of ${b.experiment}, not ${d.experiment.name}.`, 'Compare runs of the same experiment: pass that experiment\'s earlier report.json to --baseline.'));
  for (const r of b.rows.filter((row) => row.regression)) {
    const change = r.current === null ? 'missing now' : `${formatValue(r.unit, r.previous)} -> ${formatValue(r.unit, r.current)}`;
    out.push(obs(b.failOnRegression ? 'critical' : 'warning', `${r.name} regressed against run ${b.runId}: ${change}.`, 'Find what changed since that run (deployments, data growth, alarm edits); if the change is intended, make this run the new baseline.'));
  }
  return out;
}

function capacityObservations(d: ReportDraft): Observation[] {
  const c = d.capacity;
  if (!c) return [];
  const describe = (i: number) => {
    const s = c.steps[i];
    return s ? `step ${i + 1} (target ${s.target}, ${Math.round(s.rps)} req/s, p99 ${formatMs(s.p99Ms)})` : `step ${i + 1}`;
  };
  const out: Observation[] = [];
  if (c.degradationStep !== undefined) out.push(obs('info', `Latency degrades from ${describe(c.degradationStep)}.`, 'Set the scaling trigger below this load (e.g. 75 % CPU) and size for twice the expected peak.'));
  if (c.failureStep !== undefined) out.push(obs('warning', `The service fails from ${describe(c.failureStep)}.`, 'Keep the expected peak at half this load or less, and make sure autoscaling acts before it is reached.'));
  return out;
}
