import { trackingView } from '../domain/views.ts';
import { completeWeChatNotices, startWeChatNotices, stopWeChatNotices, type WeChatNoticePorts } from '../use-cases/wechat-notices.ts';
import { openByToken } from './citizen.ts';
import { cipher, city, citizenWeChat, deps, http, messages } from './deps.ts';
import { trackingParams, wechatTicketBody } from './schemas.ts';

const ports: WeChatNoticePorts = { messages, wechat: citizenWeChat, cipher, city: city.name };
const noStore = { 'cache-control': 'no-store' };

/**
 * 微信接收进展通知, for the holder of the tracking token (the two routes without a body share one
 * function): `POST /v1/track/{trackingCode}/wechat/binding` answers 201 with the WeChat
 * authorization page to open inside WeChat, valid ten minutes, once; `DELETE
 * /v1/track/{trackingCode}/wechat` stops WeChat notices (SMS again if a phone was left).
 */
export const wechatNotices = http({ audience: 'citizen', params: trackingParams }, async ({ params, headers, event, requestId }) => {
  const stored = await openByToken(params.trackingCode, headers['x-tracking-token']);
  if (event.requestContext.http.method === 'DELETE') {
    const next = await stopWeChatNotices(ports, stored.message.messageId, { now: deps.now(), cause: { correlationId: requestId, causationId: requestId } });
    return { status: 200, body: trackingView(next), headers: noStore };
  }
  return { status: 201, body: await startWeChatNotices(ports, stored), headers: noStore };
});

/**
 * PUT /v1/track/{trackingCode}/wechat (holder of the token) `{ticket}`: back from WeChat, the ticket
 * the callback handed the page is redeemed once for the citizen's openid, kept encrypted with the
 * message; their later notices go to WeChat.
 */
export const wechatBound = http({ audience: 'citizen', params: trackingParams, body: wechatTicketBody }, async ({ params, headers, body, requestId }) => {
  const stored = await openByToken(params.trackingCode, headers['x-tracking-token']);
  const next = await completeWeChatNotices(ports, stored, body.ticket, { now: deps.now(), cause: { correlationId: requestId, causationId: requestId } });
  return { status: 200, body: trackingView(next), headers: noStore };
});
