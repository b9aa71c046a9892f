import { singleTable, type IndexSpec } from '../../../shared/store/table.ts';

// Indexes and key patterns of participation's single table: the manifest creates the table from
// them, the adapters read and write by them.

/**
 * Lists: every consultation, newest first (`listKey` `consultations`, `listSort` `<openedAt>#<id>`);
 * the deputies participation knows (`deputies`, by code); a month's appointments
 * (`appointments#<YYYY-MM>`, `<date>#<groupCode>#<slot>#<id>`); every livelihood ballot, newest
 * first (`livelihood-ballots`, `<opensAt>#<id>`).
 */
export const LISTING_INDEX: IndexSpec = { name: 'listing', partitionKey: 'listKey', sortKey: 'listSort' };

/**
 * Sparse, keys only: appointments still holding a citizen's name and phone, by reception day
 * (`contactKind` `appointment`, `contactDate` `<date>`), for the retention sweep; an erased
 * appointment leaves it. Keys only, so only entering and leaving it cost an index write.
 */
export const CONTACTS_INDEX: IndexSpec = { name: 'contacts', partitionKey: 'contactKind', sortKey: 'contactDate', projects: [] };

/** Partitions of {@link LISTING_INDEX}. */
export const LISTS = {
  consultations: 'consultations',
  deputies: 'deputies',
  appointments: (month: string) => `appointments#${month}`,
  ballots: 'livelihood-ballots',
} as const;

/** A consultation and its responses share a partition: `consultation#<id>`. */
export const consultationPk = (consultationId: string) => `consultation#${consultationId}`;

/** The consultation itself: `consultation#<id>` / `consultation`. */
export const consultationKey = (consultationId: string) => ({ pk: consultationPk(consultationId), sk: 'consultation' });

/** Prefix of a response's sort key: one item per respondent, so a second answer is refused by the write itself. */
export const RESPONSE_PREFIX = 'response#';

/** A response: `consultation#<id>` / `response#<respondentId>`. */
export const responseKey = (consultationId: string, responseId: string) => ({ pk: consultationPk(consultationId), sk: `${RESPONSE_PREFIX}${responseId}` });

/** A deputy as identity's events told it: `deputy#<code>` / `deputy`. */
export const deputyKey = (code: string) => ({ pk: `deputy#${code}`, sk: 'deputy' });

/** A liaison station as identity's events told it: `station#<code>` / `station`. */
export const stationKey = (code: string) => ({ pk: `station#${code}`, sk: 'station' });

/** Prefix of an appointment's partition key. */
export const APPOINTMENT_PREFIX = 'appointment#';

/** An appointment: `appointment#<id>` / `appointment`. */
export const appointmentKey = (appointmentId: string) => ({ pk: `${APPOINTMENT_PREFIX}${appointmentId}`, sk: 'appointment' });

/** The seats taken in one slot of a group's reception day: `reception#<groupCode>#<date>` / `seat#<slot>`. */
export const receptionPk = (groupCode: string, date: string) => `reception#${groupCode}#${date}`;
export const SEAT_PREFIX = 'seat#';
export const seatKey = (groupCode: string, date: string, slot: string) => ({ pk: receptionPk(groupCode, date), sk: `${SEAT_PREFIX}${slot}` });

/** A livelihood ballot (民生实事票决), its votes and its ratings share a partition: `ballot#<id>`. */
export const ballotPk = (ballotId: string) => `ballot#${ballotId}`;

/** The ballot itself, with its projects, results and progress: `ballot#<id>` / `ballot`. */
export const ballotKey = (ballotId: string) => ({ pk: ballotPk(ballotId), sk: 'ballot' });

/** A deputy's vote on a project: one item per deputy and project, so a second vote is refused by the write itself. */
export const VOTE_PREFIX = 'vote#';
export const voteKey = (ballotId: string, projectId: string, deputyCode: string) => ({
  pk: ballotPk(ballotId),
  sk: `${VOTE_PREFIX}${projectId}#${deputyCode}`,
});

/** A deputy's year-end rating of a chosen project's progress (回头看), once each like a vote. */
export const RATING_PREFIX = 'rating#';
export const ratingKey = (ballotId: string, projectId: string, deputyCode: string) => ({
  pk: ballotPk(ballotId),
  sk: `${RATING_PREFIX}${projectId}#${deputyCode}`,
});

/** Participation's table: consultations with their responses, appointments with their seats, livelihood ballots with their votes and ratings, the directory it keeps, the erasure audit, and the indexes. */
export const participationTable = singleTable(LISTING_INDEX, CONTACTS_INDEX);
