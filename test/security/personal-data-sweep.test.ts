import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPlatform } from '../../infra/local/platform.ts';
import { seedDemoCity, type DemoSeedReport } from '../../services/identity/src/demo/seed.ts';
import { services } from '../../services/manifests.ts';
import { fakeWechat } from '../../services/notifications/test/unit/fake-providers.ts';
import { LOCAL_SECRETS_ENV } from '../../shared/secrets/secret-source.ts';
import type { BusEvent } from '../../shared/events/pattern.ts';
import { demoCityWithFakeWechat } from '../support/fake-wechat-city.ts';
import { call, demoSessions, settled, startTestPlatform } from '../support/platform.ts';
import { snapshotTables } from './table-snapshot.ts';

/** A citizen of the sweep: a name, a phone and a message no other record of the city contains. */
interface Citizen {
  name: string;
  phone: string;
  content: string;
}

const citizens: Citizen[] = [
  { name: '甄秘密', phone: '13912340001', content: '我家楼下的排水沟堵了三个月（甄家的私事一）' },
  { name: '贾隐私', phone: '15812340002', content: '小区门口的路灯坏了很久了（贾家的私事二）' },
  { name: '柯个人', phone: '18612340003', content: '村里的垃圾没有人清运（柯家的私事三）' },
];

/** The openid the first deputy binds: personal too (it reaches that person on WeChat). */
const DEPUTY_OPENID = 'oSweepDeputyOpenId0001';
/** The openid of the first citizen, who chooses WeChat for their message's notices on the tracking page. */
const CITIZEN_OPENID = 'oSweepCitizenOpenId0001';
const WECHAT_APP = { appId: 'wx-minqing-sweep', appSecret: 'app-secret-sweep' };

/** Every way a value may be written where it is looked for: as it is, and JSON-escaped. */
const spellings = (value: string) => [value, JSON.stringify(value).slice(1, -1)];

/**
 * The personal data sweep: citizens with names and phones use the whole platform (submit, reply,
 * escalate, forward, accept, resolve, rate), a deputy binds WeChat and is told there, and a citizen
 * chooses WeChat for their message and is told of the reply there, while every log line, every
 * event on the bus and every record is captured; no name, phone, openid or message text may leak
 * where it must not, nor the one-time ticket that carried the citizen's openid back from WeChat.
 */
describe('personal data sweep', () => {
  let platform: LocalPlatform;
  let seed: DemoSeedReport;
  let wechat: Awaited<ReturnType<typeof fakeWechat>>;
  const lines: string[] = [];
  const events: BusEvent[] = [];
  const as = demoSessions(() => platform);
  const writes = { out: process.stdout.write, err: process.stderr.write };
  const previousLevel = process.env.MINQING_LOG_LEVEL;

  beforeAll(async () => {
    // Every level, so that a debug line cannot hide a leak; captured from both streams.
    process.env.MINQING_LOG_LEVEL = 'DEBUG';
    const capture = (original: typeof process.stdout.write) =>
      function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
        lines.push(String(chunk));
        return (original as (...args: unknown[]) => boolean).call(this, '', ...rest);
      } as typeof process.stdout.write;
    process.stdout.write = capture(writes.out);
    process.stderr.write = capture(writes.err);
    // The city's official account is a fake WeChat, so a deputy and a citizen can bind and be reached there.
    wechat = await fakeWechat({ ...WECHAT_APP, followers: [DEPUTY_OPENID, CITIZEN_OPENID], templates: ['tmpl-message-new', 'tmpl-message-replied'] });
    const city = demoCityWithFakeWechat(wechat, WECHAT_APP, { templates: { message_new: 'tmpl-message-new', message_replied: 'tmpl-message-replied' } });
    platform = await startTestPlatform(services, { city, beforeServe: async () => void (seed = await seedDemoCity(city)) });
    platform.bus.observe((event) => events.push(event));
    await settled(platform, 120_000);
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
    await wechat?.close();
    delete process.env[LOCAL_SECRETS_ENV];
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    process.env.MINQING_LOG_LEVEL = previousLevel;
  });

  it('finds no name, phone, openid or message text in logs, events or deliveries, and no name, phone or openid in any table in clear', async () => {
    // Prepare: three deputies of 鹿城镇, each written to by one citizen
    const deputies = seed.directory.deputies.filter((d) => d.termStatus === 'active' && d.level === 'township' && d.townshipCode === 'lucheng');
    const post = async (username: string, path: string, body: unknown) => call(platform.url, 'POST', path, body, await as(username));
    // The first deputy binds WeChat and chooses it, so the new message reaches them there
    const deputySession = await as(deputies[0]!.code);
    await call(platform.url, 'PUT', '/v1/notifications/preferences', { sms: true, wechat: true, email: false }, deputySession);
    const started = await call(platform.url, 'POST', '/v1/me/wechat/binding', undefined, deputySession);
    lines.length = 0;
    const authorization = await fetch(String(started.body.authorizeUrl).replace(/#wechat_redirect$/, ''), { redirect: 'manual' });
    const back = new URL(authorization.headers.get('location')!);
    const bound = await fetch(`${platform.url}${back.pathname}${back.search}`, { redirect: 'manual' });

    // Act: submit; the first is answered, the second escalated and carried to its end, the third waits
    const submitted = await Promise.all(
      citizens.map((citizen, i) =>
        call(
          platform.url,
          'POST',
          '/v1/messages',
          { deputyCode: deputies[i]!.code, category: 'public_facilities', ...citizen },
          { 'x-forwarded-for': `2001:db8:5eed::${i + 1}` },
        ),
      ),
    );
    const [first, second] = submitted.map((r) => r.body as { messageId: string; trackingCode: string; trackingToken: string });
    // The first citizen chooses WeChat on their tracking page, inside WeChat: the authorization page, WeChat's return, the ticket redeemed
    const holder = { 'x-tracking-token': first!.trackingToken };
    const citizenStarted = await call(platform.url, 'POST', `/v1/track/${first!.trackingCode}/wechat/binding`, undefined, holder);
    wechat.state.user = CITIZEN_OPENID;
    const citizenAuthorization = await fetch(String(citizenStarted.body.authorizeUrl).replace(/#wechat_redirect$/, ''), { redirect: 'manual' });
    const citizenBack = new URL(citizenAuthorization.headers.get('location')!);
    const citizenReturn = await fetch(`${platform.url}${citizenBack.pathname}${citizenBack.search}`, { redirect: 'manual' });
    const ticket = new URL(citizenReturn.headers.get('location')!, platform.url).searchParams.get('ticket')!;
    const citizenBound = await call(platform.url, 'PUT', `/v1/track/${first!.trackingCode}/wechat`, { ticket }, holder);
    await settled(platform);
    expect((await post(deputies[0]!.code, `/v1/messages/${first!.messageId}/reply`, { content: '已联系社区处理，请耐心等待。', close: false })).status).toBe(
      200,
    );
    const escalated = await post(deputies[1]!.code, `/v1/messages/${second!.messageId}/escalate`, { reason: '需要乡镇建设部门处理' });
    await settled(platform);
    const caseId = escalated.body.caseId as string;
    const forwarded = await post('lucheng.reviewer', `/v1/cases/${caseId}/forward`, { unitCode: 'u-lucheng-jianshe' });
    await settled(platform);
    await post('u-lucheng-jianshe.handler', `/v1/cases/${caseId}/accept`, { committedDate: forwarded.body.dueDate });
    await post('u-lucheng-jianshe.handler', `/v1/cases/${caseId}/resolve`, { result: '已疏通排水沟。' });
    await settled(platform);
    const rated = await call(
      platform.url,
      'POST',
      `/v1/track/${second!.trackingCode}/rating`,
      { rating: 'satisfied' },
      { 'x-tracking-token': second!.trackingToken },
    );
    await settled(platform);
    // What quiet hours held back (the sweep may run in Shanghai's night) goes out as they end.
    await platform.scheduler.run('notifications-schedule-send-due', new Date(Date.now() + 10 * 3_600_000));
    const deliveries = await call(platform.url, 'GET', '/v1/deliveries?limit=200', undefined, await as('admin'));
    const tables = await snapshotTables();

    // Assess: the walk happened, with texts to the citizens
    expect(submitted.map((r) => r.status)).toEqual([202, 202, 202]);
    expect([escalated.status, forwarded.status, rated.status]).toEqual([200, 200, 200]);
    expect(deliveries.status).toBe(200);
    expect(deliveries.body.items.length).toBeGreaterThan(0);
    expect(bound.headers.get('location')).toBe('/console/#/preferences?wechat=bound');
    expect(wechat.requests.some((r) => r.path === '/cgi-bin/message/template/send' && r.fields.touser === DEPUTY_OPENID && r.answer === '0')).toBe(true);
    expect([citizenStarted.status, citizenBound.status]).toEqual([201, 200]);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(citizenBound.body.wechat).toBe(true);
    expect(
      wechat.requests.some(
        (r) =>
          r.path === '/cgi-bin/message/template/send' &&
          r.fields.touser === CITIZEN_OPENID &&
          r.fields.template_id === 'tmpl-message-replied' &&
          r.answer === '0',
      ),
    ).toBe(true);
    const log = lines.join('');
    const bus = JSON.stringify(events);
    const deliveryRecords = [...tables].filter(([key]) => key.startsWith('notifications ')).map(([, item]) => item);
    const stored = [...tables.values()].join('\n');
    const found: string[] = [];
    for (const citizen of citizens) {
      for (const [what, value] of Object.entries(citizen)) {
        for (const spelling of spellings(value)) {
          if (log.includes(spelling)) found.push(`${what} in a log line`);
          if (bus.includes(spelling)) found.push(`${what} in an event`);
          if (deliveryRecords.some((record) => record.includes(spelling))) found.push(`${what} in a delivery record`);
          if (JSON.stringify(deliveries.body).includes(spelling)) found.push(`${what} in GET /v1/deliveries`);
          if (what !== 'content' && stored.includes(spelling)) found.push(`${what} in a table in clear`);
        }
      }
    }
    for (const [whose, openId] of Object.entries({ "deputy's": DEPUTY_OPENID, "citizen's": CITIZEN_OPENID })) {
      for (const spelling of spellings(openId)) {
        if (log.includes(spelling)) found.push(`${whose} openid in a log line`);
        if (bus.includes(spelling)) found.push(`${whose} openid in an event`);
        if (deliveryRecords.some((record) => record.includes(spelling))) found.push(`${whose} openid in a delivery record`);
        if (JSON.stringify(deliveries.body).includes(spelling)) found.push(`${whose} openid in GET /v1/deliveries`);
        if (stored.includes(spelling)) found.push(`${whose} openid in a table in clear`);
      }
    }
    if (log.includes(ticket)) found.push('WeChat ticket in a log line');
    if (bus.includes(ticket)) found.push('WeChat ticket in an event');
    if (stored.includes(ticket)) found.push('WeChat ticket in a table in clear');
    console.info(
      `personal data sweep: ${citizens.length} citizens, ${lines.length} log lines, ${events.length} events, ${deliveryRecords.length} delivery records, ${tables.size} items scanned; leaks: ${found.length}`,
    );
    expect(found).toEqual([]);
    expect(lines.length).toBeGreaterThan(0);
  }, 120_000);
});
