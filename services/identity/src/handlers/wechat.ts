import { ROLES } from '../../../../shared/auth/caller.ts';
import { TRACKING_CODE_PATTERN } from '../../../../shared/api/tracking-code.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { WechatNotConfiguredError, type WechatBindingTarget } from '../ports.ts';
import { z } from 'zod';
import {
  completeWechatBinding,
  redeemWechatTicket,
  startWechatBinding,
  unbindWechat,
  wechatBindingView,
  type BindingOutcome,
} from '../use-cases/wechat-binding.ts';
import { accounts, deps, http, internal, wechatBinding } from './deps.ts';
import { wechatCallbackQuery } from './schemas.ts';

const noStore = { 'cache-control': 'no-store' };

const trackingCode = z.string().regex(TRACKING_CODE_PATTERN);

/**
 * The caller's own binding, one function for its three routes (each function costs the city's
 * monitoring stack two alarms): `GET /v1/me/wechat` whether it is bound and since when;
 * `POST /v1/me/wechat/binding` the WeChat authorization page to open (inside WeChat), with a state
 * bound to the caller's account for ten minutes, once — 409 `WECHAT_NOT_CONFIGURED` when the city
 * has not opened binding; `DELETE /v1/me/wechat` removes it, so nothing more reaches them on WeChat.
 */
export const own = http({ roles: ROLES }, async ({ caller, event }) => {
  const method = event.requestContext.http.method;
  if (method === 'POST') {
    const started = await notConfiguredAsConflict(() => startWechatBinding(wechatBinding, { kind: 'account', username: caller.username }, deps.now()));
    return { status: 201, body: started, headers: noStore };
  }
  if (method === 'DELETE') {
    await unbindWechat(wechatBinding, caller.username, deps.now());
    return { status: 204 };
  }
  const account = await accounts.get(caller.username);
  if (!account) throw new NotFoundError('No such account.');
  return { status: 200, body: wechatBindingView(account), headers: noStore };
});

/**
 * GET /v1/wechat/oauth/callback (public; WeChat sends the browser here): takes the state, exchanges
 * the code for the openid, stores it, and sends the browser back to where the binding started with
 * its outcome. A state unknown, used or expired binds nothing and answers a page saying so.
 */
export const callback = http({ query: wechatCallbackQuery }, async ({ query, headers }) => {
  const completed = await completeWechatBinding(wechatBinding, query, deps.now());
  if (!completed) {
    // A browser (WeChat's) reads a page; any other client gets the API's error shape.
    if (headers.accept?.includes('text/html')) return { status: 400, body: EXPIRED_PAGE, contentType: 'text/html; charset=utf-8', headers: noStore };
    throw new InvalidInputError('The binding link is unknown, already used or expired.', [{ path: 'state', message: 'unknown, used or expired' }]);
  }
  deps.logger.info('wechat binding returned', { kind: completed.target.kind, outcome: completed.outcome });
  return { status: 302, headers: { ...noStore, location: returnPath(completed.target, completed.outcome, completed.ticket) } };
});

/**
 * Internal function `citizen-wechat` (only messaging may invoke it), for a citizen's tracking page
 * (微信接收进展通知), whose token messaging has checked: `start` gives the WeChat authorization page
 * for the tracking code (`{notConfigured: true}` when the city has not opened binding); `redeem`
 * gives, once, the openid WeChat returned under the ticket the callback handed the browser.
 */
export const citizenWechat = internal(
  {
    name: 'citizen-wechat',
    input: z.discriminatedUnion('action', [
      z.object({ action: z.literal('start'), trackingCode }).strict(),
      z.object({ action: z.literal('redeem'), trackingCode, ticket: z.string().regex(/^[A-Za-z0-9_-]{43}$/) }).strict(),
    ]),
  },
  async (request): Promise<{ authorizeUrl: string; expiresAt: string } | { notConfigured: true } | { openId?: string }> => {
    if (request.action === 'redeem') {
      const openId = await redeemWechatTicket(wechatBinding, request, deps.now());
      return openId ? { openId } : {};
    }
    try {
      return await startWechatBinding(wechatBinding, { kind: 'tracking', trackingCode: request.trackingCode }, deps.now());
    } catch (error) {
      if (error instanceof WechatNotConfiguredError) return { notConfigured: true };
      throw error;
    }
  },
);

/**
 * Where the browser goes back to: the console's settings, or the citizen's tracking page with the
 * ticket its page redeems through messaging (the token stays in the browser: it is never in a URL
 * that reaches a server).
 */
function returnPath(target: WechatBindingTarget, outcome: BindingOutcome, ticket?: string): string {
  const result = `wechat=${outcome}${ticket ? `&ticket=${ticket}` : ''}`;
  return target.kind === 'account' ? `/console/#/preferences?${result}` : `/t/${encodeURIComponent(target.trackingCode)}?${result}`;
}

async function notConfiguredAsConflict<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WechatNotConfiguredError) throw new ConflictError('This city has no WeChat official account.', 'WECHAT_NOT_CONFIGURED');
    throw error;
  }
}

const EXPIRED_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>链接已失效</title></head>
<body><main><h1>链接已失效</h1><p>这个微信绑定链接已使用过或已过期，请回到原页面重新点击绑定。</p></main></body></html>`;
