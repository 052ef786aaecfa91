// One drill, end to end: load + validate, plan, preflight, run (k6 + fault timeline + guardrails + health probe),
// settle, collect, judge, report. Every stage writes into the run directory; every way out restores the faults.
import { join, resolve } from 'node:path';
import { DrillSession } from '../../chaos/session.ts';
import { openAws } from '../aws/index.ts';
import { FiredrillError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';
import { loadDrill, type Environment, type Experiment } from '../experiment/index.ts';
import { formatDuration } from '../experiment/duration.ts';
import { ensureK6 } from '../k6/install.ts';
import { startK6, type K6Result } from '../k6/runner.ts';
import { faultParams } from '../cli/catalogue.ts';
import { buildPlan } from '../plan/plan.ts';
import { formatPlan } from '../plan/format.ts';
import { guardProduction, isCi } from '../safety/production.ts';
import type { FaultRecord } from '../../assertions/evidence.ts';
import { actualPhases } from './actual-phases.ts';
import { collectEvidence } from './collect.ts';
import { HEALTH_FILE, HOST_FILE } from './evidence-loader.ts';
import { startHostProbe } from './host-probe.ts';
import { startGuardrails, type Tripped } from './guardrails.ts';
import { startHealthProbe } from './health-probe.ts';
import { preflight } from './preflight.ts';
import { createRunDir, newRunId, type RunDir } from './run-dir.ts';
import { RUN_RECORD, type RunRecord } from './run-record.ts';
import { settle } from './settle.ts';
import { smokeTest } from './smoke.ts';
import { resolveTarget, type DrillTarget } from './target.ts';
import { plannedRecord, runFaultTimeline } from './timeline.ts';
import { finishDrill } from './finish.ts';
import { plainConsole, type DrillConsole } from './drill-console.ts';
import { gameDayConsole } from '../gameday/gameday.ts';
import { UsageError } from '../errors.ts';
import { checkNotifyConfig, notifyChannels, sendNotifications } from '../notify/index.ts';
import { readReport } from '../../reports/index.ts';

export interface DrillOptions {
  experimentFile: string;
  env: string;
  outDir?: string;
  dryRun?: boolean;
  baseline?: string;
  failOnRegression?: boolean;
  interactive?: boolean;
  ci?: boolean;
  allowProduction?: boolean;
  say: (line: string) => void;
}

export interface DrillOutcome {
  exitCode: number;
  runDir?: string;
}

/** Minimal shape of a started k6 run the drill relies on. */
type StartedK6 = Awaited<ReturnType<typeof startK6>>;

export async function runDrill(o: DrillOptions): Promise<DrillOutcome> {
  const { experiment: x, environment: env } = await loadDrill(resolve(o.experimentFile), o.env, faultParams);
  const plan = buildPlan(x, env);
  const ci = o.ci ?? isCi();
  if (o.interactive && ci) throw new UsageError(`--interactive is for a person at a terminal, but this is a CI run (${o.ci ? '--ci' : 'CI is set in the environment'}): drop --interactive, or ${o.ci ? 'drop --ci' : 'unset CI'}`);
  await guardProduction({ env, allowProduction: o.allowProduction ?? false, ci, interactive: (o.interactive ?? false) && !ci && Boolean(process.stdin.isTTY) });
  checkNotifyConfig(env, process.env);
  o.say(formatPlan(plan));
  const target = await resolveTarget(env, o.say);
  if (o.dryRun) return dryRun(x, env, target, o);
  const k6 = await ensureK6(o.say);
  const runDir = createRunDir(newRunId(x.name), o.outDir);
  runDir.writeJson('experiment.json', { experiment: x, environment: env, plan: { ...plan, experiment: undefined, environment: undefined }, targetUrl: target.baseUrl });
  o.say(`run directory: ${runDir.path}`);

  const readAws = openAws(env, target.sandboxState ? { sandboxState: target.sandboxState } : {});
  const { initialAlarmStates } = await preflight(x, env, target.baseUrl, readAws, o.say).finally(() => readAws.close());
  await smokeTest(k6.path, target.baseUrl, runDir, o.say);

  const startedAt = new Date();
  const plannedEnd = new Date(Date.now() + x.load.durationMs + plan.settleMaxMs + 120_000);
  // Late-bound: once the drill's console exists, the session's lines go through it (the game-day view redraws
  // around them).
  let sink = o.say;
  const sessionIo = { out: (line: string) => sink(line), err: (line: string) => sink(line) };
  const session = await DrillSession.open({ env, runDir: runDir.path, runId: runDir.runId, plannedEndAt: plannedEnd, io: sessionIo, ...(target.sandboxState ? { sandboxState: target.sandboxState } : {}) });
  const removeSignals = session.installSignalHandlers();
  const record = initialRecord(runDir, x, env, target, startedAt, initialAlarmStates, k6.version);
  let view: DrillConsole | undefined;
  try {
    // Inside the try: a terminal that refuses raw mode must still end in session.close(), which restores.
    view = o.interactive ? gameDayConsole({ experiment: x, environment: env, aws: session.aws, journal: session.journal, say: o.say, onAbort: (reason) => operatorAbort(session, record, reason) }) : plainConsole(o.say);
    const events = view;
    sink = (line) => events.event(line);
    await runLoadAndFaults(session, x, target, runDir, record, k6.path, view);
  } catch (err) {
    record.outcome = 'error';
    record.error = (err as Error).message;
    o.say(`firedrill: the drill failed: ${(err as Error).message}; restoring every fault`);
  } finally {
    const results = await session.close();
    for (const r of results.filter((r) => !r.ok)) o.say(`RESTORE FAILED for ${r.faultId}: ${r.error ?? 'not verified'}; finish by hand:\n  ${r.manual.join('\n  ')}`);
    removeSignals();
    record.notes = view?.notes() ?? [];
  }
  await collectEvidence(session.aws, runDir, x, initialAlarmStates, record.loadStartMs - 5000, Date.now()).catch((err: Error) => o.say(`collecting alarm evidence failed: ${err.message}`));
  record.endMs = Date.now();
  record.endedAt = new Date().toISOString();
  runDir.writeJson(RUN_RECORD, record);
  const exitCode = await finishDrill(runDir.path, { ...(o.baseline ? { file: o.baseline } : {}), failOnRegression: o.failOnRegression ?? false }, o.say, { retrospective: o.interactive ?? false });
  // After the verdict is final: a notification that fails is a warning, never a different exit code.
  if (notifyChannels(env, process.env).length > 0) {
    await sendNotifications(readReport(join(runDir.path, 'report.json')), { runDir: runDir.path, env, ...(target.sandboxState ? { sandboxState: target.sandboxState } : {}) }, o.say);
  }
  return { exitCode, runDir: runDir.path };
}

function initialRecord(runDir: RunDir, x: Experiment, env: Environment, target: DrillTarget, startedAt: Date, initialAlarmStates: Record<string, string>, k6Version: string): RunRecord {
  return {
    runId: runDir.runId,
    experiment: x,
    environment: { name: env.name, production: env.production, sandbox: env.sandbox, file: env.file },
    targetUrl: target.baseUrl,
    startedAt: startedAt.toISOString(),
    endedAt: startedAt.toISOString(),
    loadStartMs: startedAt.getTime(),
    loadEndMs: startedAt.getTime(),
    endMs: startedAt.getTime(),
    outcome: 'completed',
    faults: x.faults.map(plannedRecord),
    phases: [],
    initialAlarmStates,
    k6: { version: k6Version, exitCode: null, outcome: 'not started', requests: 0, failedThresholds: [], coverage: [] },
    notes: [],
  };
}

/** The operator aborted a game day: the same path as a guardrail (k6 stops, every fault is restored, exit 3). */
function operatorAbort(session: DrillSession, record: RunRecord, reason: string): void {
  record.abortReason ??= reason;
  session.abort();
}

/** k6, the fault timeline, the guardrails and the health probe, concurrently; then settle. Fills `record`. */
async function runLoadAndFaults(session: DrillSession, x: Experiment, target: DrillTarget, runDir: RunDir, record: RunRecord, k6Path: string, view: DrillConsole): Promise<void> {
  const health = startHealthProbe(target.healthUrl, runDir.file(HEALTH_FILE));
  // The machine running k6 is evidence too: a starved load generator reports its own latency, not the service's.
  const host = startHostProbe(runDir.file(HOST_FILE));
  const event = (line: string) => view.event(line);
  let k6: StartedK6 | undefined;
  let tripped: Tripped | undefined;
  let guardrails: { stop(): void } | undefined;
  // Whatever stops the drill (a guardrail, the operator, a signal), the time from seeing it to restored is measured.
  let abortSeenAtMs: number | undefined;
  session.signal.addEventListener('abort', () => (abortSeenAtMs ??= Date.now()), { once: true });
  try {
    k6 = await startK6({
      k6Path,
      scenario: resolve(x.load.scenario),
      runDir: runDir.file('k6'),
      params: { baseUrl: target.baseUrl },
      stages: x.load.stages.map((s) => ({ duration: `${Math.round(s.durationMs / 1000)}s`, target: s.target })),
      env: x.load.env,
      signal: session.signal,
      onProgress: (p) => view.progress(p),
    });
    if (!(await k6.ready)) throw new FiredrillError(`k6 did not start; see ${runDir.file('k6')}`, ExitCode.HarnessError);
    record.loadStartMs = Date.now();
    const loadEndPlanned = record.loadStartMs + x.load.durationMs;
    guardrails = startGuardrails(x, session.aws, k6.evidence, record.loadStartMs, (t) => {
      tripped = t;
      event(`ABORT: ${t.reason}; stopping the load and restoring every fault`);
      session.abort();
    }, event);
    const records = x.faults.map(plannedRecord);
    view.loadStarted({ loadStartMs: record.loadStartMs, records, evidence: k6.evidence, health: () => health.latest() });
    const timelineIo = { say: event, ...(view.decide ? { decide: view.decide.bind(view) } : {}) };
    record.faults = await runFaultTimeline(session, x.faults, records, { loadStartMs: record.loadStartMs, loadEndMs: loadEndPlanned }, session.signal, timelineIo).catch((err: Error) => {
      session.abort();
      throw err;
    });
    const result: K6Result = await k6.done;
    record.loadEndMs = result.endedAt.getTime();
    const stopSeenAtMs = tripped?.seenAtMs ?? abortSeenAtMs;
    if (stopSeenAtMs !== undefined) {
      const restored = Math.max(stopSeenAtMs, ...record.faults.map((f: FaultRecord) => f.restoredAtMs ?? 0));
      record.abortTiming = { seenAtMs: stopSeenAtMs, k6StoppedAtMs: record.loadEndMs, faultsRestoredAtMs: restored };
      event(`aborted: k6 stopped ${((record.loadEndMs - stopSeenAtMs) / 1000).toFixed(1)}s and faults restored ${((restored - stopSeenAtMs) / 1000).toFixed(1)}s after the stop`);
    }
    record.k6 = { ...record.k6, exitCode: result.exitCode, outcome: result.outcome, requests: result.requests, failedThresholds: result.failedThresholds, coverage: result.coverage.messages };
    guardrails.stop();
    if (tripped || session.signal.aborted) {
      record.outcome = 'aborted';
      record.abortReason = tripped?.reason ?? record.abortReason ?? 'stopped by the operator (signal)';
    } else {
      const lastRestore = Math.max(0, ...record.faults.map((f: FaultRecord) => f.restoredAtMs ?? 0));
      await settle(x, session.aws, lastRestore || undefined, session.signal, event);
    }
  } finally {
    guardrails?.stop();
    if (k6 && record.loadEndMs === record.loadStartMs) {
      await k6.stop('the drill ended early');
      record.loadEndMs = Date.now();
    }
    view.done();
    await health.stop();
    await host.stop();
    record.phases = actualPhases(record.faults, record.loadStartMs, record.loadEndMs);
  }
}

async function dryRun(x: Experiment, env: Environment, target: DrillTarget, o: DrillOptions): Promise<DrillOutcome> {
  o.say('\ndry run: the calls each fault would make (none is made):');
  const session = await DrillSession.open({ env, runDir: resolve('.'), runId: `dry-run-${Date.now()}`, plannedEndAt: new Date(Date.now() + x.load.durationMs), io: { out: o.say, err: o.say }, dryRun: true, ...(target.sandboxState ? { sandboxState: target.sandboxState } : {}) });
  try {
    for (const f of x.faults) {
      o.say(`\n${f.id} (${f.action}) at ${formatDuration(f.atMs)}:`);
      await session.inject({ id: f.id, action: f.action, params: f.params, holdMs: f.holdMs });
      await session.restore(f.id);
    }
  } finally {
    await session.close();
  }
  return { exitCode: ExitCode.Pass };
}
