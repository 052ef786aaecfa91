// The reconciler's loop: ask the scheduler what to do, hand each action out, reap orphans, then sleep until the
// earliest of the tick, the scheduler's next wake-up (backoff or grace ends) or a wake() (an API change or a
// report). It never throws out: a failing pass is logged and the next one runs on schedule.
import type { SchedulerAction } from '../aws/ecs/index.ts';
import type { SchedulerPort } from './options.ts';

const MIN_DELAY_MS = 10;

export interface PlanLoopDeps {
  scheduler: SchedulerPort;
  clock: () => number;
  tickMs: number;
  execute: (action: SchedulerAction) => void;
  /** Processes of tasks not in `active` are orphans: end them. */
  reap: (active: ReadonlySet<string>) => void;
  log: (line: string) => void;
}

export class PlanLoop {
  private timer: NodeJS.Timeout | undefined;
  private wakePending = false;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: PlanLoopDeps) {
    this.unsubscribe = deps.scheduler.onChange(() => this.wake());
  }

  start(): void {
    this.wake();
  }

  /** Plans soon (coalesced: many wakes in one turn of the event loop make one pass). */
  wake(): void {
    if (this.stopped || this.wakePending) return;
    this.wakePending = true;
    setImmediate(() => {
      this.wakePending = false;
      this.pass();
    });
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    clearTimeout(this.timer);
  }

  private pass(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const now = this.deps.clock();
    this.guard('plan', () => {
      for (const action of this.deps.scheduler.plan(now)) this.guard(`${action.type} ${action.taskId}`, () => this.deps.execute(action));
    });
    this.guard('reap', () => this.deps.reap(new Set(this.deps.scheduler.activeTaskArns())));
    let delay = this.deps.tickMs;
    this.guard('nextWakeAt', () => {
      const wakeAt = this.deps.scheduler.nextWakeAt(now);
      // A floor keeps a scheduler that answers "now" (or a frozen test clock) from spinning the loop.
      if (wakeAt !== undefined) delay = Math.max(MIN_DELAY_MS, Math.min(delay, wakeAt - now));
    });
    this.timer = setTimeout(() => this.pass(), delay);
  }

  private guard(what: string, step: () => void): void {
    try {
      step();
    } catch (err) {
      this.deps.log(`reconciler: ${what} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
}
