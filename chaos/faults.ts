// Every fault, by action name. Adding a fault = one file in chaos/ + one line here + one test + one docs row.
import { breakDbSecret } from './break-db-secret.ts';
import type { AnyFault } from './contract.ts';
import { pgSleep } from './pg-sleep.ts';
import { scaleService } from './scale-service.ts';
import { shrinkDbPool } from './shrink-db-pool.ts';
import { stopTasks } from './stop-tasks.ts';

export const faults: readonly AnyFault[] = [shrinkDbPool, breakDbSecret, pgSleep, scaleService, stopTasks];

export function faultFor(action: string): AnyFault | undefined {
  return faults.find((f) => f.action === action);
}
