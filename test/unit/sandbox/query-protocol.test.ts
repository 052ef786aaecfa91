import { describe, expect, it } from 'vitest';
import { AwsError } from '../../../sandbox/aws/protocol.ts';
import { decodeQueryBody, xmlError, xmlResponse } from '../../../sandbox/aws/query-protocol.ts';

describe('query protocol: form body -> handler input', () => {
  it('takes Action and Version out and keeps scalars as strings', () => {
    const r = decodeQueryBody('Action=Publish&Version=2010-03-31&TopicArn=arn%3Aaws%3Asns%3Aus-east-1%3A000000000000%3At&Message=a+%26+b');
    expect(r).toEqual({ action: 'Publish', version: '2010-03-31', input: { TopicArn: 'arn:aws:sns:us-east-1:000000000000:t', Message: 'a & b' } });
  });

  it('turns member.N into lists in index order and entry.N into maps (key/value and Name/Value)', () => {
    const body = [
      'Tags.member.2.Key=b', 'Tags.member.2.Value=2', 'Tags.member.1.Key=a', 'Tags.member.1.Value=1', 'Tags.member.10.Key=j', 'Tags.member.10.Value=10',
      'Attributes.entry.1.key=DisplayName', 'Attributes.entry.1.value=Drills',
      'MessageAttributes.entry.1.Name=verdict', 'MessageAttributes.entry.1.Value.DataType=String', 'MessageAttributes.entry.1.Value.StringValue=pass',
    ].join('&');
    expect(decodeQueryBody(`Action=CreateTopic&Version=v&${body}`).input).toEqual({
      Tags: [{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }, { Key: 'j', Value: '10' }],
      Attributes: { DisplayName: 'Drills' },
      MessageAttributes: { verdict: { DataType: 'String', StringValue: 'pass' } },
    });
  });

  it('cannot be made to change Object.prototype', () => {
    const r = decodeQueryBody('Action=X&Version=v&__proto__.polluted=yes&constructor.prototype.polluted=yes');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(r.input)).toEqual(expect.arrayContaining(['constructor']));
  });
});

describe('query protocol: XML out', () => {
  it('wraps output in <ActionResult>, lists as <member>, escapes text; void operations have no Result element', () => {
    const xml = xmlResponse('ListTopics', 'http://ns/', 'req-1', { Topics: [{ TopicArn: 'a&b' }, { TopicArn: '<c>' }], NextToken: undefined });
    expect(xml).toContain('<ListTopicsResponse xmlns="http://ns/"><ListTopicsResult><Topics><member><TopicArn>a&amp;b</TopicArn></member><member><TopicArn>&lt;c&gt;</TopicArn></member></Topics></ListTopicsResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></ListTopicsResponse>');
    expect(xmlResponse('DeleteTopic', 'http://ns/', 'req-2', undefined)).not.toContain('DeleteTopicResult');
  });

  it('errors carry Type (Sender for 4xx, Receiver for 5xx), the query code and the escaped message', () => {
    expect(xmlError('http://ns/', 'r', new AwsError('NotFound', 'Topic <x> does not exist', 404))).toContain('<Error><Type>Sender</Type><Code>NotFound</Code><Message>Topic &lt;x&gt; does not exist</Message></Error><RequestId>r</RequestId>');
    expect(xmlError('http://ns/', 'r', new AwsError('InternalError', 'boom', 500))).toContain('<Type>Receiver</Type>');
  });
});
