import { SendEmailCommand, SESv2Client, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import type { SendOutcome } from '../../domain/delivery.ts';
import type { ChannelSender, OutboundMessage } from '../../ports.ts';
import { outcomeOfTransportError, transportErrorOf } from './transport.ts';

/** E-mail through Amazon SES (v2): the verified sender and, optionally, a configuration set. */
export interface EmailConfig {
  from: string;
  configurationSet?: string;
}

/**
 * The SES v2 `SendEmail` input: a simple message, plain text in UTF-8, the link under the text.
 * https://docs.aws.amazon.com/ses/latest/APIReference-V2/API_SendEmail.html
 */
export function sendEmailInput(message: Pick<OutboundMessage, 'to' | 'title' | 'text' | 'link'>, config: EmailConfig): SendEmailCommandInput {
  const text = message.link ? `${message.text}\n\n${message.link}` : message.text;
  return {
    FromEmailAddress: config.from,
    Destination: { ToAddresses: [message.to] },
    Content: {
      Simple: {
        Subject: { Data: message.title, Charset: 'UTF-8' },
        Body: { Text: { Data: text, Charset: 'UTF-8' } },
      },
    },
    ...(config.configurationSet ? { ConfigurationSetName: config.configurationSet } : {}),
  };
}

/** SES v2 errors worth retrying: throttling, the sending quota, the service's own faults. */
const RETRYABLE = new Set(['TooManyRequestsException', 'LimitExceededException', 'InternalServiceErrorException', 'ServiceUnavailable']);

/**
 * What an SES error means. An answer from SES (`$metadata.httpStatusCode`) is a refusal: retried
 * when throttled or failing on its side, final otherwise (`MessageRejected`, `BadRequestException`
 * for an invalid address, `MailFromDomainNotVerifiedException`, `AccountSuspendedException`,
 * `SendingPausedException`). No answer at all is a transport failure.
 */
export function sendEmailErrorOutcome(error: unknown): SendOutcome {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === undefined) return outcomeOfTransportError(transportErrorOf(error));
  const name = (error as Error).name;
  const code = /^\w{1,80}$/.test(name) ? name : `HTTP_${status}`;
  return { status: 'refused', retryable: status === 429 || status >= 500 || RETRYABLE.has(code), code };
}

/**
 * The e-mail channel over SES v2, signed with the function role's credentials (the stack grants
 * `ses:SendEmail` on the configured identity only). The client must not retry by itself
 * (`maxAttempts: 1`): a retried request may send twice, and retries are the delivery's to decide.
 */
export class SesEmailChannel implements ChannelSender {
  constructor(
    private readonly config: EmailConfig,
    private readonly client: Pick<SESv2Client, 'send'>,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    try {
      const { MessageId } = await this.client.send(new SendEmailCommand(sendEmailInput(message, this.config)));
      return { status: 'sent', provider: 'ses', ...(MessageId ? { providerMessageId: MessageId } : {}) };
    } catch (error) {
      return sendEmailErrorOutcome(error);
    }
  }
}

/** An SES v2 client that leaves retries to the delivery (see {@link SesEmailChannel}). */
export function sesClient(options: { endpoint?: string; region?: string } = {}): SESv2Client {
  return new SESv2Client({
    maxAttempts: 1,
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
}
