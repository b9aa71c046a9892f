import { createHmac, randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SendOutcome } from '../../domain/delivery.ts';
import type { ChannelSender, OutboundMessage } from '../../ports.ts';
import { notConfigured } from './credentialed-channel.ts';
import { outcomeOfTransportError, percentEncode, type HttpTransport, type ProviderRequest } from './transport.ts';

/** Aliyun SMS (阿里云短信服务) account settings of a city. */
export interface AliyunSmsConfig {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  /** Our template id → the TemplateCode Aliyun approved for it. */
  templateCodes: Readonly<Record<string, string | undefined>>;
  endpoint?: string;
}

/** The secret (Secrets Manager, by the name in the city config) holding a RAM user's AccessKey. */
export const aliyunCredentials = z.object({ accessKeyId: z.string().min(1), accessKeySecret: z.string().min(1) });

const ENDPOINT = 'https://dysmsapi.aliyuncs.com/';

/**
 * Signs RPC-style parameters as Aliyun's POP API wants (signature version 1.0, HMAC-SHA1 with
 * `<secret>&`): https://help.aliyun.com/document_detail/101343.html
 */
export function aliyunSignature(params: Readonly<Record<string, string>>, accessKeySecret: string, method: 'GET' | 'POST'): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign, 'utf8').digest('base64');
}

/**
 * The `SendSms` request (API version 2017-05-25) for one message: `PhoneNumbers`, `SignName`,
 * `TemplateCode`, `TemplateParam` (the template's parameters as JSON) and `OutId` (our delivery id,
 * echoed in Aliyun's receipts), signed. https://help.aliyun.com/document_detail/419273.html
 */
export function sendSmsRequest(
  message: Pick<OutboundMessage, 'to' | 'template' | 'params' | 'deliveryId'>,
  config: AliyunSmsConfig,
  stamp: { nonce: string; timestamp: Date },
): ProviderRequest & { params: Record<string, string> } {
  const templateCode = config.templateCodes[message.template];
  if (!templateCode) throw new Error(`no Aliyun TemplateCode for template ${message.template}`);
  const params: Record<string, string> = {
    AccessKeyId: config.accessKeyId,
    Action: 'SendSms',
    Format: 'JSON',
    OutId: message.deliveryId,
    PhoneNumbers: message.to,
    RegionId: 'cn-hangzhou',
    SignName: config.signName,
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: stamp.nonce,
    SignatureVersion: '1.0',
    TemplateCode: templateCode,
    TemplateParam: JSON.stringify(message.params),
    Timestamp: stamp.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    Version: '2017-05-25',
  };
  const signed = { Signature: aliyunSignature(params, config.accessKeySecret, 'POST'), ...params };
  return {
    method: 'POST',
    url: config.endpoint ?? ENDPOINT,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: Object.entries(signed)
      .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
      .join('&'),
    params: signed,
  };
}

/**
 * Codes worth retrying: flow control (`isv.BUSINESS_LIMIT_CONTROL`, `Throttling.*`), the gateway's
 * own faults, a balance to top up. Everything else will not pass by retrying — notably an invalid
 * number (`isv.MOBILE_NUMBER_ILLEGAL`), a template not approved or unknown (`isv.SMS_TEMPLATE_ILLEGAL`),
 * a signature not approved (`isv.SMS_SIGNATURE_ILLEGAL`), a wrong AccessKey or signature.
 * https://help.aliyun.com/document_detail/101346.html
 */
const RETRYABLE = /^(isv\.BUSINESS_LIMIT_CONTROL|isv\.DAY_LIMIT_CONTROL|isv\.AMOUNT_NOT_ENOUGH|isp\.|Throttling|ServiceUnavailable|InternalError)/;

/** Aliyun's answer `{Code, Message, BizId, RequestId}`: `Code: "OK"` means the gateway took it. */
export function sendSmsOutcome(status: number, body: string): SendOutcome {
  let answer: { Code?: unknown; BizId?: unknown };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    return status >= 500 ? { status: 'refused', retryable: true, code: `HTTP_${status}` } : { status: 'unknown', code: `HTTP_${status}` };
  }
  const code = typeof answer.Code === 'string' ? answer.Code : `HTTP_${status}`;
  if (code === 'OK') return { status: 'sent', provider: 'aliyun-sms', ...(typeof answer.BizId === 'string' ? { providerMessageId: answer.BizId } : {}) };
  return { status: 'refused', retryable: RETRYABLE.test(code) || status >= 500, code };
}

/**
 * The Aliyun SMS channel. A template the city has no approved TemplateCode for is `not_configured`
 * (nothing is sent); the provider's answer is read by {@link sendSmsOutcome}.
 */
export class AliyunSmsChannel implements ChannelSender {
  constructor(
    private readonly config: AliyunSmsConfig,
    private readonly transport: HttpTransport,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    if (!this.config.templateCodes[message.template]) return notConfigured('NO_TEMPLATE');
    const request = sendSmsRequest(message, this.config, { nonce: randomUUID(), timestamp: this.clock() });
    try {
      const response = await this.transport(request);
      return sendSmsOutcome(response.status, response.body);
    } catch (error) {
      return outcomeOfTransportError(error);
    }
  }
}
