import { describe, expect, it } from 'vitest';
import { AwsGate, backoffMs, callAws, describeCall, type RetryPolicy } from '../../../lib/aws/call.ts';
import { AwsAccessDeniedError, AwsThrottledError, type AwsCall } from '../../../lib/aws/errors.ts';

const call: AwsCall = { service: 'secretsmanager', operation: 'PutSecretValue', resource: 'arn:secret' };
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });

function policy(sleeps: number[]): RetryPolicy {
  return { attempts: 4, baseMs: 100, maxMs: 1000, random: () => 1, sleep: async (ms) => void sleeps.push(ms) };
}

describe('callAws', () => {
  it('retries throttling with growing backoff, then returns the result', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const value = await callAws(call, async () => {
      calls += 1;
      if (calls < 3) throw throttled();
      return 'ok';
    }, policy(sleeps));
    expect(value).toBe('ok');
    expect(calls).toBe(3);
    expect(sleeps).toEqual([100, 200]);
  });

  it('gives up after the configured attempts with an error naming the call', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const failing = callAws(call, async () => {
      calls += 1;
      throw throttled();
    }, policy(sleeps));
    await expect(failing).rejects.toBeInstanceOf(AwsThrottledError);
    await expect(failing).rejects.toThrow('secretsmanager:PutSecretValue on arn:secret was throttled on all 4 attempts');
    expect(calls).toBe(4);
    expect(sleeps).toHaveLength(3);
  });

  it('does not retry other errors, and classifies them', async () => {
    let calls = 0;
    const denied = callAws(call, async () => {
      calls += 1;
      throw Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: {} });
    }, policy([]));
    await expect(denied).rejects.toBeInstanceOf(AwsAccessDeniedError);
    expect(calls).toBe(1);
  });
});

describe('backoffMs', () => {
  it('is full jitter under an exponential cap', () => {
    const p = { baseMs: 100, maxMs: 1000 };
    expect(backoffMs(0, { ...p, random: () => 1 })).toBe(100);
    expect(backoffMs(3, { ...p, random: () => 1 })).toBe(800);
    expect(backoffMs(10, { ...p, random: () => 1 })).toBe(1000);
    expect(backoffMs(10, { ...p, random: () => 0.25 })).toBe(250);
    expect(backoffMs(5, { ...p, random: () => 0 })).toBe(0);
  });
});

describe('AwsGate', () => {
  it('in a dry run prints the mutation, makes no call and returns the stand-in', async () => {
    const printed: string[] = [];
    const gate = new AwsGate(true, (l) => printed.push(l));
    let made = false;
    const result = await gate.mutate(
      { service: 'ecs', operation: 'UpdateService', resource: 'svc' },
      { cluster: 'sandbox', service: 'core-api', desiredCount: 1, forceNewDeployment: undefined },
      async () => {
        made = true;
        return 'real';
      },
      () => 'stand-in',
    );
    expect(made).toBe(false);
    expect(result).toBe('stand-in');
    expect(printed).toEqual(['dry-run: would call ecs:UpdateService cluster=sandbox service=core-api desiredCount=1']);
    expect(gate.mutations).toEqual(['ecs:UpdateService cluster=sandbox service=core-api desiredCount=1']);
  });

  it('in a dry run still makes reads (planning needs live state) and prints waits instead of waiting', async () => {
    const printed: string[] = [];
    const gate = new AwsGate(true, (l) => printed.push(l));
    expect(await gate.read(call, async () => 42)).toBe(42);
    let waited = false;
    await gate.wait('core-api to reach a steady state', async () => void (waited = true), () => undefined);
    expect(waited).toBe(false);
    expect(printed).toEqual(['dry-run: would wait for core-api to reach a steady state']);
  });

  it('for real runs the mutation and records it', async () => {
    const gate = new AwsGate(false);
    expect(await gate.mutate(call, { SecretId: 'x' }, async () => 'done', () => 'stand-in')).toBe('done');
    expect(gate.mutations).toEqual(['secretsmanager:PutSecretValue SecretId=x']);
  });
});

describe('describeCall', () => {
  it('quotes values with spaces and drops undefined ones', () => {
    expect(describeCall({ service: 'ecs', operation: 'StopTask', resource: 't' }, { task: 'arn:t/1', reason: 'firedrill drill r1', cluster: undefined })).toBe(
      'ecs:StopTask task=arn:t/1 reason="firedrill drill r1"',
    );
  });
});
