import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../shared/city/config.ts';
import { resourceNames } from '../../../shared/runtime/manifest.ts';
import { LOCAL_SECRETS_ENV } from '../../../shared/secrets/secret-source.ts';
import { demoCityWithFakeWechat } from '../../../test/support/fake-wechat-city.ts';
import { documentClient } from '../../../shared/store/client.ts';
import { call, demoSessions, eventually, settled, startTestPlatform, type LocalPlatform } from '../../../test/support/platform.ts';
import { messagingService } from '../../messaging/src/service.ts';
import { messageKey } from '../../messaging/src/table.ts';
import { notificationsService } from '../../notifications/src/service.ts';
import { fakeWechat } from '../../notifications/test/unit/fake-providers.ts';
import { seedDemoCity } from '../src/demo/seed.ts';
import { identityService } from '../src/service.ts';

const APP = { appId: 'wx-minqing-http', appSecret: 'app-secret-http' };
const OPENID = 'oDeputyHttp0001';
const CITIZEN_OPENID = 'oCitizenHttp0001';
const NEW_MESSAGE_TEMPLATE = 'tmpl-message-new';
const ANSWERED_TEMPLATE = 'tmpl-message-answered';

/**
 * 绑定微信 over HTTP on the local platform: the demo city with its official account pointed at the
 * fake WeChat. A deputy binds, a citizen's message then reaches the deputy by template message at the
 * bound openid, the return cannot be replayed, and unbinding stops it.
 */
describe('WeChat binding over HTTP', () => {
  let wechat: Awaited<ReturnType<typeof fakeWechat>>;
  let platform: LocalPlatform;
  const as = demoSessions(() => platform);
  const deputy = 'D0001';

  /** The browser inside WeChat: opens the authorization page and is sent back to the platform's callback. */
  async function returnFromWechat(authorizeUrl: string): Promise<string> {
    const page = await fetch(authorizeUrl.replace(/#wechat_redirect$/, ''), { redirect: 'manual' });
    const back = new URL(page.headers.get('location')!);
    // The city's public address is not this test's port: the same path and query, here.
    return `${back.pathname}${back.search}`;
  }

  beforeAll(async () => {
    wechat = await fakeWechat({ ...APP, followers: [OPENID, CITIZEN_OPENID], templates: [NEW_MESSAGE_TEMPLATE, ANSWERED_TEMPLATE] });
    const city = demoCityWithFakeWechat(wechat, APP, { templates: { message_new: NEW_MESSAGE_TEMPLATE, message_answered: ANSWERED_TEMPLATE } });
    platform = await startTestPlatform([identityService, messagingService, notificationsService], {
      city,
      beforeServe: async () => void (await seedDemoCity(city)),
    });
    await settled(platform, 120_000);
  }, 240_000);
  afterAll(async () => {
    await platform?.stop();
    await wechat?.close();
    delete process.env[LOCAL_SECRETS_ENV];
  });

  it('binds the deputy once per state, sends their notifications to the bound openid, and unbinds', async () => {
    // Prepare: the deputy wants WeChat only, and is not bound yet
    const session = await as(deputy);
    const before = await call(platform.url, 'GET', '/v1/me/wechat', undefined, session);
    expect((await call(platform.url, 'PUT', '/v1/notifications/preferences', { sms: false, wechat: true, email: false }, session)).status).toBe(200);

    // Act: bind through WeChat's authorization page, then replay its return
    const started = await call(platform.url, 'POST', '/v1/me/wechat/binding', undefined, session);
    const callback = await returnFromWechat(started.body.authorizeUrl);
    const returned = await fetch(`${platform.url}${callback}`, { redirect: 'manual' });
    const replayed = await fetch(`${platform.url}${callback}`, { redirect: 'manual', headers: { accept: 'text/html,application/xhtml+xml' } });
    const replayedByScript = await fetch(`${platform.url}${callback}`, { redirect: 'manual' });
    const after = await call(platform.url, 'GET', '/v1/me/wechat', undefined, session);
    const { Item: stored } = await documentClient().send(
      new GetCommand({ TableName: resourceNames.table('demo', 'identity'), Key: { pk: `account#${deputy}`, sk: 'account' } }),
    );

    // Assess: bound, encrypted at rest, the replay refused
    expect(before.body).toEqual({ bound: false });
    expect(started.status).toBe(201);
    const authorize = new URL(started.body.authorizeUrl);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ appid: APP.appId, response_type: 'code', scope: 'snsapi_base' });
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${loadCityConfig('demo').publicBaseUrl.replace(/\/+$/, '')}/v1/wechat/oauth/callback`);
    expect(authorize.hash).toBe('#wechat_redirect');
    expect(returned.status).toBe(302);
    expect(returned.headers.get('location')).toBe('/console/#/preferences?wechat=bound');
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('链接已失效');
    expect(replayedByScript.status).toBe(400);
    expect(((await replayedByScript.json()) as { error: unknown }).error).toMatchObject({ code: 'INVALID_INPUT' });
    expect(after.body).toMatchObject({ bound: true });
    expect(typeof stored?.wechatOpenIdEncrypted).toBe('string');
    expect(JSON.stringify(stored)).not.toContain(OPENID);

    // Act: a citizen writes to the deputy
    const submitted = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode: deputy, category: 'public_facilities', content: '小区的路灯坏了，晚上很不方便。' },
      { 'x-forwarded-for': '2001:db8:77::1' },
    );

    // Assess: the template message went to the bound openid (what quiet hours held back in Shanghai's night, sent as they end)
    expect(submitted.status).toBe(202);
    await settled(platform, 30_000);
    await platform.scheduler.run('notifications-schedule-send-due', new Date(Date.now() + 10 * 3_600_000));
    const sent = await eventually(
      async () => wechat.requests.find((r) => r.path === '/cgi-bin/message/template/send' && r.answer === '0'),
      30_000,
      'the new message sent to the deputy on WeChat',
    );
    expect(sent.fields).toMatchObject({ touser: OPENID, template_id: NEW_MESSAGE_TEMPLATE });

    // Act: unbind
    const unbound = await call(platform.url, 'DELETE', '/v1/me/wechat', undefined, session);
    const finally_ = await call(platform.url, 'GET', '/v1/me/wechat', undefined, session);
    const audit = await call(platform.url, 'GET', `/v1/accounts/${deputy}/audit`, undefined, await as('admin'));

    // Assess
    expect(unbound.status).toBe(204);
    expect(finally_.body).toEqual({ bound: false });
    expect(JSON.stringify(audit.body)).toContain('wechat_bound');
    expect(JSON.stringify(audit.body)).toContain('wechat_unbound');
  }, 120_000);

  it('sends back a code WeChat refuses as refused, binding nothing', async () => {
    // Prepare
    const session = await as('lucheng.reviewer');
    const started = await call(platform.url, 'POST', '/v1/me/wechat/binding', undefined, session);
    const state = new URL(started.body.authorizeUrl).searchParams.get('state')!;

    // Act
    const returned = await fetch(`${platform.url}/v1/wechat/oauth/callback?code=forged&state=${encodeURIComponent(state)}`, { redirect: 'manual' });
    const binding = await call(platform.url, 'GET', '/v1/me/wechat', undefined, session);

    // Assess
    expect(returned.headers.get('location')).toBe('/console/#/preferences?wechat=refused');
    expect(binding.body).toEqual({ bound: false });
    expect(wechat.requests.some((r) => r.path === '/sns/oauth2/access_token' && r.answer === '40029')).toBe(true);
  });

  it("lets a citizen choose WeChat on the tracking page: the deputy's answer reaches their openid, not their phone, until they stop", async () => {
    // Prepare: a citizen who left a phone; the browser inside WeChat is theirs
    const submitted = await call(
      platform.url,
      'POST',
      '/v1/messages',
      { deputyCode: deputy, category: 'public_facilities', content: '公园的健身器材坏了，希望尽快修好。', phone: '13912345678' },
      { 'x-forwarded-for': '2001:db8:77::2' },
    );
    const { messageId, trackingCode, trackingToken } = submitted.body;
    const holder = { 'x-tracking-token': trackingToken };
    wechat.state.user = CITIZEN_OPENID;
    await settled(platform, 30_000);

    // Act: 在微信接收进展通知 — WeChat's page, back through the callback, the ticket handed over
    const started = await call(platform.url, 'POST', `/v1/track/${trackingCode}/wechat/binding`, undefined, holder);
    const withoutToken = await call(platform.url, 'POST', `/v1/track/${trackingCode}/wechat/binding`);
    const returned = await fetch(`${platform.url}${await returnFromWechat(started.body.authorizeUrl)}`, { redirect: 'manual' });
    const back = new URL(returned.headers.get('location')!, platform.url);
    const ticket = back.searchParams.get('ticket')!;
    const wrongToken = await call(platform.url, 'PUT', `/v1/track/${trackingCode}/wechat`, { ticket }, { 'x-tracking-token': 'not-the-token' });
    const bound = await call(platform.url, 'PUT', `/v1/track/${trackingCode}/wechat`, { ticket }, holder);
    const replayed = await call(platform.url, 'PUT', `/v1/track/${trackingCode}/wechat`, { ticket }, holder);
    const { Item: stored } = await documentClient().send(new GetCommand({ TableName: resourceNames.table('demo', 'messaging'), Key: messageKey(messageId) }));

    // Assess: the choice is kept, encrypted; the ticket works once, and only with the token
    expect(started.status).toBe(201);
    expect(withoutToken.status).toBe(404);
    expect(returned.status).toBe(302);
    expect(back.pathname).toBe(`/t/${trackingCode}`);
    expect(back.searchParams.get('wechat')).toBe('bound');
    expect(wrongToken.status).toBe(404);
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({ trackingCode, wechat: true });
    expect(replayed.status).toBe(400);
    expect(replayed.body.error).toMatchObject({ code: 'INVALID_INPUT', details: [{ path: 'ticket' }] });
    expect(typeof stored?.secrets?.wechatOpenIdEncrypted).toBe('string');
    expect(JSON.stringify(stored)).not.toContain(CITIZEN_OPENID);

    // Act: the deputy answers
    await settled(platform, 30_000);
    const reply = await call(
      platform.url,
      'POST',
      `/v1/messages/${messageId}/reply`,
      { content: '已联系园林部门，本周内修复。', close: true },
      await as(deputy),
    );
    await settled(platform, 30_000);
    await platform.scheduler.run('notifications-schedule-send-due', new Date(Date.now() + 10 * 3_600_000));

    // Assess: the answer went to the citizen's WeChat, and no text to their phone
    expect(reply.status).toBe(200);
    const sent = await eventually(
      async () => wechat.requests.find((r) => r.path === '/cgi-bin/message/template/send' && r.answer === '0' && r.fields?.touser === CITIZEN_OPENID),
      30_000,
      "the answer sent to the citizen's WeChat",
    );
    expect(sent.fields).toMatchObject({ template_id: ANSWERED_TEMPLATE });
    const toCitizen = await call(platform.url, 'GET', `/v1/deliveries?recipient=citizen:${messageId}`, undefined, await as('admin'));
    expect(toCitizen.body.items.map((d: { channel: string; template: string }) => `${d.channel} ${d.template}`).sort()).toEqual([
      'sms message_receipt',
      'wechat message_answered',
    ]);

    // Act: 取消微信通知
    const stopped = await call(platform.url, 'DELETE', `/v1/track/${trackingCode}/wechat`, undefined, holder);
    const { Item: afterStop } = await documentClient().send(
      new GetCommand({ TableName: resourceNames.table('demo', 'messaging'), Key: messageKey(messageId) }),
    );

    // Assess
    expect(stopped.status).toBe(200);
    expect(stopped.body.wechat).toBe(false);
    expect(afterStop?.secrets?.wechatOpenIdEncrypted).toBeUndefined();
  }, 120_000);
});
