// What one start-task action becomes on this machine: the program to run and its environment, decided before
// anything is spawned so that a task that cannot start (a broken secret, an unknown image) leaves no process.
// Pure apart from the secret resolver it is given, so every rule here has a unit test.
import type { StartTaskAction } from '../aws/ecs/index.ts';
import type { ImageSpec, SecretResolver } from './options.ts';

export interface LaunchPlan {
  containerName: string;
  command: string;
  args: string[];
  cwd?: string;
  /** Everything the process gets except PORT, which is chosen just before the spawn. Holds secret values. */
  env: Record<string, string>;
  /** Whether the container serves on a port (port mappings or a load balancer): running only once it listens. */
  listens: boolean;
}

export type LaunchResult = { ok: true; plan: LaunchPlan } | { ok: false; reason: string };

export interface LaunchContext {
  images: Record<string, ImageSpec>;
  secrets: SecretResolver;
  /** The reconciler's `env` option (AWS endpoint and dummy credentials). */
  baseEnv: Record<string, string>;
  /** The supervisor's own environment; only INHERITED names pass through. */
  hostEnv: NodeJS.ProcessEnv;
}

/**
 * A task never sees the supervisor's environment wholesale: that could hand it the operator's real AWS credentials.
 * Only what a program needs to run at all passes through.
 */
export const INHERITED_ENV = ['PATH', 'HOME', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'SYSTEMROOT'] as const;

/** Variables the reconciler owns: a container definition cannot override them. */
export const RESERVED_ENV = ['PORT', 'TASK_ID'] as const;

export function planLaunch(action: StartTaskAction, ctx: LaunchContext): LaunchResult {
  const [container, ...others] = action.containers;
  if (!container || others.length > 0) {
    const names = action.containers.map((c) => c.name).join(', ') || 'none';
    return {
      ok: false,
      reason: `the sandbox runs exactly one container per task; ${action.family}:${action.revision} has ${action.containers.length} (${names}). Register a task definition with one container.`,
    };
  }
  const image = ctx.images[container.image];
  if (!image) {
    const known = Object.keys(ctx.images).join(', ') || 'none';
    return {
      ok: false,
      reason: `CannotPullContainerError: image ${container.image} is not one the sandbox can run (known images: ${known}); add it to the reconciler's images option.`,
    };
  }
  const secrets = resolveSecrets(container.secrets, ctx.secrets);
  if (!secrets.ok) return secrets;
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = ctx.hostEnv[name];
    if (value !== undefined) env[name] = value;
  }
  // ECS order: the platform's variables, then the container's environment, then its secrets on top.
  Object.assign(env, ctx.baseEnv, container.environment, secrets.values);
  env.TASK_ID = action.taskId;
  const plan: LaunchPlan = {
    containerName: container.name,
    command: image.command,
    // The image's command and args play ENTRYPOINT; a container `command` is appended like Docker's CMD.
    args: [...image.args, ...(container.command ?? [])],
    env,
    listens: container.portMappings.length > 0 || action.loadBalancers.length > 0,
  };
  if (image.cwd !== undefined) plan.cwd = image.cwd;
  return { ok: true, plan };
}

function resolveSecrets(
  refs: StartTaskAction['containers'][number]['secrets'],
  resolver: SecretResolver,
): { ok: true; values: Record<string, string> } | { ok: false; reason: string } {
  const values: Record<string, string> = {};
  for (const { name, valueFrom } of refs) {
    if ((RESERVED_ENV as readonly string[]).includes(name)) {
      return { ok: false, reason: `secret ${name}: ${name} is set by the sandbox for every task; inject the secret under another name.` };
    }
    const resolved = resolver.resolveValueFrom(valueFrom);
    if (!resolved.ok) return { ok: false, reason: resolved.reason };
    values[name] = resolved.value;
  }
  return { ok: true, values };
}
