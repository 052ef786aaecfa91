// The Secrets Manager calls the secret faults make. Values are read only to build a new version; they are
// remembered as secrets (lib/safety/secret-values.ts) and never shown, logged or journaled.
import {
  DescribeSecretCommand, GetSecretValueCommand, PutSecretValueCommand, UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { HarnessError } from '../errors.ts';
import { rememberSecret } from '../safety/secret-values.ts';
import type { AwsGate } from './call.ts';
import type { Sender } from './clients.ts';
import type { AwsCall } from './errors.ts';
import { AWSCURRENT, withNewCurrent, withStageMoved, type StageMove, type Stages } from './secret-stages.ts';

export { AWSCURRENT, AWSPREVIOUS, type StageMove } from './secret-stages.ts';

export interface SecretView {
  arn: string;
  name: string;
  /** VersionId -> staging labels (DescribeSecret's VersionIdsToStages). */
  stages: Record<string, string[]>;
}

export function labelHolder(view: Pick<SecretView, 'stages'>, label: string): string | undefined {
  return Object.entries(view.stages).find(([, labels]) => labels.includes(label))?.[0];
}

export class SecretsAdapter {
  private readonly arns = new Map<string, string>();
  /** Dry run: the labels as they would be after the mutations that were printed instead of made. */
  private readonly simulated = new Map<string, Stages>();

  constructor(
    private readonly sender: Sender,
    private readonly gate: AwsGate,
    private readonly region: string,
  ) {}

  private call(operation: string, secretId: string): AwsCall {
    const resource = this.arns.get(secretId) ?? (secretId.startsWith('arn:') ? secretId : `arn:aws:secretsmanager:${this.region}:*:secret:${secretId}-*`);
    return { service: 'secretsmanager', operation, resource };
  }

  async describe(secretId: string): Promise<SecretView> {
    const out = (await this.gate.read(this.call('DescribeSecret', secretId), () => this.sender.send(new DescribeSecretCommand({ SecretId: secretId })))) as {
      ARN?: string;
      Name?: string;
      VersionIdsToStages?: Record<string, string[]>;
    };
    if (out.ARN) this.arns.set(secretId, out.ARN);
    return { arn: out.ARN ?? '', name: out.Name ?? secretId, stages: this.simulated.get(secretId) ?? out.VersionIdsToStages ?? {} };
  }

  private async simulate(secretId: string, change: (stages: Stages) => Stages): Promise<void> {
    if (!this.gate.dryRun) return;
    const stages = this.simulated.get(secretId) ?? (await this.describe(secretId)).stages;
    this.simulated.set(secretId, change(stages));
  }

  /** The SecretString of one version (default AWSCURRENT). Remembered as a secret before it is returned. */
  async getString(secretId: string, versionId?: string): Promise<string> {
    const input = { SecretId: secretId, ...(versionId ? { VersionId: versionId } : { VersionStage: AWSCURRENT }) };
    const out = (await this.gate.read(this.call('GetSecretValue', secretId), () => this.sender.send(new GetSecretValueCommand(input)))) as { SecretString?: string };
    if (typeof out.SecretString !== 'string') {
      throw new HarnessError(`secret ${secretId} has no SecretString (binary secrets are not supported)`, 'store the values as a JSON object in SecretString');
    }
    rememberSecret(out.SecretString);
    return out.SecretString;
  }

  /** PutSecretValue with our own token, so the new VersionId is known (and journaled) before the call. */
  async putString(secretId: string, value: string, versionId: string): Promise<void> {
    rememberSecret(value);
    await this.simulate(secretId, (stages) => withNewCurrent(stages, versionId));
    await this.gate.mutate(
      this.call('PutSecretValue', secretId),
      { SecretId: secretId, ClientRequestToken: versionId, SecretString: `(${Buffer.byteLength(value)} bytes, not shown)` },
      () => this.sender.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: value, ClientRequestToken: versionId })),
      () => undefined,
    );
  }

  async moveStage(secretId: string, move: StageMove): Promise<void> {
    await this.simulate(secretId, (stages) => withStageMoved(stages, move));
    const input = {
      SecretId: secretId,
      VersionStage: move.stage,
      ...(move.moveToVersionId ? { MoveToVersionId: move.moveToVersionId } : {}),
      ...(move.removeFromVersionId ? { RemoveFromVersionId: move.removeFromVersionId } : {}),
    };
    await this.gate.mutate(
      this.call('UpdateSecretVersionStage', secretId),
      { SecretId: secretId, VersionStage: move.stage, MoveToVersionId: move.moveToVersionId, RemoveFromVersionId: move.removeFromVersionId },
      () => this.sender.send(new UpdateSecretVersionStageCommand(input)),
      () => undefined,
    );
  }
}
