import { singleTable, type IndexSpec } from '../../../shared/store/table.ts';

// Indexes and key patterns of the service's single table: the manifest creates the table from
// them, the adapters read and write by them.

/**
 * A deputy's inbox, newest first: only assigned, not-held messages are on it. It carries the
 * status (the inbox filters on it); the messages themselves are read from the table.
 */
export const INBOX_INDEX: IndexSpec = { name: 'inbox', partitionKey: 'inboxPk', sortKey: 'inboxSk', projects: ['status'] };

/** Messages by their tracking code (the citizen's lookup): keys only, the message is read after. */
export const TRACKING_INDEX: IndexSpec = { name: 'tracking', partitionKey: 'trackingCode', projects: [] };

/** Sparse: messages with a pending reply or rating deadline, by kind and time (keys only: the sweeps want ids). */
export const DEADLINE_INDEX: IndexSpec = { name: 'deadlines', partitionKey: 'deadlineKind', sortKey: 'deadlineAt', projects: [] };

/** Sparse: the held messages (the reviewers' queue), by when they were held (keys only, the messages are read after). */
export const HELD_INDEX: IndexSpec = { name: 'held', partitionKey: 'heldPk', sortKey: 'heldSk', projects: [] };

/** A message: `msg#<messageId>` / `msg`. */
export const messageKey = (messageId: string) => ({ pk: `msg#${messageId}`, sk: 'msg' });

/** The message id in a message's `pk`. */
export const messageIdOf = (pk: string) => pk.slice('msg#'.length);

/** A station's deputies, from the read model's deputy items, with what intake weighs them by. */
export const STATION_DEPUTIES_INDEX: IndexSpec = {
  name: 'stationDeputies',
  partitionKey: 'stationKey',
  sortKey: 'code',
  projects: ['name', 'level', 'townshipCode', 'stationCode', 'active', 'disabled', 'openCount'],
};

/** A deputy as messaging knows it: `deputy#<code>` / `deputy`. */
export const deputyKey = (code: string) => ({ pk: `deputy#${code}`, sk: 'deputy' });

/** A station as messaging knows it: `station#<code>` / `station`. */
export const stationKey = (code: string) => ({ pk: `station#${code}`, sk: 'station' });
/** The similar-matter index of a township and category: `similar#<township>#<category>`, one item per message. */
export const similarityPartition = (townshipCode: string, category: string) => `similar#${townshipCode}#${category}`;

/** A message's entry in its index, sorted by arrival: `similar#<township>#<category>` / `<at>#<messageId>`. */
export const similarityEntryKey = (townshipCode: string, category: string, at: string, messageId: string) => ({
  pk: similarityPartition(townshipCode, category),
  sk: `${at}#${messageId}`,
});

/** The city's triage model (智能分拣), retrained by schedule: `triage` / `model`. */
export const TRIAGE_MODEL_KEY = { pk: 'triage', sk: 'model' } as const;

/** A source's intake counters for one hour: `intake#<source>` / `h<hour>`. */

/** The messaging table: messages, messaging's copy of the directory and intake counters. */
export const messagingTable = singleTable(INBOX_INDEX, TRACKING_INDEX, DEADLINE_INDEX, STATION_DEPUTIES_INDEX, HELD_INDEX);
