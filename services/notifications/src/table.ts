import { singleTable, type IndexSpec } from '../../../shared/store/table.ts';

// Indexes and key patterns of the service's single table: the manifest creates the table from
// them, the adapters read and write by them.

/** Every delivery, newest first (the admin's log). */
export const DELIVERY_LOG_INDEX: IndexSpec = { name: 'deliveryLog', partitionKey: 'logShard', sortKey: 'logAt' };

/** Deliveries by recipient (an account's username, or `citizen:<messageId>`). */
export const RECIPIENT_INDEX: IndexSpec = { name: 'byRecipient', partitionKey: 'recipientKey', sortKey: 'logAt' };

/** Sparse: in-app deliveries by account (the inbox of `GET /v1/notifications`). */
export const INBOX_INDEX: IndexSpec = { name: 'inbox', partitionKey: 'inboxKey', sortKey: 'logAt' };

/** Sparse: pending deliveries with a time to wait for (quiet hours, scheduled retries). */
export const DUE_INDEX: IndexSpec = { name: 'due', partitionKey: 'dueShard', sortKey: 'dueAt' };

/** A delivery: `delivery#<deliveryId>` / `delivery`. */
export const deliveryKey = (deliveryId: string) => ({ pk: `delivery#${deliveryId}`, sk: 'delivery' });

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
