import { createHash } from 'node:crypto';
import type { FieldCipher } from '../../../../shared/crypto/field-cipher.ts';
import { AccountWeChatBound, AccountWeChatUnbound } from '../../../../shared/events/identity/index.ts';
import { createEvent } from '../../../../shared/events/envelope.ts';
import { NotFoundError } from '../../../../shared/runtime/errors.ts';
import { withOptimisticRetry } from '../../../../shared/store/optimistic.ts';
import { personalFields } from '../domain/personal-fields.ts';
import {
  WechatCodeRefusedError,
  WechatNotConfiguredError,
  type AccountStore,
  type StoredAccount,
  type WechatBindingTarget,
  type WechatStateStore,
  type WechatWebAuth,
} from '../ports.ts';

/** How long the browser has to come back from WeChat with the code. */
export const WECHAT_STATE_TTL_SECONDS = 10 * 60;

/** The public path WeChat sends the browser back to (under the city's `publicBaseUrl`). */
export const WECHAT_CALLBACK_PATH = '/v1/wechat/oauth/callback';

/** What the binding needs of the outside world; `random` gives cryptographically random bytes. */
export interface WechatBindingPorts {
  accounts: Pick<AccountStore, 'get' | 'save' | 'audit'>;
  states: WechatStateStore;
  wechat: WechatWebAuth;
  cipher: Pick<FieldCipher, 'encrypt' | 'decrypt'>;
  city: { name: string; publicBaseUrl: string };
  random: (bytes: number) => Uint8Array;
}

/** The outcome of WeChat's return, as the page the browser lands on shows it. */
export type BindingOutcome = 'bound' | 'refused' | 'not_configured';

/** An account's WeChat binding as its holder sees it: never the openid. */
export function wechatBindingView(account: { wechatOpenIdEncrypted?: string; wechatBoundAt?: string }): { bound: boolean; boundAt?: string } {
  return account.wechatOpenIdEncrypted ? { bound: true, ...(account.wechatBoundAt ? { boundAt: account.wechatBoundAt } : {}) } : { bound: false };
}

/**
 * 绑定微信, first step: the authorization page to send the browser to, with a `state` that stands for
 * this binding — 256 random bits, only their hash stored, valid for ten minutes and taken (deleted)
 * by the first return, so a replayed or forged state binds nothing.
 */
export async function startWechatBinding(
  ports: Pick<WechatBindingPorts, 'states' | 'wechat' | 'city' | 'random'>,
  target: WechatBindingTarget,
  now: Date,
): Promise<{ authorizeUrl: string; expiresAt: string }> {
  const state = Buffer.from(ports.random(32)).toString('base64url');
  const expiresAt = Math.floor(now.getTime() / 1000) + WECHAT_STATE_TTL_SECONDS;
  // Asked first: a city without WeChat stores nothing.
  const authorizeUrl = await ports.wechat.authorizeUrl(`${ports.city.publicBaseUrl.replace(/\/+$/, '')}${WECHAT_CALLBACK_PATH}`, state);
  await ports.states.put(stateHash(state), target, expiresAt);
  return { authorizeUrl, expiresAt: new Date(expiresAt * 1000).toISOString() };
}

/**
 * WeChat's return with `code` and `state`: the state is taken (once), the code exchanged for the
 * openid, and the openid stored encrypted where the state says — on the account; or, for a
 * citizen's tracking page, under a one-time `ticket` the browser carries back to the page, which
 * messaging redeems ({@link redeemWechatTicket}) to keep the openid with the message. Identity never
 * calls messaging: messaging asks. Undefined when the state is unknown, used or expired.
 */
export async function completeWechatBinding(
  ports: WechatBindingPorts,
  request: { code?: string; state?: string },
  now: Date,
): Promise<{ target: WechatBindingTarget; outcome: BindingOutcome; ticket?: string } | undefined> {
  if (!request.state) return undefined;
  const taken = await ports.states.take(stateHash(request.state));
  if (!taken || taken.target.kind === 'ticket' || taken.expiresAt <= now.getTime() / 1000) return undefined;
  const { target } = taken;
  if (!request.code) return { target, outcome: 'refused' };
  let openId: string;
  try {
    openId = await ports.wechat.openIdOf(request.code);
  } catch (error) {
    if (error instanceof WechatCodeRefusedError) return { target, outcome: 'refused' };
    if (error instanceof WechatNotConfiguredError) return { target, outcome: 'not_configured' };
    throw error;
  }
  if (target.kind === 'tracking') return { target, outcome: 'bound', ticket: await issueTicket(ports, target.trackingCode, openId, now) };
  await bindAccount(ports, target.username, openId, now);
  return { target, outcome: 'bound' };
}

/**
 * The openid WeChat returned for a citizen's tracking page, once, to messaging: the ticket must be
 * the one issued for this tracking code, unused and within its ten minutes. Undefined otherwise.
 */
export async function redeemWechatTicket(
  ports: Pick<WechatBindingPorts, 'states' | 'cipher'>,
  request: { trackingCode: string; ticket: string },
  now: Date,
): Promise<string | undefined> {
  const hash = stateHash(request.ticket);
  const taken = await ports.states.take(hash);
  if (!taken || taken.target.kind !== 'ticket' || taken.expiresAt <= now.getTime() / 1000) return undefined;
  if (taken.target.trackingCode !== request.trackingCode) return undefined;
  return ports.cipher.decrypt(taken.target.openIdEncrypted, personalFields.wechatTicket(hash));
}

/** Keeps the openid encrypted under a fresh random ticket (only its hash stored) for ten minutes. */
async function issueTicket(ports: WechatBindingPorts, trackingCode: string, openId: string, now: Date): Promise<string> {
  const ticket = Buffer.from(ports.random(32)).toString('base64url');
  const hash = stateHash(ticket);
  const openIdEncrypted = await ports.cipher.encrypt(openId, personalFields.wechatTicket(hash));
  await ports.states.put(hash, { kind: 'ticket', trackingCode, openIdEncrypted }, Math.floor(now.getTime() / 1000) + WECHAT_STATE_TTL_SECONDS);
  return ticket;
}

/** 解除绑定: the openid is removed from the account; nothing more goes to its WeChat. */
export async function unbindWechat(ports: Pick<WechatBindingPorts, 'accounts' | 'city'>, username: string, now: Date): Promise<void> {
  await changeBinding(ports, username, now, 'wechat_unbound', (account) => ({ ...account, wechatOpenIdEncrypted: undefined, wechatBoundAt: undefined }));
}

async function bindAccount(ports: WechatBindingPorts, username: string, openId: string, now: Date): Promise<void> {
  const wechatOpenIdEncrypted = await ports.cipher.encrypt(openId, personalFields.contact('account', username, 'wechat'));
  await changeBinding(ports, username, now, 'wechat_bound', (account) => ({ ...account, wechatOpenIdEncrypted, wechatBoundAt: now.toISOString() }));
}

/** Saves the account's next binding with its event (no token is revoked: nothing about access changed), then audits it. */
async function changeBinding(
  ports: { accounts: Pick<AccountStore, 'get' | 'save' | 'audit'>; city: { name: string } },
  username: string,
  now: Date,
  change: 'wechat_bound' | 'wechat_unbound',
  next: (account: StoredAccount) => StoredAccount,
): Promise<void> {
  const contract = change === 'wechat_bound' ? AccountWeChatBound : AccountWeChatUnbound;
  const event = await withOptimisticRetry(async () => {
    const stored = await ports.accounts.get(username);
    if (!stored) throw new NotFoundError('No such account.');
    if (change === 'wechat_unbound' && !stored.wechatOpenIdEncrypted) return undefined;
    const event = createEvent(contract, { username }, { city: ports.city.name, now });
    await ports.accounts.save(stored, next(stored), [event]);
    return event;
  });
  if (event) await ports.accounts.audit({ username, at: now.toISOString(), by: username, change, eventId: event.detail.metadata.eventId });
}

function stateHash(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}
