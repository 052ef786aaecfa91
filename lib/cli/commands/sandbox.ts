import { CloudWatchClient, DescribeAlarmsCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeServicesCommand, ECSClient } from '@aws-sdk/client-ecs';
import { UsageError } from '../../errors.ts';
import { ExitCode } from '../../exit-codes.ts';
import { runningSandbox, sandboxDown, sandboxUp, type SandboxStateFile } from '../../sandbox/control.ts';
import { sandboxStateFile } from '../../sandbox-state.ts';
import type { Command, Io } from '../command.ts';

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'start, stop or inspect the local stack (up | down | status)',
  usage: 'firedrill sandbox up|down|status',
  details: [
    'up      start embedded PostgreSQL, the AWS endpoint (CloudWatch with alarm evaluation, ECS, Secrets Manager),',
    '        the core-api tasks as processes, the load balancer and the alarms; print the endpoints. Reuses a',
    '        running sandbox. The first start initialises and seeds the database (a minute or two).',
    'down    stop every process the sandbox started.',
    'status  the service, its deployments and tasks, and the alarm states.',
  ].join('\n'),
  options: {},
  positionals: [1, 1],
  async run({ positionals }, io) {
    const action = positionals[0];
    if (action === 'up') {
      const state = await sandboxUp((line) => io.err(line));
      printEndpoints(state, io);
      return ExitCode.Pass;
    }
    if (action === 'down') {
      const stopped = await sandboxDown((line) => io.err(line));
      io.out(stopped ? 'sandbox stopped' : 'no sandbox is running');
      return ExitCode.Pass;
    }
    if (action === 'status') return status(io);
    throw new UsageError(`sandbox: unknown action "${action}"`, 'usage: firedrill sandbox up|down|status');
  },
};

function printEndpoints(state: SandboxStateFile, io: Io): void {
  io.out(`sandbox running (supervisor pid ${state.pid})`);
  io.out(`  load balancer (target)  ${state.lbUrl}`);
  io.out(`  AWS endpoint            ${state.awsEndpoint}   (AWS_ENDPOINT_URL; region ${state.region})`);
  io.out(`  database admin URL      in ${sandboxStateFile()} (dbAdminUrl; not printed)`);
  io.out(`  ECS                     cluster ${state.cluster}, service ${state.service}; secret ${state.secretId}; alarms ${state.alarmPrefix}*`);
}

async function status(io: Io): Promise<number> {
  const state = runningSandbox();
  if (!state) {
    io.out('no sandbox is running (start it with: firedrill sandbox up)');
    return ExitCode.Pass;
  }
  printEndpoints(state, io);
  const config = { region: state.region, endpoint: state.awsEndpoint, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } };
  const services = await new ECSClient(config).send(new DescribeServicesCommand({ cluster: state.cluster, services: [state.service] }));
  const svc = services.services?.[0];
  io.out(`\nservice ${state.service}: ${svc?.runningCount ?? 0} running / ${svc?.desiredCount ?? 0} desired, ${svc?.pendingCount ?? 0} pending`);
  for (const d of svc?.deployments ?? []) {
    io.out(`  ${d.status?.padEnd(8)} ${d.id} ${d.taskDefinition?.split('/').pop()} ${d.rolloutState}${d.rolloutStateReason ? ` (${d.rolloutStateReason})` : ''} running ${d.runningCount}/${d.desiredCount} failed ${d.failedTasks}`);
  }
  const alarms = await new CloudWatchClient(config).send(new DescribeAlarmsCommand({ AlarmNamePrefix: state.alarmPrefix }));
  io.out('\nalarms:');
  for (const a of alarms.MetricAlarms ?? []) io.out(`  ${(a.StateValue ?? '?').padEnd(17)} ${a.AlarmName}`);
  return ExitCode.Pass;
}
