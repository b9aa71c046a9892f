import { singleTable, type IndexSpec } from '../../../shared/store/table.ts';

// Indexes and key patterns of participation's single table: the manifest creates the table from
// them, the adapters read and write by them.

/** Every consultation, newest first (`listKey` `consultations`, `listSort` `<openedAt>#<id>`). */
export const LISTING_INDEX: IndexSpec = { name: 'listing', partitionKey: 'listKey', sortKey: 'listSort' };

/** Partitions of {@link LISTING_INDEX}. */
export const LISTS = { consultations: 'consultations' } as const;

/** A consultation and its responses share a partition: `consultation#<id>`. */
export const consultationPk = (consultationId: string) => `consultation#${consultationId}`;

/** The consultation itself: `consultation#<id>` / `consultation`. */
export const consultationKey = (consultationId: string) => ({ pk: consultationPk(consultationId), sk: 'consultation' });

/** Prefix of a response's sort key: one item per respondent, so a second answer is refused by the write itself. */
export const RESPONSE_PREFIX = 'response#';

/** A response: `consultation#<id>` / `response#<respondentId>`. */
export const responseKey = (consultationId: string, responseId: string) => ({ pk: consultationPk(consultationId), sk: `${RESPONSE_PREFIX}${responseId}` });

/** Participation's table: consultations with their responses, and the listing index. */
export const participationTable = singleTable(LISTING_INDEX);
