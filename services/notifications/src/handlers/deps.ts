import { randomBytes } from 'node:crypto';
import { currentCity } from '../../../../shared/runtime/city.ts';
import { internalInvoker } from '../../../../shared/runtime/invoke.ts';
import { serviceDeps } from '../../../../shared/runtime/service-deps.ts';
import { ServiceAddressBook } from '../adapters/address-book.ts';
import { RecordingChannel } from '../adapters/channels/recording-channel.ts';
import { DynamoBulletins } from '../adapters/dynamo-bulletins.ts';
import { DynamoDeliveries } from '../adapters/dynamo-deliveries.ts';
import { DynamoPreferences } from '../adapters/dynamo-preferences.ts';
import { DynamoReadModel } from '../adapters/dynamo-read-model.ts';
import { notificationSettings } from '../domain/settings.ts';
import { templatesOf } from '../domain/templates.ts';
import type { ChannelSenders } from '../ports.ts';
import type { BulletinPorts } from '../use-cases/publish-bulletin.ts';
import type { NotifyPorts } from '../use-cases/notify-event.ts';

/** The notifications service's adapters, wired once per cold start. */
export const deps = serviceDeps('notifications');
export const city = currentCity();
export const settings = notificationSettings(city.name);
export const deliveries = new DynamoDeliveries(deps.client, deps.tableName, deps.store);
export const readModel = new DynamoReadModel(deps.client, deps.tableName);
export const preferences = new DynamoPreferences(deps.client, deps.tableName);

/**
 * Every external channel is the recording adapter for now, locally and deployed: the provider
 * adapters (adapters/channels) are built but need each city's credentials and a transport before
 * anything may leave the platform.
 */
const channels: ChannelSenders = {
  sms: new RecordingChannel('sms', settings, deps.now),
  wechat: new RecordingChannel('wechat', settings, deps.now),
  email: new RecordingChannel('email', settings, deps.now),
};

export const ports: NotifyPorts & BulletinPorts = {
  deliveries,
  readModel,
  preferences,
  bulletins: new DynamoBulletins(deps.client, deps.tableName),
  addresses: new ServiceAddressBook(internalInvoker('notifications')),
  channels,
  city: city.name,
  settings,
  catalog: templatesOf(city.name),
  timeZone: city.timeZone,
  cityFacts: {
    publicBaseUrl: city.publicBaseUrl,
    timeZone: city.timeZone,
    categoryName: (code) => city.categories.find((c) => c.code === code)?.name ?? code,
  },
  newBulletinId: () => `b-${randomBytes(12).toString('hex')}`,
};
