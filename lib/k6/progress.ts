// Live progress of a k6 run: the figures (from k6's REST API and the live evidence) and how they are shown on a
// console: one line rewritten in place on a terminal, a plain line every few seconds otherwise (CI logs).
import type { K6Status } from './rest-api.ts';

/** The run-long figures k6 reports cheaply: requests so far and the share that failed (http_req_failed). */
export interface LiveCounters {
  requests: number;
  failedRate: number;
  /** k6's own run-long p95, only fetched when there is no live evidence (it costs k6 a sort). */
  p95Ms?: number;
}

export interface K6Progress {
  elapsedMs: number;
  /** Planned length of the load, when known. */
  plannedMs: number | undefined;
  vus: number;
  vusMax: number;
  /** Requests since the start. */
  requests: number;
  /** Requests per second since the previous update. */
  rps: number;
  /** Share of failed requests (k6's http_req_failed) since the previous update; null before any request. */
  errorRatio: number | null;
  /** p95 latency in ms over the last `p95WindowMs` (live evidence), or since the start (k6's own figure). */
  p95Ms: number | null;
  p95WindowMs: number | undefined;
}

interface Snapshot {
  at: number;
  requests: number;
  failed: number;
}

/** Turns successive REST API readings into interval rates (k6 reports only totals and run-long rates). */
export class ProgressTracker {
  private previous: Snapshot | undefined;

  constructor(
    private readonly startedAt: number,
    private readonly plannedMs: number | undefined,
  ) {}

  update(now: number, status: K6Status | undefined, counters: LiveCounters | undefined, recentP95Ms?: { p95Ms: number | null; windowMs: number }): K6Progress {
    const requests = counters?.requests ?? this.previous?.requests ?? 0;
    const failedRate = counters?.failedRate ?? 0;
    const current = { at: now, requests, failed: failedRate * requests };
    const before = this.previous ?? { at: this.startedAt, requests: 0, failed: 0 };
    const delta = current.requests - before.requests;
    const seconds = Math.max(0.001, (current.at - before.at) / 1000);
    this.previous = current;
    return {
      elapsedMs: now - this.startedAt,
      plannedMs: this.plannedMs,
      vus: status?.vus ?? 0,
      vusMax: status?.vusMax ?? 0,
      requests,
      rps: delta / seconds,
      errorRatio: delta > 0 ? Math.min(1, Math.max(0, (current.failed - before.failed) / delta)) : null,
      p95Ms: recentP95Ms ? recentP95Ms.p95Ms : (counters?.p95Ms ?? null),
      p95WindowMs: recentP95Ms?.windowMs,
    };
  }
}

export function formatClock(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}m${String(s).padStart(2, '0')}s`;
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '-');

export function formatProgress(p: K6Progress): string {
  const clock = p.plannedMs ? `${formatClock(p.elapsedMs)} / ${formatClock(p.plannedMs)}` : formatClock(p.elapsedMs);
  const errors = p.errorRatio === null ? '-' : `${fixed(p.errorRatio * 100, 2)}%`;
  const window = p.p95WindowMs ? `(${Math.round(p.p95WindowMs / 1000)}s)` : '';
  const p95 = p.p95Ms === null ? '-' : `${fixed(p.p95Ms, 1)} ms`;
  return `k6 ${clock}  VUs ${p.vus}/${p.vusMax}  ${fixed(p.rps, 1)} req/s  errors ${errors}  p95${window} ${p95}`;
}

export interface ProgressPrinter {
  update(p: K6Progress): void;
  /** End the updating line (call once when the run ends). */
  done(): void;
}

/**
 * A printer for `stream`: on a TTY one line rewritten in place at every update; otherwise a plain line at most
 * every `plainEveryMs` (and the last state on done()), so CI logs stay readable.
 */
export function consoleProgress(stream: NodeJS.WriteStream = process.stderr, plainEveryMs = 10_000): ProgressPrinter {
  let last: K6Progress | undefined;
  let printedAt = Number.NEGATIVE_INFINITY;
  let printedLast = false;
  return {
    update(p) {
      last = p;
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${formatProgress(p).slice(0, Math.max(20, (stream.columns ?? 120) - 1))}`);
        printedLast = true;
      } else if (p.elapsedMs - printedAt >= plainEveryMs) {
        stream.write(`${formatProgress(p)}\n`);
        printedAt = p.elapsedMs;
        printedLast = true;
      } else printedLast = false;
    },
    done() {
      if (stream.isTTY) stream.write(last ? '\n' : '');
      else if (last && !printedLast) stream.write(`${formatProgress(last)}\n`);
    },
  };
}
