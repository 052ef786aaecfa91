import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { InvalidInputError, UsageError, type InputProblem } from '../errors.ts';
import { projectRoot } from '../paths.ts';
import { environmentSchema } from './environment-schema.ts';
import { checkSchema } from './schema-check.ts';
import type { EnvironmentFile } from './types.ts';
import { readYamlFile } from './yaml-file.ts';

export interface Environment {
  file: string;
  name: string;
  description: string;
  production: boolean;
  /** The local sandbox: started on demand, endpoints filled from its state file. */
  sandbox: boolean;
  region: string;
  accountIds: string[];
  aws: { profile?: string; endpoint?: string };
  target?: { baseUrl: string; healthPath: string };
  alarmPrefix: string;
  ecs: { cluster: string; service: string };
  database: { secretId: string; adminUrlFrom?: { env?: string; secretId?: string; key?: string } };
  /** What `${name}` may reference in experiments: the file's vars plus alarmPrefix, region, envName, ecsCluster and ecsService. */
  vars: Record<string, string>;
  /** Notifications after a drill (lib/notify): variable names and topic ARNs only, never a webhook URL. */
  notify?: { slack?: { webhookUrlEnv?: string }; sns?: { topicArn: string } };
}

/** `--env local` -> environments/local.yaml (in the working directory, else the firedrill checkout); a path as is. */
export function environmentPath(nameOrPath: string): string {
  if (nameOrPath.endsWith('.yaml') || nameOrPath.endsWith('.yml') || nameOrPath.includes('/')) {
    return isAbsolute(nameOrPath) ? nameOrPath : resolve(nameOrPath);
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(nameOrPath)) throw new UsageError(`--env "${nameOrPath}" is not an environment name or a .yaml path`);
  const candidates = [resolve('environments', `${nameOrPath}.yaml`), resolve(projectRoot, 'environments', `${nameOrPath}.yaml`)];
  const found = candidates.find((c) => existsSync(c));
  if (!found) throw new UsageError(`no environment "${nameOrPath}": looked for ${candidates[0]}`, 'create it from environments/staging.example.yaml, or pass --env <path.yaml>');
  return found;
}

export async function loadEnvironment(nameOrPath: string): Promise<Environment> {
  const path = environmentPath(nameOrPath);
  const yaml = await readYamlFile(path, 'environment');
  const problems: InputProblem[] = checkSchema(environmentSchema, yaml.data);
  const doc = yaml.data as EnvironmentFile;
  if (problems.length === 0 && !doc.sandbox && !doc.target) {
    problems.push({ path: 'target', message: 'missing required field "target" (target.baseUrl of the service under test); only sandbox environments may leave it out' });
  }
  if (problems.length > 0) {
    throw new InvalidInputError(yaml.file, problems.map((p) => withLine(p, yaml.lineOf(p.path))));
  }
  return {
    file: yaml.file,
    name: doc.name,
    description: doc.description ?? '',
    production: doc.production ?? false,
    sandbox: doc.sandbox ?? false,
    region: doc.region,
    accountIds: [...(doc.accountIds ?? [])],
    aws: { ...(doc.aws ?? {}) },
    ...(doc.target ? { target: { baseUrl: doc.target.baseUrl.replace(/\/+$/, ''), healthPath: doc.target.healthPath ?? '/health' } } : {}),
    alarmPrefix: doc.alarmPrefix,
    ecs: { ...doc.ecs },
    database: { secretId: doc.database.secretId, ...(doc.database.adminUrlFrom ? { adminUrlFrom: { ...doc.database.adminUrlFrom } } : {}) },
    vars: { ...(doc.vars ?? {}), alarmPrefix: doc.alarmPrefix, region: doc.region, envName: doc.name, ecsCluster: doc.ecs.cluster, ecsService: doc.ecs.service },
    ...(doc.notify ? { notify: structuredClone(doc.notify) } : {}),
  };
}

/** Point the reader at the line: `faults[1].hold (line 12)`. */
export function withLine(problem: InputProblem, line: number | undefined): InputProblem {
  return line === undefined ? problem : { ...problem, message: `${problem.message} (line ${line})` };
}
