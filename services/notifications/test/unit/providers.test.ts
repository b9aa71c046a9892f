import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationsConfig } from '../../../../shared/city/notifications.ts';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { channelSenders, type ChannelWiring } from '../../src/adapters/channels/channel-senders.ts';
import type { DailyCounter } from '../../src/adapters/channels/daily-cap.ts';
import { SecretsManagerSource } from '../../../../shared/secrets/secret-source.ts';
import type { ExternalChannel } from '../../src/domain/channels.ts';
import { planDeliveries } from '../../src/domain/delivery.ts';
import type { Notice } from '../../src/domain/recipients.ts';
import { DEFAULT_SETTINGS } from '../../src/domain/settings.ts';
import { DEFAULT_TEMPLATES } from '../../src/domain/templates.ts';
import type { ChannelSenders } from '../../src/ports.ts';
import { sendDue } from '../../src/use-cases/send-due.ts';
import { fakeAliyunSms, fakeSecretsManager, fakeSes, fakeWechat, type FakeProvider } from './fake-providers.ts';
import { MemoryDeliveries, memoryPorts } from './in-memory.ts';

// Credentials exist only in the fakes and here: the city config names secrets, nothing more.
const aws = { accessKeyId: 'AKIDFAKEPROVIDERS', secretAccessKey: 'fake-aws-secret' };
const aliyun = { accessKeyId: 'LTAI-fake', accessKeySecret: 'fake-aliyun-secret' };
const wechatApp = { appId: 'wx-fake-app', appSecret: 'fake-app-secret' };
const region = 'cn-north-1';

// A fixed morning in the city (10:00 in Shanghai): retries fall outside the quiet hours whatever
// the hour the suite runs.
const now = new Date('2026-06-01T02:00:00Z');
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);
const messageId = 'm-k7pq3mxdabcd';

/** A notice to a citizen (SMS) or a deputy (WeChat, e-mail), as the trigger rules make them. */
const notice = (channel: ExternalChannel): Notice => ({
  recipient: channel === 'sms' ? { kind: 'citizen', messageId } : { kind: 'deputy', account: 'D0001', code: 'D0001' },
  offered: [channel],
  template: 'message_receipt',
  params: { trackingCode: 'K7PQ-3MXD', link: 'https://x.example/t/K7PQ-3MXD' },
  link: 'https://x.example/t/K7PQ-3MXD',
  refs: { messageId },
});

/** Daily counts in memory, with the adapter's semantics (count unless the limit is reached). */
class MemoryCounter implements DailyCounter {
  readonly counts = new Map<string, number>();
  async take(key: string, limit: number) {
    const count = this.counts.get(key) ?? 0;
    if (count >= limit) return false;
    this.counts.set(key, count + 1);
    return true;
  }
}

let sms: FakeProvider;
let ses: FakeProvider;
let wechat: Awaited<ReturnType<typeof fakeWechat>>;
let secretsManager: FakeProvider;

beforeAll(async () => {
  sms = await fakeAliyunSms({ ...aliyun, signName: '民情直通', approvedTemplates: ['SMS_900000001'], throttle: { '13900000001': 1 } });
  ses = await fakeSes({ credentials: aws, verifiedFrom: 'noreply@city.example', rejected: ['bounce@example.com'], throttle: { 'busy@example.com': 1 } });
  wechat = await fakeWechat({ ...wechatApp, followers: ['oFollower1', 'oFollower2'], templates: ['tmpl-receipt'], throttle: { oFollower2: 1 } });
  secretsManager = await fakeSecretsManager({ 'minqing/test/aliyun-sms': aliyun, 'minqing/test/wechat': wechatApp }, aws);
});
afterAll(async () => Promise.all([sms, ses, wechat, secretsManager].map((p) => p?.close())));

/** The city's channels as the config says, against the fakes; credentials come through the fake Secrets Manager. */
function channelsOf(channels: NotificationsConfig['channels'], options: Partial<ChannelWiring> & { textsPerPhonePerDay?: number } = {}) {
  const secretsClient = new SecretsManagerClient({ endpoint: secretsManager.url, region, credentials: aws });
  const counter = new MemoryCounter();
  const wired = channelSenders({
    config: { textsPerPhonePerDay: options.textsPerPhonePerDay ?? 10, channels },
    timeZone: 'Asia/Shanghai',
    local: true,
    secrets: new SecretsManagerSource(secretsClient),
    counter,
    clock: () => new Date(),
    email: (endpoint) => new SESv2Client({ endpoint, region, credentials: aws, maxAttempts: 1 }),
    ...options,
  });
  return { ...wired, counter };
}

const smsConfig = () => ({
  secretName: 'minqing/test/aliyun-sms',
  signName: '民情直通',
  templates: { message_receipt: 'SMS_900000001' },
  endpoint: `${sms.url}/`,
});
const wechatConfig = () => ({ secretName: 'minqing/test/wechat', templates: { message_receipt: 'tmpl-receipt' }, endpoint: wechat.url });
const emailConfig = () => ({ from: 'noreply@city.example', identity: 'city.example', endpoint: ses.url });

/** One delivery to `to` on `channel`, due now, then the send-due schedule at each of `runs`. */
async function deliver(senders: ChannelSenders, channel: ExternalChannel, to: string, runs: Date[] = [now]) {
  const deliveries = new MemoryDeliveries();
  const [planned] = planDeliveries(notice(channel), [channel], {
    sourceId: `evt-${to}-${Math.random()}`,
    occurredAt: now,
    settings: { ...DEFAULT_SETTINGS, quietHours: null },
    timeZone: 'Asia/Shanghai',
    catalog: DEFAULT_TEMPLATES,
  });
  await deliveries.createOnce({ ...planned!, notBefore: now.toISOString() }, []);
  const ports = { ...memoryPorts().ports, deliveries, channels: senders, addresses: { addressOf: async () => to } };
  const reports = [];
  for (const at of runs) reports.push(await sendDue(ports, at));
  return { delivery: deliveries.all()[0]!, events: deliveries.events.map((e) => e.detailType), reports };
}

const requestsTo = (provider: FakeProvider, field: string, value: unknown) =>
  provider.requests.filter((r) => r.fields[field] === value || (Array.isArray(r.fields[field]) && (r.fields[field] as unknown[]).includes(value)));

describe('SMS through Aliyun (fake SendSms endpoint)', () => {
  it('sends the signed SendSms request with the approved template; the delivery is sent', async () => {
    // Prepare
    const { senders, modes } = channelsOf({ sms: smsConfig() });

    // Act
    const { delivery, events } = await deliver(senders, 'sms', '13912340001');

    // Assess
    expect(modes.sms).toBe('provider');
    const [request] = requestsTo(sms, 'PhoneNumbers', '13912340001');
    expect(request).toMatchObject({ answer: 'OK', fields: { TemplateCode: 'SMS_900000001', SignName: '民情直通', OutId: delivery.deliveryId } });
    expect(JSON.parse(request!.fields.TemplateParam as string)).toEqual({ trackingCode: 'K7PQ-3MXD', link: 'https://x.example/t/K7PQ-3MXD' });
    expect(delivery).toMatchObject({ status: 'sent', provider: 'aliyun-sms', addressMasked: '139****0001' });
    expect(events).toEqual(['NotificationSent']);
  });

  it('retries a throttled answer later, with backoff, and then sends', async () => {
    // Prepare: the gateway throttles this number once
    const { senders } = channelsOf({ sms: smsConfig() });

    // Act: the schedule's first run, then one after the retry delay (1 minute after a first attempt)
    const { delivery, events, reports } = await deliver(senders, 'sms', '13900000001', [now, minutes(0.5), minutes(1)]);

    // Assess
    expect(reports).toEqual([{ retry: 1 }, {}, { sent: 1 }]);
    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, lastError: 'isv.BUSINESS_LIMIT_CONTROL' });
    expect(events).toEqual(['NotificationSent']);
    expect(requestsTo(sms, 'PhoneNumbers', '13900000001').map((r) => r.answer)).toEqual(['isv.BUSINESS_LIMIT_CONTROL', 'OK']);
  });

  it('fails an invalid number at once and never asks again', async () => {
    const { senders } = channelsOf({ sms: smsConfig() });

    const { delivery, events, reports } = await deliver(senders, 'sms', '1391234', [now, minutes(1), minutes(30)]);

    expect(reports).toEqual([{ failed: 1 }, {}, {}]);
    expect(delivery).toMatchObject({ status: 'failed', failure: { reason: 'rejected', code: 'isv.MOBILE_NUMBER_ILLEGAL' }, attempts: 1 });
    expect(events).toEqual(['NotificationFailed']);
    expect(requestsTo(sms, 'PhoneNumbers', '1391234')).toHaveLength(1);
  });

  it('fails a template the account has not approved, without retrying', async () => {
    const { senders } = channelsOf({ sms: { ...smsConfig(), templates: { message_receipt: 'SMS_900000099' } } });

    const { delivery, events } = await deliver(senders, 'sms', '13912340002', [now, minutes(1)]);

    expect(delivery).toMatchObject({ status: 'failed', failure: { reason: 'rejected', code: 'isv.SMS_TEMPLATE_ILLEGAL' } });
    expect(events).toEqual(['NotificationFailed']);
    expect(requestsTo(sms, 'PhoneNumbers', '13912340002')).toHaveLength(1);
  });

  it('refuses a wrong secret: the fake checks the signature', async () => {
    const { senders } = channelsOf({ sms: { ...smsConfig(), secretName: 'minqing/test/wechat' } });

    const { delivery } = await deliver(senders, 'sms', '13912340003');

    // The WeChat secret has no AccessKey: the channel has no usable credentials.
    expect(delivery).toMatchObject({ status: 'not_configured', lastError: 'SECRET_MALFORMED' });
    const wrong = channelsOf({ sms: smsConfig() }, { secrets: { json: async () => ({ ...aliyun, accessKeySecret: 'not-the-secret' }) } });
    expect((await deliver(wrong.senders, 'sms', '13912340003')).delivery).toMatchObject({ status: 'failed', failure: { code: 'SignatureDoesNotMatch' } });
  });

  it('reads the credentials once per cold start, whatever the number of texts', async () => {
    const { senders } = channelsOf({ sms: smsConfig() });
    const before = secretsManager.requests.length;

    for (const phone of ['13912340011', '13912340012', '13912340013']) await deliver(senders, 'sms', phone);

    expect(secretsManager.requests.slice(before).map((r) => r.fields.SecretId)).toEqual(['minqing/test/aliyun-sms']);
    expect(sms.requests.filter((r) => /^1391234001[123]$/.test(String(r.fields.PhoneNumbers))).map((r) => r.answer)).toEqual(['OK', 'OK', 'OK']);
  });

  it('texts one phone at most N times a city day; the next ones fail without reaching the gateway', async () => {
    // Prepare: a cap of 2
    const { senders, counter } = channelsOf({ sms: smsConfig() }, { textsPerPhonePerDay: 2 });

    // Act
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await deliver(senders, 'sms', '13912340021')).delivery);

    // Assess
    expect(results.map((d) => d.status)).toEqual(['sent', 'sent', 'failed']);
    expect(results[2]).toMatchObject({ failure: { reason: 'rejected', code: 'DAILY_CAP' } });
    expect(requestsTo(sms, 'PhoneNumbers', '13912340021')).toHaveLength(2);
    // Counted under a keyed hash and the city day: the number is nowhere in the counter.
    expect([...counter.counts.keys()]).toEqual([expect.stringMatching(/^[\w-]{32}#\d{4}-\d\d-\d\d$/)]);
    expect(JSON.stringify([...counter.counts])).not.toContain('13912340021');
  });
});

describe('e-mail through SES v2 (fake SendEmail endpoint)', () => {
  it('sends the SigV4-signed SendEmail request; the delivery is sent', async () => {
    const { senders, modes } = channelsOf({ email: emailConfig() });

    const { delivery, events } = await deliver(senders, 'email', 'wang@example.com');

    expect(modes.email).toBe('provider');
    expect(requestsTo(ses, 'to', 'wang@example.com')).toEqual([
      {
        path: '/v2/email/outbound-emails',
        answer: 'OK',
        fields: { from: 'noreply@city.example', to: ['wang@example.com'], subject: '留言已受理', text: expect.stringContaining('K7PQ-3MXD') },
      },
    ]);
    expect(delivery).toMatchObject({ status: 'sent', provider: 'ses' });
    expect(events).toEqual(['NotificationSent']);
  });

  it('retries a throttled answer (429) and fails a rejected address for good', async () => {
    const { senders } = channelsOf({ email: emailConfig() });

    const busy = await deliver(senders, 'email', 'busy@example.com', [now, minutes(1)]);
    const bounced = await deliver(senders, 'email', 'bounce@example.com', [now, minutes(1)]);
    const invalid = await deliver(senders, 'email', 'not-an-address', [now, minutes(1)]);

    expect(requestsTo(ses, 'to', 'busy@example.com').map((r) => r.answer)).toEqual(['TooManyRequestsException', 'OK']);
    expect(busy.delivery).toMatchObject({ status: 'sent', attempts: 2 });
    expect(bounced.delivery).toMatchObject({ status: 'failed', failure: { reason: 'rejected', code: 'MessageRejected' } });
    expect(invalid.delivery).toMatchObject({ status: 'failed', failure: { reason: 'rejected', code: 'BadRequestException' } });
    expect(requestsTo(ses, 'to', 'bounce@example.com')).toHaveLength(1);
  });
});

describe('WeChat template messages (fake official account API)', () => {
  it('fetches the access token once for many sends, and sends the template message', async () => {
    const { senders } = channelsOf({ wechat: wechatConfig() });
    const issued = wechat.state.tokensIssued;

    const first = await deliver(senders, 'wechat', 'oFollower1');
    const second = await deliver(channelsOf({ wechat: wechatConfig() }).senders, 'wechat', 'oFollower1');

    expect([first.delivery.status, second.delivery.status]).toEqual(['sent', 'sent']);
    expect(wechat.state.tokensIssued - issued).toBeLessThanOrEqual(1);
    expect(requestsTo(wechat, 'touser', 'oFollower1').at(-1)).toMatchObject({
      answer: '0',
      fields: { template_id: 'tmpl-receipt', data: { first: { value: '留言已受理' } } },
    });
  });

  it('retries the API frequency limit (45009), fails an openid that does not follow the account (40003)', async () => {
    const { senders } = channelsOf({ wechat: wechatConfig() });

    const throttled = await deliver(senders, 'wechat', 'oFollower2', [now, minutes(1)]);
    const stranger = await deliver(senders, 'wechat', 'oStranger', [now, minutes(1)]);

    expect(requestsTo(wechat, 'touser', 'oFollower2').map((r) => r.answer)).toEqual(['45009', '0']);
    expect(throttled.delivery).toMatchObject({ status: 'sent', attempts: 2 });
    expect(stranger.delivery).toMatchObject({ status: 'failed', failure: { reason: 'rejected', code: 'WECHAT_40003' } });
    expect(requestsTo(wechat, 'touser', 'oStranger')).toHaveLength(1);
  });

  it('asks for a fresh token when WeChat refuses the cached one (40001), then sends', async () => {
    const { senders } = channelsOf({ wechat: wechatConfig() });
    await deliver(senders, 'wechat', 'oFollower1');
    wechat.renewToken();

    const { delivery } = await deliver(senders, 'wechat', 'oFollower1', [now, minutes(1)]);

    expect(delivery).toMatchObject({ status: 'sent', attempts: 2, lastError: 'WECHAT_40001' });
  });
});

describe('a channel without credentials', () => {
  it('is not_configured: nothing reaches the provider and no event is published', async () => {
    // Prepare: SMS points at the gateway but names no secret; WeChat names one Secrets Manager does not hold
    const { senders, modes } = channelsOf({
      sms: { ...smsConfig(), secretName: undefined },
      wechat: { ...wechatConfig(), secretName: 'minqing/test/missing' },
    });
    const before = sms.requests.length;

    // Act
    const text = await deliver(senders, 'sms', '13912340031', [now, minutes(1)]);
    const template = await deliver(senders, 'wechat', 'oFollower1', [now, minutes(1)]);

    // Assess
    expect(modes).toMatchObject({ sms: 'not_configured', wechat: 'provider' });
    expect(text.delivery).toMatchObject({ status: 'not_configured', lastError: 'NO_CREDENTIALS', attempts: 1 });
    expect(template.delivery).toMatchObject({ status: 'not_configured', lastError: 'NO_CREDENTIALS' });
    expect([...text.events, ...template.events]).toEqual([]);
    expect(sms.requests.length).toBe(before);
  });

  it('is every channel of the demo city in AWS, which names no credentials', async () => {
    const demo = loadCityConfig('demo');

    const { senders, modes } = channelsOf(demo.notifications.channels, { local: false });
    const { delivery, events } = await deliver(senders, 'sms', '13912340041');

    expect(modes).toEqual({ sms: 'not_configured', wechat: 'not_configured', email: 'not_configured' });
    expect(delivery.status).toBe('not_configured');
    expect(events).toEqual([]);
  });

  it('is a template the city registered no code for, even with credentials', async () => {
    const { senders } = channelsOf({ sms: { ...smsConfig(), templates: {} } });

    const { delivery } = await deliver(senders, 'sms', '13912340051');

    expect(delivery).toMatchObject({ status: 'not_configured', lastError: 'NO_TEMPLATE' });
  });
});
