import type { SendOutcome } from '../../domain/delivery.ts';
import type { ChannelSender, OutboundMessage } from '../../ports.ts';
import { outcomeOfTransportError, type HttpTransport, type ProviderRequest } from './transport.ts';

/** A city's WeChat official account (公众号) settings. */
export interface WechatConfig {
  /** Our template id → the template_id registered on the official account. */
  templateIds: Readonly<Record<string, string | undefined>>;
  /** A current access_token (it expires every 2 h; the caller caches and refreshes it). */
  accessToken: () => Promise<string>;
  endpoint?: string;
}

const ENDPOINT = 'https://api.weixin.qq.com/cgi-bin/message/template/send';

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

/**
 * WeChat's answer `{errcode, errmsg, msgid}`. Retried: system busy (-1), API frequency (45009),
 * an expired access token (40001, 42001). Anything else (e.g. 43004 the user does not follow the
 * account) will not pass by retrying.
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
  return { status: 'refused', retryable: [-1, 45009, 40001, 42001].includes(errcode), code: `WECHAT_${errcode}` };
}

/** The WeChat template-message channel. Built, not wired: a city needs its account and a transport. */
export class WechatTemplateChannel implements ChannelSender {
  constructor(
    private readonly config: WechatConfig,
    private readonly transport: HttpTransport,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    try {
      const request = templateMessageRequest(message, this.config.templateIds, await this.config.accessToken(), this.config.endpoint);
      const response = await this.transport(request);
      return templateMessageOutcome(response.status, response.body);
    } catch (error) {
      return outcomeOfTransportError(error);
    }
  }
}
