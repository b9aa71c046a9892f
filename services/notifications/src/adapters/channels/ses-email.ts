import type { SendOutcome } from '../../domain/delivery.ts';
import type { ChannelSender, OutboundMessage } from '../../ports.ts';
import { outcomeOfTransportError, type HttpTransport, type ProviderRequest } from './transport.ts';

/** E-mail through an SES-like API. */
export interface EmailConfig {
  from: string;
  endpoint: string;
}

/**
 * The SES `SendEmail` body `{Source, Destination, Message}` (the same shape other providers accept),
 * plain text in UTF-8. https://docs.aws.amazon.com/ses/latest/APIReference/API_SendEmail.html
 */
export function sendEmailRequest(
  message: Pick<OutboundMessage, 'to' | 'title' | 'text' | 'link'>,
  config: EmailConfig,
): ProviderRequest & { json: Record<string, unknown> } {
  const text = message.link ? `${message.text}\n\n${message.link}` : message.text;
  const json = {
    Source: config.from,
    Destination: { ToAddresses: [message.to] },
    Message: {
      Subject: { Data: message.title, Charset: 'UTF-8' },
      Body: { Text: { Data: text, Charset: 'UTF-8' } },
    },
  };
  return { method: 'POST', url: config.endpoint, headers: { 'content-type': 'application/json' }, body: JSON.stringify(json), json };
}

/** `{MessageId}` on success; throttling and the service's own faults are worth retrying, a rejection is not. */
export function sendEmailOutcome(status: number, body: string): SendOutcome {
  let answer: { MessageId?: unknown; __type?: unknown; Error?: { Code?: unknown } };
  try {
    answer = JSON.parse(body) as typeof answer;
  } catch {
    answer = {};
  }
  if (status === 200 && typeof answer.MessageId === 'string') return { status: 'sent', provider: 'email', providerMessageId: answer.MessageId };
  const type = answer.Error?.Code ?? answer.__type;
  const code = typeof type === 'string' ? type.split('#').pop()! : `HTTP_${status}`;
  return { status: 'refused', retryable: status === 429 || status >= 500 || /Throttling|ServiceUnavailable/.test(code), code };
}

/** The e-mail channel. Built, not wired: a city needs a verified sender and a signed transport. */
export class EmailChannel implements ChannelSender {
  constructor(
    private readonly config: EmailConfig,
    private readonly transport: HttpTransport,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    try {
      const response = await this.transport(sendEmailRequest(message, this.config));
      return sendEmailOutcome(response.status, response.body);
    } catch (error) {
      return outcomeOfTransportError(error);
    }
  }
}
