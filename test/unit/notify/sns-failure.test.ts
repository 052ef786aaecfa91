import { describe, expect, it } from 'vitest';
import { snsFailure } from '../../../lib/notify/sns.ts';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:drills';
const live = new AbortController().signal;
const sdkError = (name: string, status: number | undefined, message = 'words') => Object.assign(new Error(message), { name, $metadata: status ? { httpStatusCode: status } : {} });
const fail = (err: unknown, signal = live) => snsFailure(err, TOPIC, signal, 'notify.sns.topicArn');

describe('SNS failures as results', () => {
  it('NotFound is permanent and names where the ARN came from', () => {
    expect(fail(sdkError('NotFoundException', 404, 'Topic does not exist'))).toEqual({
      ok: false, retryable: false, detail: 'NotFoundException (HTTP 404): Topic does not exist', fix: 'create the topic in eu-west-1 or correct notify.sns.topicArn',
    });
  });

  it('a missing permission points at sns:Publish on the topic and the iam-policy command', () => {
    const r = fail(sdkError('AuthorizationErrorException', 403, 'User is not authorized to perform: SNS:Publish'));
    expect(r).toMatchObject({ retryable: false, fix: expect.stringContaining(`grant sns:Publish on ${TOPIC}`) });
  });

  it('5xx, throttling and connection errors may pass: retryable', () => {
    expect(fail(sdkError('InternalErrorException', 500))).toMatchObject({ retryable: true });
    expect(fail(sdkError('ThrottledException', 429))).toMatchObject({ retryable: true });
    expect(fail(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toMatchObject({ retryable: true });
  });

  it('missing credentials and bad parameters are permanent, each with its fix', () => {
    expect(fail(sdkError('CredentialsProviderError', undefined, 'Could not load credentials from any providers'))).toMatchObject({ retryable: false, fix: expect.stringContaining('AWS_PROFILE') });
    expect(fail(sdkError('InvalidParameterException', 400, 'Invalid parameter: TopicArn'))).toMatchObject({ retryable: false, detail: 'InvalidParameterException (HTTP 400): Invalid parameter: TopicArn' });
    expect(fail(sdkError('KMSAccessDeniedException', 400))).toMatchObject({ fix: expect.stringContaining('kms:GenerateDataKey') });
  });

  it('after the deadline the failure says so, whatever the SDK threw', () => {
    const done = new AbortController();
    done.abort();
    expect(fail(sdkError('AbortError', undefined), done.signal)).toMatchObject({ retryable: false, detail: 'no answer before the deadline' });
  });
});
