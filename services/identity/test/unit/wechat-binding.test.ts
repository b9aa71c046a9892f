import { mkdtempSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { createFieldCipher } from '../../../../shared/crypto/field-cipher.ts';
import type { SecretSource } from '../../../../shared/secrets/secret-source.ts';
import type { StoredItem } from '../../../../shared/store/item-store.ts';
import { fakeWechat } from '../../../notifications/test/unit/fake-providers.ts';
import { WechatOAuth } from '../../src/adapters/wechat-oauth.ts';
import { identityService } from '../../src/service.ts';
import { WechatCodeRefusedError, WechatNotConfiguredError, type AuditEntry, type StoredAccount, type WechatStateStore } from '../../src/ports.ts';
import { readContact } from '../../src/use-cases/read-contact.ts';
import {
  completeWechatBinding,
  redeemWechatTicket,
  startWechatBinding,
  unbindWechat,
  wechatBindingView,
  type WechatBindingPorts,
} from '../../src/use-cases/wechat-binding.ts';

const APP = { appId: 'wx-minqing-test', appSecret: 'app-secret-test' };
const SECRET_NAME = 'minqing/demo/wechat';
const now = new Date('2026-12-02T08:00:00.000Z');
const secrets = (values: Record<string, Record<string, string>>): SecretSource => ({ json: async (name) => values[name] });

/** Pending states in memory: taking one removes it, as the table's conditional delete does. */
function statesInMemory(): WechatStateStore & { size: () => number; peek: () => Promise<unknown[]> } {
  const items = new Map<string, { target: Parameters<WechatStateStore['put']>[1]; expiresAt: number }>();
  return {
    put: async (hash, target, expiresAt) => void items.set(hash, { target, expiresAt }),
    take: async (hash) => {
      const item = items.get(hash);
      items.delete(hash);
      return item;
    },
    size: () => items.size,
    peek: async () => [...items.entries()],
  };
}

/** One account in memory, versioned as the store's are, with its audit trail and events. */
function accountsInMemory(account: StoredAccount) {
  let item = { ...account, pk: `account#${account.username}`, sk: 'account', version: 1 } as StoredItem<StoredAccount>;
  const audit: AuditEntry[] = [];
  const events: string[] = [];
  return {
    get: async (username: string) => (username === item.username ? item : undefined),
    save: async (stored: StoredItem<StoredAccount>, next: StoredAccount, emitted: { detailType: string }[]) => {
      item = { ...stored, ...next, version: stored.version + 1 };
      events.push(...emitted.map((e) => e.detailType));
    },
    audit: async (entry: AuditEntry) => void audit.push(entry),
    current: () => item,
    trail: audit,
    events,
  };
}

describe('WeChat binding (网页授权) against the fake official account', () => {
  let wechat: Awaited<ReturnType<typeof fakeWechat>>;
  const dir = mkdtempSync(join(tmpdir(), 'minqing-wechat-binding-'));
  const cipher = createFieldCipher({ file: join(dir, 'data.key') });

  beforeAll(async () => {
    wechat = await fakeWechat({ ...APP, followers: ['oDeputyD0001', 'oCitizen0001'], templates: [] });
  });
  afterAll(async () => {
    await wechat.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const oauth = (values: Record<string, Record<string, string>> = { [SECRET_NAME]: APP }) =>
    new WechatOAuth({ secretName: SECRET_NAME, templates: {}, webAuthorization: true, endpoint: wechat.url, oauthEndpoint: wechat.url }, secrets(values));

  function world() {
    const accounts = accountsInMemory({
      accountId: 'acc-D0001',
      username: 'D0001',
      name: '代表',
      role: 'deputy',
      scope: { deputyCode: 'D0001' },
      status: 'active',
    });
    const states = statesInMemory();
    const ports: WechatBindingPorts = {
      accounts,
      states,
      wechat: oauth(),
      cipher,
      city: { name: 'demo', publicBaseUrl: 'https://minqing.example/' },
      random: (n) => randomBytes(n),
    };
    return { accounts, states, ports };
  }

  /** What a browser inside WeChat does with the authorization URL: the fake's redirect back, followed by hand. */
  async function openInWechat(authorizeUrl: string): Promise<URL> {
    const response = await fetch(authorizeUrl.replace(/#wechat_redirect$/, ''), { redirect: 'manual' });
    expect(response.status).toBe(302);
    return new URL(response.headers.get('location')!);
  }

  it('exchanges a good code for the openid, and refuses an invalid code with 40029', async () => {
    // prepare
    const adapter = oauth();
    const back = await openInWechat(await adapter.authorizeUrl('https://minqing.example/v1/wechat/oauth/callback', 'state-1'));
    // act
    const openId = await adapter.openIdOf(back.searchParams.get('code')!);
    const invalid = await adapter.openIdOf('not-a-code').catch((error: unknown) => error);
    const again = await adapter.openIdOf(back.searchParams.get('code')!).catch((error: unknown) => error);
    // assess
    expect(back.origin + back.pathname).toBe('https://minqing.example/v1/wechat/oauth/callback');
    expect(back.searchParams.get('state')).toBe('state-1');
    expect(openId).toBe('oDeputyD0001');
    expect(invalid).toBeInstanceOf(WechatCodeRefusedError);
    expect((invalid as WechatCodeRefusedError).errcode).toBe(40029);
    expect((again as WechatCodeRefusedError).errcode).toBe(40163);
    expect(wechat.requests.filter((r) => r.path === '/sns/oauth2/access_token').map((r) => r.fields.grant_type)).toContain('authorization_code');
  });

  it('is not configured without the secret the city config names, with a malformed one, or where the city has not opened binding', async () => {
    // prepare
    const missing = oauth({});
    const malformed = oauth({ [SECRET_NAME]: { appId: APP.appId } });
    const unnamed = new WechatOAuth(undefined, secrets({ [SECRET_NAME]: APP }));
    const closed = new WechatOAuth({ secretName: SECRET_NAME, templates: {}, webAuthorization: false }, secrets({ [SECRET_NAME]: APP }));
    // act
    const outcomes = await Promise.all(
      [missing, malformed, unnamed, closed].map((a) => a.authorizeUrl('https://x.example/cb', 's').catch((error: unknown) => error)),
    );
    // assess
    for (const outcome of outcomes) expect(outcome).toBeInstanceOf(WechatNotConfiguredError);
  });

  it('binds the openid to the account encrypted, once per state: a replayed state binds nothing', async () => {
    // prepare
    const { accounts, states, ports } = world();
    const { authorizeUrl } = await startWechatBinding(ports, { kind: 'account', username: 'D0001' }, now);
    const back = await openInWechat(authorizeUrl);
    const request = { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
    // act
    const first = await completeWechatBinding(ports, request, now);
    const replayed = await completeWechatBinding(ports, request, now);
    // assess
    expect(new URL(authorizeUrl).searchParams.get('scope')).toBe('snsapi_base');
    expect(first).toEqual({ target: { kind: 'account', username: 'D0001' }, outcome: 'bound' });
    expect(replayed).toBeUndefined();
    expect(states.size()).toBe(0);
    const stored = accounts.current();
    expect(JSON.stringify(stored)).not.toContain('oDeputyD0001');
    expect(wechatBindingView(stored)).toEqual({ bound: true, boundAt: now.toISOString() });
    const contact = await readContact(
      { encryptedContact: async () => ({ active: true, holder: 'deputy', wechatOpenIdEncrypted: stored.wechatOpenIdEncrypted }) },
      cipher,
      'D0001',
    );
    expect(contact).toEqual({ wechatOpenId: 'oDeputyD0001' });
    expect(accounts.events).toEqual(['AccountWeChatBound']);
    expect(accounts.trail.map((e) => e.change)).toEqual(['wechat_bound']);
  });

  it('refuses an expired state and a code WeChat refuses; unbinding removes the openid', async () => {
    // prepare
    const { accounts, ports } = world();
    const expired = await startWechatBinding(ports, { kind: 'account', username: 'D0001' }, now);
    const refused = await startWechatBinding(ports, { kind: 'account', username: 'D0001' }, now);
    const later = new Date(now.getTime() + 11 * 60_000);
    // act
    const afterExpiry = await completeWechatBinding(ports, { code: 'whatever', state: new URL(expired.authorizeUrl).searchParams.get('state')! }, later);
    const badCode = await completeWechatBinding(ports, { code: 'not-a-code', state: new URL(refused.authorizeUrl).searchParams.get('state')! }, now);
    const boundBefore = wechatBindingView(accounts.current()).bound;
    const back = await openInWechat((await startWechatBinding(ports, { kind: 'account', username: 'D0001' }, now)).authorizeUrl);
    await completeWechatBinding(ports, { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! }, now);
    await unbindWechat(ports, 'D0001', now);
    await unbindWechat(ports, 'D0001', now);
    // assess
    expect(afterExpiry).toBeUndefined();
    expect(badCode?.outcome).toBe('refused');
    expect(boundBefore).toBe(false);
    expect(wechatBindingView(accounts.current())).toEqual({ bound: false });
    expect(accounts.current().wechatOpenIdEncrypted).toBeUndefined();
    expect(accounts.events).toEqual(['AccountWeChatBound', 'AccountWeChatUnbound']);
  });
  it("hands a citizen's openid to the tracking page under a one-time ticket, which only that tracking code redeems, once, within ten minutes", async () => {
    // prepare
    const { accounts, states, ports } = world();
    wechat.state.user = 'oCitizen0001';
    const { authorizeUrl } = await startWechatBinding(ports, { kind: 'tracking', trackingCode: 'K7PQ-3MXD' }, now);
    const back = await openInWechat(authorizeUrl);
    // act
    const completed = await completeWechatBinding(ports, { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! }, now);
    const ticket = completed?.ticket ?? '';
    const stateAsTicket = await redeemWechatTicket(ports, { trackingCode: 'K7PQ-3MXD', ticket: back.searchParams.get('state')! }, now);
    const otherCode = await redeemWechatTicket(ports, { trackingCode: 'AAAA-BBBB', ticket }, now);
    const afterOtherCode = await redeemWechatTicket(ports, { trackingCode: 'K7PQ-3MXD', ticket }, now);
    // A second binding's ticket, redeemed right, then again, and a third one after its ten minutes.
    const second = await openInWechat((await startWechatBinding(ports, { kind: 'tracking', trackingCode: 'K7PQ-3MXD' }, now)).authorizeUrl);
    const secondTicket =
      (await completeWechatBinding(ports, { code: second.searchParams.get('code')!, state: second.searchParams.get('state')! }, now))?.ticket ?? '';
    const storedWhileWaiting = JSON.stringify(await states.peek());
    const redeemed = await redeemWechatTicket(ports, { trackingCode: 'K7PQ-3MXD', ticket: secondTicket }, now);
    const replayed = await redeemWechatTicket(ports, { trackingCode: 'K7PQ-3MXD', ticket: secondTicket }, now);
    const third = await openInWechat((await startWechatBinding(ports, { kind: 'tracking', trackingCode: 'K7PQ-3MXD' }, now)).authorizeUrl);
    const thirdTicket =
      (await completeWechatBinding(ports, { code: third.searchParams.get('code')!, state: third.searchParams.get('state')! }, now))?.ticket ?? '';
    const late = await redeemWechatTicket(ports, { trackingCode: 'K7PQ-3MXD', ticket: thirdTicket }, new Date(now.getTime() + 11 * 60_000));
    // assess
    expect(completed).toEqual({
      target: { kind: 'tracking', trackingCode: 'K7PQ-3MXD' },
      outcome: 'bound',
      ticket: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(stateAsTicket).toBeUndefined();
    // A ticket presented with another tracking code is spent: it cannot be tried again.
    expect(otherCode).toBeUndefined();
    expect(afterOtherCode).toBeUndefined();
    expect(storedWhileWaiting).not.toContain('oCitizen0001');
    expect(storedWhileWaiting).not.toContain(secondTicket);
    expect(redeemed).toBe('oCitizen0001');
    expect(replayed).toBeUndefined();
    expect(late).toBeUndefined();
    // Nothing of the citizen lands on an account.
    expect(accounts.events).toEqual([]);
  });

  it('does not take a ticket for a state: the callback refuses it like an unknown state', async () => {
    // prepare
    const { ports } = world();
    wechat.state.user = 'oCitizen0001';
    const back = await openInWechat((await startWechatBinding(ports, { kind: 'tracking', trackingCode: 'K7PQ-3MXD' }, now)).authorizeUrl);
    const { ticket } = (await completeWechatBinding(ports, { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! }, now))!;
    // act
    const asState = await completeWechatBinding(ports, { code: 'whatever', state: ticket! }, now);
    // assess
    expect(asState).toBeUndefined();
  });
});

describe("identity's access to the official account's secret", () => {
  it('is granted the secret the config names only where the city opened binding', () => {
    // prepare
    const demo = loadCityConfig('demo');
    const cityWith = (webAuthorization: boolean) => ({
      ...demo,
      notifications: { ...demo.notifications, channels: { wechat: { secretName: SECRET_NAME, templates: {}, webAuthorization } } },
    });
    // act
    const open = identityService.externalAccess?.(cityWith(true));
    const closed = identityService.externalAccess?.(cityWith(false));
    const none = identityService.externalAccess?.(demo);
    // assess
    expect(open?.secrets).toEqual([SECRET_NAME]);
    expect(closed?.secrets).toEqual([]);
    expect(none?.secrets).toEqual([]);
  });
});
