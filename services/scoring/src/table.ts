import { singleTable, type IndexSpec } from '../../../shared/store/table.ts';

// Indexes and key patterns of the service's single table: the manifest creates the table from
// them, the adapters read and write by them.

/** Everything of one year: totals by deputy (`totals#…`) and ledger entries (`entry#…`). */
export const BY_YEAR_INDEX: IndexSpec = { name: 'byYear', partitionKey: 'yearKey', sortKey: 'yearSort' };

/**
 * Partition of a deputy's year: its totals (`totals`), ledger entries (`entry#<entryId>`) and one
 * marker per counted source ({@link appliedKey}).
 */
export const ledgerKey = (deputyCode: string, year: number) => `ledger#${deputyCode}#${year}`;

/** A source's marker in its deputy's year; it holds `countedAt` once the totals have it. */
export const appliedKey = (sourceId: string) => `applied#${sourceId}`;

/** Every deputy scoring knows, by code. */
export const DEPUTIES_INDEX: IndexSpec = { name: 'deputies', partitionKey: 'directoryKey', sortKey: 'code' };

/** A deputy as scoring knows it: `deputy#<code>` / `deputy`. */
export const deputyKey = (code: string) => ({ pk: `deputy#${code}`, sk: 'deputy' });

/** The scoring table: the points ledger, yearly totals, flags and scoring's view of the deputies. */
export const scoringTable = singleTable(BY_YEAR_INDEX, DEPUTIES_INDEX);
