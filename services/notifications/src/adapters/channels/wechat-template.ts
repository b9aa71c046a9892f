import { z } from 'zod';
import type { SendOutcome } from '../../domain/delivery.ts';
import type { ChannelSender, OutboundMessage } from '../../ports.ts';
import { notConfigured } from './credentialed-channel.ts';
import { outcomeOfTransportError, TransportError, type HttpTransport, type ProviderRequest } from './transport.ts';

/** The secret (Secrets Manager, by the name in the city config) holding the official account's AppID and AppSecret. */
export const wechatCredentials = z.object({ appId: z.string().min(1), appSecret: z.string().min(1) });
export type WechatCredentials = z.output<typeof wechatCredentials>;

/** A city's WeChat official account (公众号) settings. */
export interface WechatConfig {
  /** Our template id → the template_id registered on the official account. */
  templateIds: Readonly<Record<string, string | undefined>>;
  /** A current access_token (see {@link WechatAccessTokens}). */
  accessToken: () => Promise<string>;
  /** Forgets the current token: WeChat said it expired or was replaced. */
  forgetToken?: () => void;
  /** The API's base URL (`https://api.weixin.qq.com`). */
  endpoint?: string;
}

export const WECHAT_API = 'https://api.weixin.qq.com';
const ENDPOINT = `${WECHAT_API}/cgi-bin/message/template/send`;

/** WeChat refused to issue an access token (`errcode`), or answered nothing usable. */
export class WechatTokenError extends Error {
  constructor(readonly errcode: number) {
    super(`WeChat issued no access token (errcode ${errcode})`);
    this.name = 'WechatTokenError';
  }
}

/** Official accounts' tokens of this process, by AppID (one account per city). */
const tokens = new Map<string, { token: Promise<string>; expiresAt: number }>();

/**
 * The official account's access token, cached per account until five minutes before it expires.
 * It comes from `POST /cgi-bin/stable_token`, which hands every caller the same token while it is
 * valid — so concurrent functions do not invalidate each other's token, as `/cgi-bin/token` would.
 * https://developers.weixin.qq.com/doc/offiaccount/Basic_Information/getStableAccessToken.html
 */
export class WechatAccessTokens {
  constructor(
    private readonly credentials: WechatCredentials,
    private readonly transport: HttpTransport,
    private readonly clock: () => Date = () => new Date(),
    private readonly endpoint = WECHAT_API,
  ) {}

  get(): Promise<string> {
    const cached = tokens.get(this.credentials.appId);
    if (cached && cached.expiresAt > this.clock().getTime()) return cached.token;
    const entry = { token: this.fetch(cached !== undefined), expiresAt: Number.POSITIVE_INFINITY };
    tokens.set(this.credentials.appId, entry);
    entry.token.then(
      () => undefined,
      () => {
        if (tokens.get(this.credentials.appId) === entry) tokens.delete(this.credentials.appId);
      },
    );
    return entry.token;
  }

  /** Drops the cached token; the next send asks for a fresh one. */
  forget(): void {
    tokens.delete(this.credentials.appId);
  }

  private async fetch(forceRefresh: boolean): Promise<string> {
    const body = JSON.stringify({
      grant_type: 'client_credential',
      appid: this.credentials.appId,
      secret: this.credentials.appSecret,
      force_refresh: forceRefresh,
    });
    const response = await this.transport({
      method: 'POST',
      url: `${this.endpoint}/cgi-bin/stable_token`,
      headers: { 'content-type': 'application/json' },
      body,
    });
    let answer: { access_token?: unknown; expires_in?: unknown; errcode?: unknown };
    try {
      answer = JSON.parse(response.body) as typeof answer;
    } catch {
      throw new WechatTokenError(-1);
    }
    if (typeof answer.access_token !== 'string' || !answer.access_token) throw new WechatTokenError(typeof answer.errcode === 'number' ? answer.errcode : -1);
    const lifetime = typeof answer.expires_in === 'number' ? answer.expires_in : 7200;
    const entry = tokens.get(this.credentials.appId);
    if (entry) entry.expiresAt = this.clock().getTime() + Math.max(0, lifetime - 300) * 1000;
    return answer.access_token;
  }
}

/**
 * The template message request: `POST /cgi-bin/message/template/send?access_token=…` with
 * `{touser, template_id, url, data: {key: {value}}}`. The data keys must match the template
 * registered on the account; ours fill `first` (heading), `keyword1` (the text) and `remark`.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Template_Message_Interface.html
 */
export function templateMessageRequest(
  message: Pick<OutboundMessage, 'to' | 'template' | 'title' | 'text' | 'link'>,
  templateIds: WechatConfig['templateIds'],
  accessToken: string,
  endpoint = ENDPOINT,
): ProviderRequest & { json: Record<string, unknown> } {
  const templateId = templateIds[message.template];
  if (!templateId) throw new Error(`no WeChat template_id for template ${message.template}`);
  const json = {
    touser: message.to,
    template_id: templateId,
    ...(message.link ? { url: message.link } : {}),
    data: {
      first: { value: message.title },
      keyword1: { value: message.text },
      remark: { value: message.link ? '点击查看详情' : '' },
    },
  };
  return {
    method: 'POST',
    url: `${endpoint}?access_token=${encodeURIComponent(accessToken)}`,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify(json),
    json,
  };
}

/** Answers that mean the access token is no longer good: it is fetched again. */
const TOKEN_REJECTED = [40001, 40014, 42001];
/** Worth retrying: system busy (-1), API frequency or quota (45009, 45011), a token to renew. */
const RETRYABLE = [-1, 45009, 45011, ...TOKEN_REJECTED];

/**
 * WeChat's answer `{errcode, errmsg, msgid}`. Retried: see RETRYABLE. Anything else will not pass
 * by retrying: 40003 an invalid openid, 43004 the user does not follow the account, 40037 a
 * template_id not (or no longer) on the account.
 */
export function templateMessageOutcome(status: number, body: string): SendOutcome {
  let answer: { errcode?: unknown; msgid?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return { status: 'refused', retryable: status >= 500, code: `HTTP_${status}` };
  }
  const errcode = typeof answer.errcode === 'number' ? answer.errcode : -1;
  if (errcode === 0) return { status: 'sent', provider: 'wechat', ...(answer.msgid !== undefined ? { providerMessageId: String(answer.msgid) } : {}) };
  return { status: 'refused', retryable: RETRYABLE.includes(errcode), code: `WECHAT_${errcode}` };
}

/** The WeChat template-message channel; a template without a template_id on the account is `not_configured`. */
export class WechatTemplateChannel implements ChannelSender {
  constructor(
    private readonly config: WechatConfig,
    private readonly transport: HttpTransport,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    if (!this.config.templateIds[message.template]) return notConfigured('NO_TEMPLATE');
    let token: string;
    try {
      token = await this.config.accessToken();
    } catch (error) {
      // No message has left yet: whatever went wrong getting the token, trying again is safe.
      if (error instanceof WechatTokenError) return { status: 'refused', retryable: RETRYABLE.includes(error.errcode), code: `WECHAT_TOKEN_${error.errcode}` };
      return { status: 'refused', retryable: true, code: error instanceof TransportError ? error.code : 'WECHAT_TOKEN' };
    }
    const endpoint = `${this.config.endpoint ?? WECHAT_API}/cgi-bin/message/template/send`;
    try {
      const response = await this.transport(templateMessageRequest(message, this.config.templateIds, token, endpoint));
      const outcome = templateMessageOutcome(response.status, response.body);
      if (outcome.status === 'refused' && TOKEN_REJECTED.some((code) => outcome.code === `WECHAT_${code}`)) this.config.forgetToken?.();
      return outcome;
    } catch (error) {
      return outcomeOfTransportError(error);
    }
  }
}
