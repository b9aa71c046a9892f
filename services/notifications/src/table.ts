import { singleTable, type IndexSpec } from '../../../shared/store/table.ts';

// Indexes and key patterns of the service's single table: the manifest creates the table from
// them, the adapters read and write by them.

// A delivery is written three or four times in its life (created, claimed, settled, its outbox
// cleared): the indexes carry only what their queries filter on, and the lists read the deliveries
// themselves by key, so each write costs an index write only where a key or the status changes.

/** Every delivery, newest first (the admin's log); carries the status the log filters on. */
export const DELIVERY_LOG_INDEX: IndexSpec = { name: 'deliveryLog', partitionKey: 'logShard', sortKey: 'logAt', projects: ['status'] };

/** Deliveries by recipient (an account's username, or `citizen:<messageId>`); carries the status the log filters on. */
export const RECIPIENT_INDEX: IndexSpec = { name: 'byRecipient', partitionKey: 'recipientKey', sortKey: 'logAt', projects: ['status'] };

/** Sparse: in-app deliveries by account (the inbox of `GET /v1/notifications`); keys only. */
export const INBOX_INDEX: IndexSpec = { name: 'inbox', partitionKey: 'inboxKey', sortKey: 'logAt', projects: [] };

/** Sparse: pending deliveries with a time to wait for (quiet hours, scheduled retries); keys only. */
export const DUE_INDEX: IndexSpec = { name: 'due', partitionKey: 'dueShard', sortKey: 'dueAt', projects: [] };

/** A delivery: `delivery#<deliveryId>` / `delivery`. */
export const deliveryKey = (deliveryId: string) => ({ pk: `delivery#${deliveryId}`, sk: 'delivery' });

/** The delivery id in a delivery's partition key. */
export const deliveryIdOf = (pk: string) => pk.slice('delivery#'.length);

/** Every deputy, by group then code (bulletins, reminders). */
export const DEPUTIES_INDEX: IndexSpec = { name: 'deputies', partitionKey: 'deputyShard', sortKey: 'deputySort' };

/** A message as notifications knows it: `message#<messageId>` / `message`. */
export const messageKey = (messageId: string) => ({ pk: `message#${messageId}`, sk: 'message' });

/** A deputy as notifications knows it: `deputy#<code>` / `deputy`. */
export const deputyKey = (code: string) => ({ pk: `deputy#${code}`, sk: 'deputy' });

/** A bulletin: `bulletin#<bulletinId>` / `bulletin`. */
export const bulletinKey = (bulletinId: string) => ({ pk: `bulletin#${bulletinId}`, sk: 'bulletin' });

/** An account's notification preferences: `preferences#<account>` / `preferences`. */
export const preferencesKey = (account: string) => ({ pk: `preferences#${account}`, sk: 'preferences' });

/** Texts to one phone on one city day: `textcap#<keyed hash of the phone>#<date>` / `textcap` (removed by TTL). */
export const textCapKey = (phoneDay: string) => ({ pk: `textcap#${phoneDay}`, sk: 'textcap' });

/** The notifications table: deliveries, bulletins, preferences and the read model kept from events. */
export const notificationsTable = singleTable(DELIVERY_LOG_INDEX, RECIPIENT_INDEX, INBOX_INDEX, DUE_INDEX, DEPUTIES_INDEX);
