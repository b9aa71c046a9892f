import type { NotificationsConfig } from '../../../../../shared/city/notifications.ts';
import type { ExternalChannel } from '../../domain/channels.ts';
import type { SendOutcome } from '../../domain/delivery.ts';
import { maskAddress } from '../../domain/views.ts';
import type { ChannelSender, OutboundMessage } from '../../ports.ts';
import { sendSmsRequest } from './aliyun-sms.ts';
import { sendEmailInput } from './ses-email.ts';
import { templateMessageRequest } from './wechat-template.ts';

/** What the recording channel kept of one send: the provider request it would have made, address masked. */
export interface RecordedSend {
  deliveryId: string;
  channel: ExternalChannel;
  to: string;
  template: string;
  request: unknown;
  at: string;
}

/**
 * Failure injection for tests and demos (local platform): `MINQING_LOCAL_CHANNEL_FAILURES` is a
 * JSON list of rules `{"channel"?: "sms", "to": "<regex on the address>", "times"?: 2,
 * "outcome"?: "refused" | "unknown"}`. A matching send fails `times` times per address (always
 * without `times`): `refused` is a retryable refusal (the gateway was busy), `unknown` an answer
 * that never came. Changing the variable starts the counts again.
 */
export const FAILURES_ENV = 'MINQING_LOCAL_CHANNEL_FAILURES';

interface FailureRule {
  channel?: ExternalChannel;
  to: RegExp;
  times?: number;
  outcome: 'refused' | 'unknown';
}

const MAX_RECORDED = 1000;
const recorded: RecordedSend[] = [];
let rules: { raw: string; rules: FailureRule[]; counts: Map<string, number> } = { raw: '', rules: [], counts: new Map() };

/** The sends recorded in this process, oldest first (at most the last thousand). */
export function recordedSends(): readonly RecordedSend[] {
  return recorded;
}

function failureRules(env: NodeJS.ProcessEnv): typeof rules {
  const raw = env[FAILURES_ENV] ?? '';
  if (raw === rules.raw) return rules;
  const parsed = raw ? (JSON.parse(raw) as { channel?: ExternalChannel; to: string; times?: number; outcome?: 'refused' | 'unknown' }[]) : [];
  rules = { raw, rules: parsed.map((r) => ({ ...r, to: new RegExp(r.to), outcome: r.outcome ?? 'refused' })), counts: new Map() };
  return rules;
}

function injectedFailure(channel: ExternalChannel, to: string, env: NodeJS.ProcessEnv): SendOutcome | undefined {
  const current = failureRules(env);
  for (const [index, rule] of current.rules.entries()) {
    if ((rule.channel && rule.channel !== channel) || !rule.to.test(to)) continue;
    const key = `${index}|${channel}|${to}`;
    const failed = current.counts.get(key) ?? 0;
    if (rule.times !== undefined && failed >= rule.times) continue;
    current.counts.set(key, failed + 1);
    return rule.outcome === 'unknown' ? { status: 'unknown', code: 'INJECTED_TIMEOUT' } : { status: 'refused', retryable: true, code: 'INJECTED_BUSY' };
  }
  return undefined;
}

/**
 * The local platform's stand-in for an external channel: it builds the request the real provider
 * adapter would send — with the address already masked, so no phone is ever kept — records it, and
 * reports it sent. Nothing leaves the machine.
 */
export class RecordingChannel implements ChannelSender {
  private sequence = 0;

  constructor(
    private readonly channel: ExternalChannel,
    private readonly config: NotificationsConfig['channels'],
    private readonly clock: () => Date = () => new Date(),
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async send(message: OutboundMessage): Promise<SendOutcome> {
    const masked = maskAddress(this.channel, message.to);
    const failure = injectedFailure(this.channel, message.to, this.env);
    if (failure) return { ...failure, addressMasked: masked } as SendOutcome;
    const entry: RecordedSend = {
      deliveryId: message.deliveryId,
      channel: this.channel,
      to: masked,
      template: message.template,
      request: this.requestShape({ ...message, to: masked }),
      at: this.clock().toISOString(),
    };
    recorded.push(entry);
    if (recorded.length > MAX_RECORDED) recorded.shift();
    return { status: 'sent', provider: 'local', providerMessageId: `local-${this.channel}-${++this.sequence}`, addressMasked: masked };
  }

  /** The provider's request for this message (placeholder credentials); undefined where the city registered no template. */
  private requestShape(message: OutboundMessage): unknown {
    try {
      switch (this.channel) {
        case 'sms': {
          const sms = this.config.sms;
          if (!sms) return undefined;
          const config = { accessKeyId: 'local', accessKeySecret: 'local', signName: sms.signName, templateCodes: sms.templates };
          return sendSmsRequest(message, config, { nonce: message.deliveryId, timestamp: this.clock() }).params;
        }
        case 'wechat':
          return templateMessageRequest(message, this.config.wechat?.templates ?? {}, 'local').json;
        case 'email':
          return this.config.email ? sendEmailInput(message, { from: this.config.email.from }) : undefined;
      }
    } catch {
      return undefined;
    }
  }
}
