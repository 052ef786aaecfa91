// Active health checks: GET <path> on each target every interval, on a fresh connection that is closed after
// each check (as ALB does), failing on a non-matching status, a timeout, or a connection error.
import { request } from 'node:http';
import type { ResolvedHealthCheck } from './options.ts';
import type { CheckResult } from './target-health.ts';
import type { TargetSpec } from './target-group.ts';

/** One health check. Never rejects: every outcome is a CheckResult. */
export function checkTarget(target: TargetSpec, hc: ResolvedHealthCheck): Promise<CheckResult> {
  return new Promise<CheckResult>((resolve) => {
    let settled = false;
    const settle = (result: CheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(result);
    };
    const req = request({
      host: target.host,
      port: target.port,
      path: hc.path,
      method: 'GET',
      agent: false,
      headers: { connection: 'close', 'user-agent': 'ELB-HealthChecker/2.0' },
    });
    const timer = setTimeout(() => settle({ ok: false, reason: 'Target.Timeout', detail: 'Request timed out' }), hc.timeoutMs);
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      settle(hc.matches(status) ? { ok: true } : { ok: false, reason: 'Target.ResponseCodeMismatch', detail: `Health checks failed with these codes: [${status}]` });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      settle({ ok: false, reason: 'Target.FailedHealthChecks', detail: `Health checks failed: ${err.code ?? err.message}` });
    });
    req.end();
  });
}

/** Runs checks for every target it is told about until told to stop; results go to `onResult`. */
export class HealthChecker {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly hc: ResolvedHealthCheck,
    private readonly onResult: (id: string, result: CheckResult) => void,
  ) {}

  /** First check at once (a fresh task should not wait a whole interval), then one every intervalMs. */
  start(target: TargetSpec): void {
    if (this.timers.has(target.id)) return;
    const run = () => {
      void checkTarget(target, this.hc).then((result) => {
        // A check that finishes after its target was stopped or deregistered must not change anything.
        if (this.timers.has(target.id)) this.onResult(target.id, result);
      });
    };
    // Checks start on a fixed cadence whatever each one takes; timeoutMs < intervalMs keeps them from overlapping.
    const timer = setInterval(run, this.hc.intervalMs);
    timer.unref();
    this.timers.set(target.id, timer);
    run();
  }

  stop(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearInterval(timer);
    this.timers.delete(id);
  }

  stopAll(): void {
    for (const id of [...this.timers.keys()]) this.stop(id);
  }
}
