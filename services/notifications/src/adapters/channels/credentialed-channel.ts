import type { z } from 'zod';
import type { SendOutcome } from '../../domain/delivery.ts';
import type { ChannelSender, OutboundMessage } from '../../ports.ts';
import { SecretUnavailableError, type SecretSource } from '../../../../../shared/secrets/secret-source.ts';

/** A channel the city has not given what it needs (credentials, a template code): nothing is sent. */
export const notConfigured = (code: string): SendOutcome => ({ status: 'not_configured', code });

/** The channel of a city without credentials for it (the demo city in AWS): every send is `not_configured`. */
export class NotConfiguredChannel implements ChannelSender {
  constructor(private readonly code = 'NO_CREDENTIALS') {}

  async send(): Promise<SendOutcome> {
    return notConfigured(this.code);
  }
}

/**
 * A provider channel built from credentials read by secret name at its first send (once per cold
 * start; a failed read is tried again on the next send). A missing or malformed secret makes every
 * send `not_configured`; a secret that cannot be read now is a refusal worth retrying.
 */
export class CredentialedChannel<S extends z.ZodType> implements ChannelSender {
  private sender: Promise<ChannelSender | SendOutcome> | undefined;

  constructor(
    private readonly secrets: SecretSource,
    private readonly secretName: string,
    private readonly schema: S,
    private readonly build: (credentials: z.output<S>) => ChannelSender,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    let sender: ChannelSender | SendOutcome;
    try {
      sender = await this.resolve();
    } catch (error) {
      return { status: 'refused', retryable: true, code: error instanceof SecretUnavailableError ? error.code : 'SECRET_UNAVAILABLE' };
    }
    return 'send' in sender ? sender.send(message) : sender;
  }

  private resolve(): Promise<ChannelSender | SendOutcome> {
    if (!this.sender) {
      const pending = this.secrets.json(this.secretName).then((value) => {
        if (value === undefined) return notConfigured('NO_CREDENTIALS');
        const parsed = this.schema.safeParse(value);
        return parsed.success ? this.build(parsed.data) : notConfigured('SECRET_MALFORMED');
      });
      this.sender = pending;
      pending.catch(() => {
        if (this.sender === pending) this.sender = undefined;
      });
    }
    return this.sender;
  }
}
