// Blast-radius limits: how far a fault may go unless the experiment explicitly says otherwise. Each refusal
// happens before anything is changed and names the parameter that would permit it.
import { FiredrillError } from '../errors.ts';
import { ExitCode } from '../exit-codes.ts';

/** A safety rule refused the drill before anything was touched. Exit 2 (invalid input: nothing applied). */
export class SafetyRefusal extends FiredrillError {
  constructor(message: string, hint?: string) {
    super(message, ExitCode.InvalidInput, hint);
  }
}

/** scale-service: the new desiredCount; never below 1 unless allowZero. */
export function scaleTarget(current: number, p: { desiredCount?: number; reducePercent?: number; allowZero?: boolean }): number {
  const target = p.desiredCount ?? Math.floor((current * (100 - (p.reducePercent ?? 0))) / 100);
  if (target < 1 && !p.allowZero) {
    const how = p.desiredCount !== undefined ? 'desiredCount: 0' : `reducePercent: ${p.reducePercent} of ${current} task(s) leaves 0`;
    throw new SafetyRefusal(`scale-service would stop every task of the service (${how})`, 'set allowZero: true in the fault\'s "with:" if the drill really means to take the service down');
  }
  return target;
}

/** stop-tasks: how many of `running` tasks to stop; at least one task keeps running unless allowAll. */
export function tasksToStop(running: number, p: { count?: number; percent?: number; allowAll?: boolean }): number {
  if (running === 0) throw new SafetyRefusal('stop-tasks found no running task to stop', 'check that the service is up before the fault (preflight does)');
  const wanted = p.count ?? Math.max(1, Math.ceil((running * (p.percent ?? 0)) / 100));
  if (wanted >= running && !p.allowAll) {
    throw new SafetyRefusal(
      `stop-tasks would stop all ${running} running task(s) (asked for ${p.count !== undefined ? `count: ${p.count}` : `percent: ${p.percent}`})`,
      'lower count/percent, or set allowAll: true in the fault\'s "with:" to stop every task',
    );
  }
  return Math.min(wanted, running);
}

/** pg-sleep connections: refuse to take the last connections the database keeps free for everyone else. */
export function checkConnectionBudget(requested: number, maxConnections: number, inUse: number, keepFree: number): void {
  const available = maxConnections - inUse - keepFree;
  if (requested > available) {
    throw new SafetyRefusal(
      `pg-sleep would hold ${requested} connection(s) but the database has ${maxConnections - inUse} free of ${maxConnections} and ${keepFree} must stay free`,
      `lower connections to at most ${Math.max(0, available)}`,
    );
  }
}
