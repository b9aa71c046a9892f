import { randomBytes } from 'node:crypto';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { internalInvoker } from '../../../../shared/runtime/invoke.ts';
import { ENV } from '../../../../shared/runtime/manifest.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { serviceHandlers } from '../../../../shared/runtime/service-handlers.ts';
import { ServiceAddressBook } from '../adapters/address-book.ts';
import { channelSenders } from '../adapters/channels/channel-senders.ts';
import { FileSecretSource, LOCAL_SECRETS_ENV, SecretsManagerSource } from '../../../../shared/secrets/secret-source.ts';
import { DynamoDailyCounter } from '../adapters/dynamo-daily-counter.ts';
import { DynamoBulletins } from '../adapters/dynamo-bulletins.ts';
import { DynamoDeliveries } from '../adapters/dynamo-deliveries.ts';
import { DynamoPreferences } from '../adapters/dynamo-preferences.ts';
import { DynamoReadModel } from '../adapters/dynamo-read-model.ts';
import { notificationSettings } from '../domain/settings.ts';
import { templatesOf } from '../domain/templates.ts';
import type { BulletinPorts } from '../use-cases/publish-bulletin.ts';
import type { NotifyPorts } from '../use-cases/notify-event.ts';

/** The notifications service's adapters, wired once per cold start. */
export const deps = serviceDeps('notifications');
/** This service's handler stacks, with its logger, revocation view and idempotency table bound once. */
export const { http, queue, schedule, internal, worker } = serviceHandlers(deps);
export const city = currentCity();
// The reception day comes from the city config, where participation reads the same days to book.
export const settings = { ...notificationSettings(city.name), receptionDay: city.receptionDay };
export const deliveries = new DynamoDeliveries(deps.client, deps.tableName, deps.store, deps.figures);
export const readModel = new DynamoReadModel(deps.client, deps.tableName);
export const preferences = new DynamoPreferences(deps.client, deps.tableName);

/** The local platform sets the DynamoDB endpoint; a deployed function never has it. */
const local = Boolean(process.env[ENV.dynamoEndpoint]);

/**
 * The external channels as the city config wires them: providers with credentials read from
 * Secrets Manager (by the names in the config, once per cold start), `not_configured` where the
 * city gave none, the recording channel on the local platform.
 */
const { senders: channels, modes } = channelSenders({
  config: city.notifications,
  timeZone: city.timeZone,
  local,
  secrets: local ? new FileSecretSource(process.env[LOCAL_SECRETS_ENV]) : new SecretsManagerSource(),
  counter: new DynamoDailyCounter(deps.client, deps.tableName),
  clock: deps.now,
});
for (const [channel, mode] of Object.entries(modes)) {
  // The operator's signal at every cold start: this channel's notifications will not leave.
  if (mode === 'not_configured') deps.logger.warn('channel not configured: its deliveries are not_configured', { channel });
}

/** Where deputies, staff and citizens are reached, asked of identity and messaging at send time. */
export const addresses = new ServiceAddressBook(internalInvoker('notifications'));

export const ports: NotifyPorts & BulletinPorts = {
  deliveries,
  readModel,
  preferences,
  bulletins: new DynamoBulletins(deps.client, deps.tableName),
  addresses,
  channels,
  city: city.name,
  settings,
  catalog: templatesOf(city.name),
  timeZone: city.timeZone,
  cityFacts: {
    publicBaseUrl: city.publicBaseUrl,
    timeZone: city.timeZone,
    categoryName: (code) => city.categories.find((c) => c.code === code)?.name ?? code,
    onWeChat: (template) => Boolean(city.notifications.channels.wechat?.templates[template]),
  },
  newBulletinId: () => `b-${randomBytes(12).toString('hex')}`,
};
