import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { aliyunSignature, AliyunSmsChannel, sendSmsOutcome, sendSmsRequest } from '../../src/adapters/channels/aliyun-sms.ts';
import { FAILURES_ENV, RecordingChannel, recordedSends } from '../../src/adapters/channels/recording-channel.ts';
import { sendEmailErrorOutcome, sendEmailInput } from '../../src/adapters/channels/ses-email.ts';
import { TransportError, type ProviderRequest } from '../../src/adapters/channels/transport.ts';
import { templateMessageOutcome, templateMessageRequest } from '../../src/adapters/channels/wechat-template.ts';
import { maskAddress } from '../../src/domain/views.ts';
import type { OutboundMessage } from '../../src/ports.ts';

const message: OutboundMessage = {
  deliveryId: 'd-3f9a1c0e7b2d4a6f8e1c5b7a',
  channel: 'sms',
  to: '13912345678',
  template: 'message_receipt',
  title: '留言已受理',
  text: '【民情直通】您的留言已受理，查询码K7PQ-3MXD。',
  params: { trackingCode: 'K7PQ-3MXD', link: 'https://x.example/t/K7PQ-3MXD' },
  link: 'https://x.example/t/K7PQ-3MXD',
};
const demoChannels = loadCityConfig('demo').notifications.channels;
const aliyun = { accessKeyId: 'id', accessKeySecret: 'secret', signName: '民情直通', templateCodes: { message_receipt: 'SMS_900000001' } };

describe('Aliyun SMS (SendSms)', () => {
  it('signs as Aliyun documents it (its own example request and signature)', () => {
    // Prepare: https://help.aliyun.com/document_detail/101343.html — the example with AccessKeyId testId, secret testSecret
    const params = {
      AccessKeyId: 'testId',
      Action: 'SendSms',
      Format: 'XML',
      OutId: '123',
      PhoneNumbers: '15300000001',
      RegionId: 'cn-hangzhou',
      SignName: '阿里云短信测试专用',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
      SignatureVersion: '1.0',
      TemplateCode: 'SMS_71390007',
      TemplateParam: '{"customer":"test"}',
      Timestamp: '2017-07-12T02:42:19Z',
      Version: '2017-05-25',
    };

    // Act
    const signature = aliyunSignature(params, 'testSecret', 'GET');

    // Assess
    expect(signature).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('sends PhoneNumbers, SignName, TemplateCode and TemplateParam, form-encoded and signed', () => {
    // Act
    const request = sendSmsRequest(message, aliyun, { nonce: 'n-1', timestamp: new Date('2026-03-05T02:00:00.123Z') });

    // Assess
    expect(request).toMatchObject({ method: 'POST', url: 'https://dysmsapi.aliyuncs.com/', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(request.params).toMatchObject({
      Action: 'SendSms',
      Version: '2017-05-25',
      PhoneNumbers: '13912345678',
      SignName: '民情直通',
      TemplateCode: 'SMS_900000001',
      TemplateParam: JSON.stringify(message.params),
      OutId: message.deliveryId,
      Timestamp: '2026-03-05T02:00:00Z',
    });
    const { Signature, ...unsigned } = request.params;
    expect(Signature).toBe(aliyunSignature(unsigned, 'secret', 'POST'));
    expect(new URLSearchParams(request.body).get('TemplateParam')).toBe(JSON.stringify(message.params));
  });

  it('reads the answer: OK is sent; flow control is retried; a bad number is not', () => {
    // Act
    const ok = sendSmsOutcome(200, JSON.stringify({ Code: 'OK', Message: 'OK', BizId: '9006197469364984^0', RequestId: 'r' }));
    const flowControl = sendSmsOutcome(200, JSON.stringify({ Code: 'isv.BUSINESS_LIMIT_CONTROL' }));
    const badNumber = sendSmsOutcome(200, JSON.stringify({ Code: 'isv.MOBILE_NUMBER_ILLEGAL' }));
    const unavailable = sendSmsOutcome(503, 'busy');

    // Assess
    expect(ok).toEqual({ status: 'sent', provider: 'aliyun-sms', providerMessageId: '9006197469364984^0' });
    expect(flowControl).toEqual({ status: 'refused', retryable: true, code: 'isv.BUSINESS_LIMIT_CONTROL' });
    expect(badNumber).toEqual({ status: 'refused', retryable: false, code: 'isv.MOBILE_NUMBER_ILLEGAL' });
    expect(unavailable).toEqual({ status: 'refused', retryable: true, code: 'HTTP_503' });
  });

  it('tells a connection never made (retry) from an answer that never came (may have gone: no retry)', async () => {
    // Prepare
    const channel = (error: Error) => new AliyunSmsChannel(aliyun, async () => Promise.reject(error));
    const seen: ProviderRequest[] = [];
    const ok = new AliyunSmsChannel(aliyun, async (request) => (seen.push(request), { status: 200, body: '{"Code":"OK","BizId":"b"}' }));

    // Act
    const refused = await channel(new TransportError('ECONNREFUSED', false)).send(message);
    const timedOut = await channel(new TransportError('ETIMEDOUT', true)).send(message);
    const sent = await ok.send(message);

    // Assess
    expect(refused).toEqual({ status: 'refused', retryable: true, code: 'ECONNREFUSED' });
    expect(timedOut).toEqual({ status: 'unknown', code: 'ETIMEDOUT' });
    expect(sent).toMatchObject({ status: 'sent' });
    expect(seen[0]!.body).toContain('PhoneNumbers=13912345678');
  });
});

describe('WeChat template message', () => {
  it('posts {touser, template_id, url, data:{key:{value}}} with the access token', () => {
    // Act
    const request = templateMessageRequest({ ...message, to: 'oAbCdEfG123' }, { message_receipt: 'tmpl-1' }, 'TOKEN');

    // Assess
    expect(request.url).toBe('https://api.weixin.qq.com/cgi-bin/message/template/send?access_token=TOKEN');
    expect(JSON.parse(request.body)).toEqual({
      touser: 'oAbCdEfG123',
      template_id: 'tmpl-1',
      url: 'https://x.example/t/K7PQ-3MXD',
      data: { first: { value: '留言已受理' }, keyword1: { value: message.text }, remark: { value: '点击查看详情' } },
    });
  });

  it('reads errcode: 0 sent, system busy retried, not following the account refused', () => {
    // Act
    const sent = templateMessageOutcome(200, '{"errcode":0,"errmsg":"ok","msgid":200228332}');
    const busy = templateMessageOutcome(200, '{"errcode":-1,"errmsg":"system error"}');
    const notFollowing = templateMessageOutcome(200, '{"errcode":43004,"errmsg":"require subscribe"}');

    // Assess
    expect(sent).toEqual({ status: 'sent', provider: 'wechat', providerMessageId: '200228332' });
    expect(busy).toMatchObject({ status: 'refused', retryable: true });
    expect(notFollowing).toEqual({ status: 'refused', retryable: false, code: 'WECHAT_43004' });
  });
});

describe('e-mail (SES v2 SendEmail)', () => {
  const sesError = (name: string, httpStatusCode?: number) => Object.assign(new Error('m'), { name, $metadata: httpStatusCode ? { httpStatusCode } : {} });

  it('sends a simple message {FromEmailAddress, Destination, Content} in UTF-8 with the link under the text', () => {
    // Act
    const input = sendEmailInput({ ...message, to: 'wang@example.com' }, { from: 'noreply@x.example' });

    // Assess
    expect(input).toEqual({
      FromEmailAddress: 'noreply@x.example',
      Destination: { ToAddresses: ['wang@example.com'] },
      Content: {
        Simple: { Subject: { Data: '留言已受理', Charset: 'UTF-8' }, Body: { Text: { Data: `${message.text}\n\n${message.link}`, Charset: 'UTF-8' } } },
      },
    });
  });

  it('reads SES errors: a rejection is final, throttling is retried, no answer at all may have sent', () => {
    // Act
    const rejected = sendEmailErrorOutcome(sesError('MessageRejected', 400));
    const throttled = sendEmailErrorOutcome(sesError('TooManyRequestsException', 429));
    const timedOut = sendEmailErrorOutcome(Object.assign(sesError('TimeoutError'), { code: 'ETIMEDOUT' }));
    const unreachable = sendEmailErrorOutcome(Object.assign(sesError('Error'), { code: 'ECONNREFUSED' }));

    // Assess
    expect(rejected).toEqual({ status: 'refused', retryable: false, code: 'MessageRejected' });
    expect(throttled).toMatchObject({ retryable: true });
    expect(timedOut).toEqual({ status: 'unknown', code: 'ETIMEDOUT' });
    expect(unreachable).toEqual({ status: 'refused', retryable: true, code: 'ECONNREFUSED' });
  });
});

describe('the recording channel (local platform)', () => {
  it('records the provider request with the phone masked, never the number itself', async () => {
    // Act
    const outcome = await new RecordingChannel('sms', demoChannels, () => new Date('2026-03-05T02:00:00Z'), {}).send(message);

    // Assess
    expect(outcome).toMatchObject({ status: 'sent', provider: 'local', addressMasked: '139****5678' });
    const recorded = recordedSends().at(-1)!;
    expect(recorded).toMatchObject({ deliveryId: message.deliveryId, channel: 'sms', to: '139****5678', template: 'message_receipt' });
    expect(recorded.request).toMatchObject({ Action: 'SendSms', PhoneNumbers: '139****5678', TemplateCode: 'SMS_900000001', SignName: '民情直通' });
    expect(JSON.stringify(recordedSends())).not.toContain('13912345678');
  });

  it('fails as the environment says: `times` times per address, or always', async () => {
    // Prepare
    const env = {
      [FAILURES_ENV]: JSON.stringify([
        { channel: 'sms', to: '^1391234', times: 2 },
        { to: '^13800000000$', outcome: 'unknown' },
      ]),
    };
    const channel = new RecordingChannel('sms', demoChannels, () => new Date(), env);
    const wechat = new RecordingChannel('wechat', demoChannels, () => new Date(), env);

    // Act
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push((await channel.send(message)).status);
    const alwaysFailing = await channel.send({ ...message, to: '13800000000' });
    const alwaysFailingAgain = await channel.send({ ...message, to: '13800000000' });
    const otherChannel = await wechat.send({ ...message, channel: 'wechat', to: '13912345678' });

    // Assess
    expect(outcomes).toEqual(['refused', 'refused', 'sent']);
    expect(alwaysFailing).toEqual({ status: 'unknown', code: 'INJECTED_TIMEOUT', addressMasked: '138****0000' });
    expect(alwaysFailingAgain).toMatchObject({ status: 'unknown' });
    expect(otherChannel.status).toBe('sent');
  });
});

describe('masking addresses', () => {
  it('masks phones, e-mail and WeChat ids; leaves account addresses alone', () => {
    // Act
    const masked = [
      maskAddress('sms', '13912345678'),
      maskAddress('sms', 'not-a-phone'),
      maskAddress('email', 'wang@example.com'),
      maskAddress('wechat', 'oAbCdEfG123'),
      maskAddress('sms', 'deputy:D0001'),
    ];

    // Assess
    expect(masked).toEqual(['139****5678', '****', 'w***@example.com', 'oAbC****', 'deputy:D0001']);
  });
});
