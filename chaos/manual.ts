// Commands an operator can paste to finish a restore by hand when firedrill keeps failing to.
import type { FaultContext } from './contract.ts';

function shellWord(text: string): string {
  return /^[\w./:@=+-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** `aws <service> <operation> --region R [--endpoint-url E] --key value ...` for this drill's target. */
export function awsCli(ctx: Pick<FaultContext, 'aws'>, service: string, operation: string, args: Record<string, string | string[] | true | undefined>): string {
  const parts = ['aws', service, operation, '--region', ctx.aws.target.region];
  if (ctx.aws.target.endpoint) parts.push('--endpoint-url', ctx.aws.target.endpoint);
  if (ctx.aws.target.profile) parts.push('--profile', ctx.aws.target.profile);
  for (const [key, value] of Object.entries(args)) {
    if (value === undefined) continue;
    parts.push(`--${key}`);
    if (value !== true) parts.push(...(Array.isArray(value) ? value : [value]).map(shellWord));
  }
  return parts.join(' ');
}
