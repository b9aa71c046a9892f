import { createHmac } from 'node:crypto';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import type { NotificationsConfig } from '../../../../../shared/city/notifications.ts';
import type { ExternalChannel } from '../../domain/channels.ts';
import { maskAddress } from '../../domain/views.ts';
import type { ChannelSender, ChannelSenders } from '../../ports.ts';
import { aliyunCredentials, AliyunSmsChannel } from './aliyun-sms.ts';
import { CredentialedChannel, NotConfiguredChannel } from './credentialed-channel.ts';
import { DailyCappedChannel, type DailyCounter } from './daily-cap.ts';
import { RecordingChannel } from './recording-channel.ts';
import type { SecretSource } from '../../../../../shared/secrets/secret-source.ts';
import { sesClient, SesEmailChannel } from './ses-email.ts';
import { fetchTransport, type HttpTransport } from './transport.ts';
import { WechatAccessTokens, wechatCredentials, WechatTemplateChannel } from './wechat-template.ts';

/** How a channel is wired: to its provider, to the local recording, or to nothing. */
export type ChannelMode = 'provider' | 'recording' | 'not_configured';

export interface ChannelWiring {
  config: NotificationsConfig;
  timeZone: string;
  /** On the local platform a channel records unless the config points it at an endpoint. */
  local: boolean;
  secrets: SecretSource;
  counter: DailyCounter;
  clock: () => Date;
  transport?: HttpTransport;
  email?: (endpoint: string | undefined) => Pick<SESv2Client, 'send'>;
  env?: NodeJS.ProcessEnv;
}

/**
 * The city's external channels. In AWS a channel goes to its provider when the city config gives
 * what it needs — a secret by reference for SMS and WeChat, a verified SES identity for e-mail —
 * and is `not_configured` otherwise (the demo city). Locally it records, unless the config names
 * an endpoint (a test's fake provider), when it goes there exactly as it would in AWS.
 */
export function channelSenders(wiring: ChannelWiring): { senders: ChannelSenders; modes: Readonly<Record<ExternalChannel, ChannelMode>> } {
  const { channels } = wiring.config;
  const transport = wiring.transport ?? fetchTransport();
  const modes = {} as Record<ExternalChannel, ChannelMode>;
  const pick = (channel: ExternalChannel, endpoint: string | undefined, ready: boolean, build: () => ChannelSender): ChannelSender => {
    if (wiring.local && endpoint === undefined) {
      modes[channel] = 'recording';
      return new RecordingChannel(channel, channels, wiring.clock, wiring.env);
    }
    modes[channel] = ready ? 'provider' : 'not_configured';
    return ready ? maskingAddress(channel, build()) : new NotConfiguredChannel();
  };

  const { sms, wechat, email } = channels;
  const senders: ChannelSenders = {
    sms: pick(
      'sms',
      sms?.endpoint,
      Boolean(sms?.secretName),
      () =>
        new CredentialedChannel(
          wiring.secrets,
          sms!.secretName!,
          aliyunCredentials,
          (credentials) =>
            new DailyCappedChannel(
              new AliyunSmsChannel(
                { ...credentials, signName: sms!.signName, templateCodes: sms!.templates, endpoint: sms!.endpoint },
                transport,
                wiring.clock,
              ),
              wiring.counter,
              {
                perPhonePerDay: wiring.config.textsPerPhonePerDay,
                timeZone: wiring.timeZone,
                hashKey: textCapKey(credentials.accessKeySecret),
                clock: wiring.clock,
              },
            ),
        ),
    ),
    wechat: pick(
      'wechat',
      wechat?.endpoint,
      Boolean(wechat?.secretName),
      () =>
        new CredentialedChannel(wiring.secrets, wechat!.secretName!, wechatCredentials, (credentials) => {
          const tokens = new WechatAccessTokens(credentials, transport, wiring.clock, wechat!.endpoint);
          return new WechatTemplateChannel(
            { templateIds: wechat!.templates, accessToken: () => tokens.get(), forgetToken: () => tokens.forget(), endpoint: wechat!.endpoint },
            transport,
          );
        }),
    ),
    email: pick(
      'email',
      email?.endpoint,
      Boolean(email?.identity) || (wiring.local && email?.endpoint !== undefined),
      () =>
        new SesEmailChannel(
          { from: email!.from, configurationSet: email!.configurationSet },
          (wiring.email ?? ((endpoint) => sesClient({ endpoint })))(email!.endpoint),
        ),
    ),
  };
  return { senders, modes };
}

/** Reports where a provider send went, masked (`139****5678`), for the delivery log. */
function maskingAddress(channel: ExternalChannel, sender: ChannelSender): ChannelSender {
  return {
    async send(message) {
      const outcome = await sender.send(message);
      return outcome.status === 'no_address' || outcome.status === 'not_configured' ? outcome : { ...outcome, addressMasked: maskAddress(channel, message.to) };
    },
  };
}

/**
 * The key of the daily text counter's hashes, derived from the SMS AccessKey secret: no further
 * secret to keep, and a phone's hash means nothing without it. Rotating the AccessKey starts the
 * day's counts afresh, once.
 */
function textCapKey(accessKeySecret: string): Buffer {
  return createHmac('sha256', accessKeySecret).update('minqing daily text cap', 'utf8').digest();
}
