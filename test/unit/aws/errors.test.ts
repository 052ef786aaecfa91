import { describe, expect, it } from 'vitest';
import {
  AwsAccessDeniedError, AwsCallError, AwsCredentialsError, AwsNotFoundError, AwsUnreachableError, classifyAwsError, isThrottling, type AwsCall,
} from '../../../lib/aws/errors.ts';
import { HarnessError } from '../../../lib/errors.ts';

const call: AwsCall = { service: 'ecs', operation: 'UpdateService', resource: 'arn:aws:ecs:eu-west-1:123456789012:service/staging/core-api' };

function sdkError(name: string, message: string, status = 400): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } });
}

describe('classifyAwsError', () => {
  it('turns AccessDenied into a message naming the IAM action, the resource and docs/iam.md', () => {
    const err = classifyAwsError(sdkError('AccessDeniedException', 'User: arn:aws:sts::1:assumed-role/x is not authorized to perform: ecs:UpdateService'), call);
    expect(err).toBeInstanceOf(AwsAccessDeniedError);
    expect(err.message).toContain('firedrill needs ecs:UpdateService on arn:aws:ecs:eu-west-1:123456789012:service/staging/core-api');
    expect((err as AwsAccessDeniedError).hint).toContain('docs/iam.md');
    expect((err as AwsAccessDeniedError).exitCode).toBe(4);
  });

  it('recognises "not authorized to perform" under another error code (ECS ClientException)', () => {
    expect(classifyAwsError(sdkError('ClientException', 'User is not authorized to perform: ecs:StopTask on resource: x'), call)).toBeInstanceOf(AwsAccessDeniedError);
  });

  it('names the resource and the environment fields for a missing resource', () => {
    const err = classifyAwsError(sdkError('ServiceNotFoundException', 'Service not found.'), call);
    expect(err).toBeInstanceOf(AwsNotFoundError);
    expect((err as AwsNotFoundError).hint).toContain('ecs.service');
  });

  it('maps a refused connection to an unreachable endpoint with the sandbox hint', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED', $metadata: { attempts: 1 } });
    const err = classifyAwsError(refused, call);
    expect(err).toBeInstanceOf(AwsUnreachableError);
    expect((err as AwsUnreachableError).hint).toContain('firedrill sandbox up');
  });

  it('maps missing or rejected credentials', () => {
    expect(classifyAwsError(Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' }), call)).toBeInstanceOf(AwsCredentialsError);
    expect(classifyAwsError(sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.'), call)).toBeInstanceOf(AwsCredentialsError);
  });

  it('keeps the AWS code of any other service error and flattens its message to one line', () => {
    const err = classifyAwsError(sdkError('InvalidParameterException', 'bad\n  value'), call);
    expect(err).toBeInstanceOf(AwsCallError);
    expect(err.message).toBe('ecs:UpdateService on arn:aws:ecs:eu-west-1:123456789012:service/staging/core-api failed: InvalidParameterException: bad value');
  });

  it('passes harness errors and plain bugs through unchanged', () => {
    const ours = new HarnessError('already classified');
    expect(classifyAwsError(ours, call)).toBe(ours);
    const bug = new TypeError('x is undefined');
    expect(classifyAwsError(bug, call)).toBe(bug);
  });
});

describe('isThrottling', () => {
  it('knows throttling by code, by the SDK retry hint and by HTTP 429', () => {
    expect(isThrottling(sdkError('ThrottlingException', 'Rate exceeded'))).toBe(true);
    expect(isThrottling(sdkError('Throttling', 'Rate exceeded'))).toBe(true);
    expect(isThrottling(Object.assign(new Error('x'), { name: 'Whatever', $retryable: { throttling: true } }))).toBe(true);
    expect(isThrottling(sdkError('Other', 'slow down', 429))).toBe(true);
    expect(isThrottling(sdkError('AccessDeniedException', 'no'))).toBe(false);
    expect(isThrottling(undefined)).toBe(false);
  });
});
