// Who the harness is acting as: sts:GetCallerIdentity, for the account allowlist. It needs no IAM permission (AWS
// allows it even under an explicit deny), so it appears in no policy firedrill prints.
import { GetCallerIdentityCommand, type GetCallerIdentityCommandOutput } from '@aws-sdk/client-sts';
import { HarnessError } from '../errors.ts';
import type { AwsGate } from './call.ts';
import type { Sender } from './clients.ts';

export interface CallerIdentity {
  account: string;
}

export class StsAdapter {
  constructor(
    private readonly sender: Sender,
    private readonly gate: AwsGate,
  ) {}

  async callerIdentity(): Promise<CallerIdentity> {
    const out = (await this.gate.read({ service: 'sts', operation: 'GetCallerIdentity', resource: '*' }, () =>
      this.sender.send(new GetCallerIdentityCommand({})),
    )) as GetCallerIdentityCommandOutput;
    if (!out.Account) throw new HarnessError('sts:GetCallerIdentity returned no account; the endpoint is not answering like AWS STS');
    return { account: out.Account };
  }
}
