// Preflight: every reason the drill could not tell cause from coincidence, or could not run at all, found before
// anything is touched. All problems are reported together; exit 4.
import { FiredrillError, HarnessError } from '../errors.ts';
import type { Aws } from '../aws/index.ts';
import type { Environment, Experiment } from '../experiment/index.ts';
import { closest } from '../experiment/suggest.ts';
import { namedAlarms } from './collect.ts';
import { probeHealth } from './health-probe.ts';
import { readMarker, refuseBusy } from '../safety/marker.ts';

export interface PreflightResult {
  /** State of every named alarm at the start: evidence that an alarm was not already firing. */
  initialAlarmStates: Record<string, string>;
}

const SECRET_ACTIONS = new Set(['shrink-db-pool', 'break-db-secret']);

export async function preflight(x: Experiment, env: Environment, targetUrl: string, aws: Aws, say: (line: string) => void): Promise<PreflightResult> {
  const problems: string[] = [];
  const health = await probeHealth(`${targetUrl}${env.target?.healthPath ?? '/health'}`, 5000);
  if (health.httpStatus !== 200) {
    problems.push(`the target is not healthy: GET ${targetUrl}${env.target?.healthPath ?? '/health'} answered ${health.httpStatus || 'nothing'} (${health.status}); a drill needs a healthy starting point`);
  } else say(`target healthy (${health.status})`);

  const initialAlarmStates = await checkAlarms(x, env, aws, problems);
  await checkService(aws, say, problems);
  if (x.faults.some((f) => SECRET_ACTIONS.has(f.action))) {
    await aws.secrets.describe(env.database.secretId).then(
      () => say(`secret ${env.database.secretId} found`),
      (err: Error) => problems.push(`database.secretId "${env.database.secretId}": ${withHint(err)}`),
    );
  }
  if (problems.length > 0) {
    throw new HarnessError(`preflight failed; nothing was changed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
  return { initialAlarmStates };
}

async function checkAlarms(x: Experiment, env: Environment, aws: Aws, problems: string[]): Promise<Record<string, string>> {
  const names = namedAlarms(x);
  if (names.length === 0) return {};
  const found = await aws.cloudwatch.describeAlarms({ names });
  const states = Object.fromEntries(found.map((a) => [a.name, a.state]));
  const missing = names.filter((n) => !(n in states));
  if (missing.length > 0) {
    const known = (await aws.cloudwatch.describeAlarms({ prefix: env.alarmPrefix })).map((a) => a.name);
    for (const name of missing) {
      const hint = closest(name, known);
      problems.push(`alarm "${name}" does not exist${hint ? ` (did you mean "${hint}"?)` : known.length ? `; alarms with prefix "${env.alarmPrefix}": ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', ...' : ''}` : ''}`);
    }
  }
  for (const a of x.expect.alarms) {
    if (states[a.name] === 'ALARM') {
      problems.push(`alarm "${a.name}" is already in ALARM: the drill could not tell the fault's effect from what is already happening; wait until it is OK`);
    }
  }
  for (const name of x.guardrails.stopOn) {
    if (states[name] === 'ALARM' && !x.expect.alarms.some((a) => a.name === name)) {
      problems.push(`guardrail alarm "${name}" is already in ALARM: the drill would abort at once; wait until it is OK`);
    }
  }
  return states;
}

/**
 * Every drill needs the ECS service, whatever its faults: the in-progress marker (the lock) is a tag on it. A marker
 * of another run means another drill holds the environment; the session refuses it too when it tags, but saying so
 * here fails before the smoke test and alongside every other problem.
 */
async function checkService(aws: Aws, say: (line: string) => void, problems: string[]): Promise<void> {
  try {
    const svc = await aws.ecs.describeService();
    say(`ECS service ${svc.name}: ${svc.runningCount}/${svc.desiredCount} running`);
    const holder = readMarker(await aws.ecs.listTags(svc.arn));
    if (holder) {
      const busy = refuseBusy(svc.name, holder);
      problems.push(`another drill holds the environment: ${busy.message}; ${busy.hint}`);
    }
  } catch (err) {
    problems.push(withHint(err as Error));
  }
}

/** A problem line carries the error's fix when it has one (AWS errors classified in lib/aws do). */
function withHint(err: Error): string {
  return err instanceof FiredrillError && err.hint ? `${err.message}; ${err.hint}` : err.message;
}
