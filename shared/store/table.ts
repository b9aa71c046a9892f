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
  /**
   * What the index carries beside its own and the table's keys: the named attributes (none for a
   * keys-only index), or every attribute (the default). DynamoDB writes an item's index entry again,
   * at the entry's size, whenever a projected attribute changes: an index read only for keys, or
   * for a few small attributes, should carry only those.
   */
  readonly projects?: 'all' | readonly string[];
}

/** An index's projection as DynamoDB declares it (CreateTable and CloudFormation alike). */
export interface IndexProjection {
  readonly ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  readonly NonKeyAttributes?: string[];
}

/** The projection an {@link IndexSpec} declares: CDK and the local platform create the index with it. */
export function indexProjection(index: IndexSpec): IndexProjection {
  const projects = index.projects ?? 'all';
  if (projects === 'all') return { ProjectionType: 'ALL' };
  if (projects.length === 0) return { ProjectionType: 'KEYS_ONLY' };
  return { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projects] };
}

/** Primary key of an item in a service's single table. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/**
 * Sparse index over items whose events are not yet published (see shared/store/outbox.ts). It
 * carries only the keys and the version: the relay reads the events themselves from the item, so
 * an item entering and leaving the index costs one small index write each, not its whole size.
 */
export const OUTBOX_INDEX: IndexSpec = { name: 'outbox', partitionKey: 'outboxShard', sortKey: 'outboxSince', projects: ['version'] };

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
