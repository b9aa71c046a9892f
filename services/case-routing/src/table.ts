import { singleTable, type IndexSpec } from '../../../shared/store/table.ts';

// Indexes and key patterns of the service's single table: the manifest creates the table from
// them, the adapters read and write by them.

// A case is written several times in its life (opened, forwarded, accepted, resolved, rated, each
// with its outbox cleared after): the indexes carry keys only and the lists read the cases by key,
// so a write costs an index write only where the case changes shard, unit or deadline.

/**
 * Every case by shard, oldest first (keys only): problem cases not yet finished (`open`, read whole), finished
 * ones (`finished`, read by period for the lists' history), and every suggestion case, finished or
 * not (`suggestion`: the 建议清单 keeps the year's suggestions).
 */
export const OPEN_INDEX: IndexSpec = { name: 'open', partitionKey: 'openShard', sortKey: 'openedAt', projects: [] };

/** Cases with a unit, by unit (the unit's task list; keys only). */
export const UNIT_INDEX: IndexSpec = { name: 'unitTasks', partitionKey: 'unitKey', sortKey: 'openedAt', projects: [] };

/** Sparse: cases waiting on someone, by the current stage's deadline (the overdue sweep; keys only). */
export const CASE_DEADLINE_INDEX: IndexSpec = { name: 'deadlines', partitionKey: 'deadlineKind', sortKey: 'deadlineAt', projects: [] };

/** A case: `case#<caseId>` / `case`. */
export const caseKey = (caseId: string) => ({ pk: `case#${caseId}`, sk: 'case' });
/** The case id in a case's partition key. */
export const caseIdOf = (pk: string) => pk.slice('case#'.length);
/** A handling unit as case routing knows it: `unit#<code>` / `unit`. */
export const unitKey = (code: string) => ({ pk: `unit#${code}`, sk: 'unit' });

/** A deputy as case routing knows it (co-signers of suggestions): `deputy#<code>` / `deputy`. */
export const deputyKey = (code: string) => ({ pk: `deputy#${code}`, sk: 'deputy' });

/** The case-routing table: cases and the handling units and deputies it knows. */
export const caseRoutingTable = singleTable(OPEN_INDEX, UNIT_INDEX, CASE_DEADLINE_INDEX);
