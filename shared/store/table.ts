/**
 * The layout of a service's single table: string `pk`/`sk` keys, named global secondary indexes,
 * the sparse outbox index every service needs and the TTL attribute. CDK and the local platform
 * create tables from it; the store queries by it.
 */

/** A single-table design: string `pk`/`sk` keys and named global secondary indexes. */
export interface TableSpec {
  readonly partitionKey: string;
  readonly sortKey: string;
  readonly indexes: readonly IndexSpec[];
}

export interface IndexSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
}

/** Primary key of an item in a service's single table. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/** Sparse index over items whose events are not yet published (see shared/store/outbox.ts). */
export const OUTBOX_INDEX: IndexSpec = { name: 'outbox', partitionKey: 'outboxShard', sortKey: 'outboxSince' };

/** The standard single-table layout with the outbox index every service needs. */
export function singleTable(...indexes: IndexSpec[]): TableSpec {
  return { partitionKey: 'pk', sortKey: 'sk', indexes: [OUTBOX_INDEX, ...indexes] };
}

/**
 * The table's TTL attribute (epoch seconds): Powertools idempotency records use it (its default
 * `expiryAttr`), and so does anything else a service keeps only for a while (sign-in throttles).
 * dynalite ignores TTL; records then simply stay.
 */
export const TTL_ATTRIBUTE = 'expiration';
