// Run one k6 load under the harness's control: generated config in the run directory, the REST API on a free
// loopback port (live metrics, stop), evidence captured and ingested as it is written, a start-up timeout, a
// bounded stop, and a result that maps k6's exit code to an outcome. See lib/k6/README.md for the contract.
import { mkdirSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { EvidenceStore } from '../evidence/store.ts';
import { followCsvFile } from '../evidence/ingest.ts';
import type { CoverageReport } from '../evidence/coverage.ts';
import { weightedCategories, type ScenarioParams, type StageSpec } from '../../scenarios/lib/params.ts';
import { archiveRaw, finishEvidence, head, judge, writeRecord, type RawCapture } from './finish.ts';
import { killedAfterGrace, outcomeOfExit, startupTimeout, type K6Outcome, type OutcomeInfo } from './outcome.ts';
import { k6Args, spawnK6, type K6Process } from './process.ts';
import { ProgressTracker, type K6Progress, type LiveCounters } from './progress.ts';
import { EXECUTION_RUNNING, freePort, K6RestApi, type K6Status } from './rest-api.ts';
import { bannerMaxDurationMs, clearRunFiles, plannedDurationMs, runFiles, writeRunConfig, type RunFiles } from './run-files.ts';
import type { K6Summary } from './summary.ts';

export interface K6RunOptions {
  k6Path: string;
  /** The scenario script (.ts or .js). */
  scenario: string;
  /** Every file of the run goes here (created if missing). */
  runDir: string;
  /** Scenario parameters (scenarios/lib/params.ts), written to scenario-config.json. baseUrl is required. */
  params: Partial<ScenarioParams> & { baseUrl: string };
  /** Shorthand for params.stages (api-mix). */
  stages?: StageSpec[];
  /** Extra environment for the scenario (__ENV). No secrets. */
  env?: Record<string, string>;
  /** Planned load length for the progress line; default: from the stock scenario's plan or k6's banner. */
  plannedMs?: number;
  /** How long k6 may take to reach the running state. Default 30 s. */
  startupTimeoutMs?: number;
  /** How long k6 may take to exit after stop() before it is interrupted, then killed. Default 10 s. */
  stopGraceMs?: number;
  /** Aborting it stops the run (Ctrl-C, a guardrail): k6 still writes its summary. */
  signal?: AbortSignal;
  onProgress?: (progress: K6Progress) => void;
  /** Default 1000 ms. */
  progressIntervalMs?: number;
  /** Ingest the evidence while k6 writes it (needed for live windows). Default true. */
  liveEvidence?: boolean;
  /** SLO classes that must receive requests. Default: the classes k6 has thresholds on, plus the mix's classes. */
  expectCategories?: readonly string[];
  /** More k6 system tags to keep (costs throughput), for scenarios with thresholds on them. */
  extraSystemTags?: readonly string[];
  /** What to do with k6's raw CSV after ingest. Default 'gzip' (k6-samples.csv.gz). */
  raw?: RawCapture;
}

export interface K6Result extends OutcomeInfo {
  exitCode: number | null;
  /** Why the harness stopped the run, when it did. */
  stopReason: string | undefined;
  startedAt: Date;
  /** When k6 reported the test running (the load's t=0, to within the 100 ms poll); undefined if it never ran. */
  loadStartedAt: Date | undefined;
  endedAt: Date;
  requests: number;
  summary: K6Summary | undefined;
  failedThresholds: string[];
  /** The ingested evidence, finished and queryable (window(), span()). */
  evidence: EvidenceStore;
  coverage: CoverageReport;
  files: RunFiles;
  stderrTail: string;
}

export interface K6Run {
  files: RunFiles;
  api: K6RestApi;
  /** Live evidence (complete up to about a second ago when liveEvidence is on). */
  evidence: EvidenceStore;
  /** Resolves true once the test is running, false if k6 ended (or timed out) first. */
  ready: Promise<boolean>;
  /** Stop the run through the REST API; resolves once k6 has exited (interrupted, then killed, after the grace). */
  stop(reason?: string): Promise<void>;
  /** Resolves when the k6 process has exited (before the evidence is finished and the summary read). */
  exited: Promise<Date>;
  /** k6's status and run-long counters from the REST API (cheap for k6); undefined when it does not answer. */
  live(): Promise<{ status: K6Status; counters: LiveCounters } | undefined>;
  done: Promise<K6Result>;
}

const POLL_MS = 100;
const RECENT_P95_MS = 10_000;

export async function runK6(options: K6RunOptions): Promise<K6Result> {
  return (await startK6(options)).done;
}

export async function startK6(options: K6RunOptions): Promise<K6Run> {
  mkdirSync(options.runDir, { recursive: true });
  const files = runFiles(resolve(options.runDir));
  clearRunFiles(files);
  // The capture keeps no url/name system tags, so k6 cannot grow a time series per URL and the scenario's own URL
  // grouping would only add a tag to every sample (lib/evidence/capture.ts); keep it when those tags are kept.
  const groupUrls = (options.extraSystemTags ?? []).some((t) => t === 'name' || t === 'url');
  const params = writeRunConfig(files, { groupUrls, ...options.params, ...(options.stages ? { stages: options.stages } : {}) });
  const scenario = resolve(options.scenario);
  const evidence = EvidenceStore.create(files.evidence, { source: `k6 http_req_duration, ${basename(scenario)}` });
  const follower = options.liveEvidence === false ? undefined : followCsvFile(files.samples, evidence);
  const api = new K6RestApi(await freePort());
  const command = { k6Path: options.k6Path, scenario, files, port: api.port, env: options.env, extraSystemTags: options.extraSystemTags };
  const startedAt = new Date();
  const proc = spawnK6(command);
  const state: RunState = { proc, api, timedOut: false, killed: false, stopReason: undefined, loadStartedAt: undefined };
  const stop = stopper(state, options.stopGraceMs ?? 10_000);
  const onAbort = () => void stop('interrupted by the operator');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) onAbort();
  const ready = waitUntilRunning(state, options.startupTimeoutMs ?? 30_000);
  const planned = options.plannedMs ?? plannedDurationMs(scenario, params);
  const progress = options.onProgress ? reportProgress(state, ready, evidence, () => planned ?? bannerMaxDurationMs(head(files.stdout)), options) : undefined;

  const done = (async (): Promise<K6Result> => {
    const exit = await proc.exited.finally(() => progress?.stop());
    options.signal?.removeEventListener('abort', onAbort);
    const endedAt = new Date();
    const requests = await finishEvidence(files, evidence, follower);
    const fallback = weightedCategories({ ...params.weights });
    const judged = judge(files, evidence, requests, options.expectCategories, fallback);
    await archiveRaw(files, options.raw ?? 'gzip');
    const info = state.timedOut ? startupTimeout(options.startupTimeoutMs ?? 30_000) : state.killed ? killedAfterGrace(options.stopGraceMs ?? 10_000) : outcomeOfExit(exit.code, exit.signal);
    const result: K6Result = { ...info, ...judged, exitCode: exit.code, stopReason: state.stopReason, startedAt, loadStartedAt: state.loadStartedAt, endedAt, evidence, files };
    writeRecord(files.record, recordOf(result, command.k6Path, k6Args(command)));
    return result;
  })();
  done.catch(() => follower?.stop().catch(() => undefined));
  const exited = proc.exited.then(() => new Date(), () => new Date());
  return { files, api, evidence, ready, stop, exited, live: () => live(api), done };
}

interface RunState {
  proc: K6Process;
  api: K6RestApi;
  timedOut: boolean;
  killed: boolean;
  stopReason: string | undefined;
  loadStartedAt: Date | undefined;
}

async function waitUntilRunning(state: RunState, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!state.proc.hasExited()) {
    const status = await state.api.status();
    if (status && (status.running || status.status >= EXECUTION_RUNNING)) {
      state.loadStartedAt = new Date();
      return true;
    }
    if (Date.now() > deadline) {
      state.timedOut = true;
      state.proc.kill('SIGKILL');
      return false;
    }
    await Promise.race([delay(POLL_MS), state.proc.exited.catch(() => undefined)]);
  }
  return false;
}

function stopper(state: RunState, graceMs: number): (reason?: string) => Promise<void> {
  let stopping: Promise<void> | undefined;
  // Unref'd: a k6 that exits at once must not leave the harness waiting out the grace period before it can exit.
  const exitedWithin = (ms: number) => Promise.race([state.proc.exited.then(() => true, () => true), delay(ms, false, { ref: false })]);
  return (reason = 'stopped by the harness') => {
    if (state.proc.hasExited()) return Promise.resolve();
    state.stopReason ??= reason;
    stopping ??= (async () => {
      // Before the REST API is up (k6 still starting) a signal is the only way in; k6 exits 105 on SIGINT.
      if (!(await state.api.stop())) state.proc.kill('SIGINT');
      if (await exitedWithin(graceMs)) return;
      state.proc.kill('SIGINT');
      if (await exitedWithin(5000)) return;
      state.killed = true;
      state.proc.kill('SIGKILL');
      await state.proc.exited.catch(() => undefined);
    })();
    return stopping;
  };
}

async function counters(api: K6RestApi, withP95 = false): Promise<LiveCounters | undefined> {
  const [reqs, failed, duration] = await Promise.all([api.metric('http_reqs'), api.metric('http_req_failed'), withP95 ? api.metric('http_req_duration') : undefined]);
  if (!reqs) return undefined;
  return { requests: reqs.count ?? 0, failedRate: failed?.rate ?? 0, p95Ms: duration?.['p(95)'] };
}

async function live(api: K6RestApi) {
  const [status, current] = await Promise.all([api.status(), counters(api)]);
  return status && current ? { status, counters: current } : undefined;
}

/**
 * Progress once per interval while the test runs. Each poll is scheduled after the previous one finished, so a
 * slow answer from k6 on a busy machine cannot make updates overlap or arrive out of order; a poll k6 did not
 * answer is skipped rather than reported as zeros.
 */
function reportProgress(state: RunState, ready: Promise<boolean>, evidence: EvidenceStore, planned: () => number | undefined, options: K6RunOptions) {
  const interval = options.progressIntervalMs ?? 1000;
  const live = options.liveEvidence !== false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = async (tracker: ProgressTracker) => {
    const asked = Date.now();
    const [status, current] = await Promise.all([state.api.status(), counters(state.api, !live)]);
    if (stopped || state.proc.hasExited()) return;
    if (status && current) {
      const recent = live ? { p95Ms: evidence.window(asked - RECENT_P95_MS, asked).stats().p95Ms, windowMs: RECENT_P95_MS } : undefined;
      try {
        options.onProgress?.(tracker.update(asked, status, current, recent));
      } catch {
        // Progress is advisory: a failing renderer must not take the drill down with it.
      }
    }
    timer = setTimeout(() => void tick(tracker), Math.max(0, interval - (Date.now() - asked)));
  };
  void ready.then((running) => {
    if (!running || stopped) return;
    const tracker = new ProgressTracker((state.loadStartedAt ?? new Date()).getTime(), planned());
    timer = setTimeout(() => void tick(tracker), interval);
  });
  return {
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

function recordOf(result: K6Result, k6Path: string, args: string[]): Record<string, unknown> {
  const outcome: K6Outcome = result.outcome;
  return {
    k6Path,
    args,
    outcome,
    description: result.description,
    loadCompleted: result.loadCompleted,
    exitCode: result.exitCode,
    stopReason: result.stopReason ?? null,
    startedAt: result.startedAt.toISOString(),
    loadStartedAt: result.loadStartedAt?.toISOString() ?? null,
    endedAt: result.endedAt.toISOString(),
    requests: result.requests,
    failedThresholds: result.failedThresholds,
    coverage: result.coverage,
  };
}
