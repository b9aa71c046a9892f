import { type IndexSpec, singleTable } from '../../../shared/store/table.ts';

// Indexes and key patterns of the service's single table: the manifest creates the table from
// them, the adapters read and write by them.

/**
 * Facts by the city month they started in: messages by submission (`monthSort` `m#<submittedAt>#…`)
 * and cases at units by forwarding (`u#<forwardedAt>#…`). A record enters the index only once the
 * fact that dates it has arrived.
 */
export const BY_MONTH_INDEX: IndexSpec = { name: 'byMonth', partitionKey: 'monthKey', sortKey: 'monthSort' };

/** A deputy's messages, for their public responsiveness. */
export const BY_DEPUTY_INDEX: IndexSpec = { name: 'byDeputy', partitionKey: 'deputyKey', sortKey: 'deputySort' };

/** Every deputy statistics knows, by code. */
export const ROSTER_INDEX: IndexSpec = { name: 'roster', partitionKey: 'rosterKey', sortKey: 'code' };

/** `month#<yyyy-mm>`: a partition of {@link BY_MONTH_INDEX}. */
export const monthKey = (month: string) => `month#${month}`;

/** Prefixes of `monthSort`: messages and cases at units share a month's partition. */
export const MONTH_SORT = { message: 'm#', unitCase: 'u#' } as const;

/** The facts of one message: `message#<messageId>` / `facts`. */
export const messageKey = (messageId: string) => ({ pk: `message#${messageId}`, sk: 'facts' });

/** A case at one unit: `case#<caseId>` / `unit#<unitCode>`. */
export const unitCaseKey = (caseId: string, unitCode: string) => ({ pk: `case#${caseId}`, sk: `unit#${unitCode}` });

/** A case as a whole: `case#<caseId>` / `case`. */
export const caseKey = (caseId: string) => ({ pk: `case#${caseId}`, sk: 'case' });

/** A deputy's public posts: `deputy#<code>` / `deputy`. */
export const deputyKey = (code: string) => ({ pk: `deputy#${code}`, sk: 'deputy' });

/** The statistics table: one record per message, per case and unit, per case, and per deputy, each holding its source facts. */
export const statisticsTable = singleTable(BY_MONTH_INDEX, BY_DEPUTY_INDEX, ROSTER_INDEX);
