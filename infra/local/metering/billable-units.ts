/**
 * What AWS bills, unit by unit, as pure rules: the local platform applies them to what it observes
 * (metering/meter.ts). Sizes are in bytes as DynamoDB counts them (attribute names plus values).
 *
 * Sources: DynamoDB read/write request units and secondary-index writes
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations),
 * EventBridge and SQS 64 KB chunks, Lambda GB-seconds at 1 ms granularity, HTTP API 512 KB increments.
 */

const KB = 1024;

/** Write request units of one write: the larger of the item before and after, per started KB, at least one. */
export function writeRequestUnits(beforeBytes: number, afterBytes: number): number {
  return Math.max(1, Math.ceil(Math.max(beforeBytes, afterBytes) / KB));
}

/** How a write touched one secondary index (every index here projects all attributes). */
export interface IndexChange {
  /** The item was in the index before the write (it had every key attribute of the index). */
  wasIn: boolean;
  /** The item is in the index after the write. */
  isIn: boolean;
  /** In the index before and after, with a different index key: a delete and a put. */
  keyChanged: boolean;
  /** In the index before and after, same key, other attributes changed: one update. */
  changed: boolean;
}

/**
 * Write request units a write adds in one secondary index: an item that enters or leaves costs one
 * write of its size, one whose index key changes costs two (the old entry deleted, the new put),
 * one that changes otherwise costs one; an unchanged entry costs nothing.
 */
export function indexWriteUnits(change: IndexChange, beforeBytes: number, afterBytes: number): number {
  const units = (bytes: number) => Math.max(1, Math.ceil(bytes / KB));
  if (change.wasIn && change.isIn) {
    if (change.keyChanged) return units(beforeBytes) + units(afterBytes);
    return change.changed ? units(Math.max(beforeBytes, afterBytes)) : 0;
  }
  if (change.isIn) return units(afterBytes);
  if (change.wasIn) return units(beforeBytes);
  return 0;
}

/** Read request units of one item read: per started 4 KB, half for an eventually consistent read; an absent item still costs the minimum. */
export function itemReadUnits(bytes: number, consistent: boolean): number {
  return Math.max(1, Math.ceil(bytes / (4 * KB))) * (consistent ? 1 : 0.5);
}

/**
 * Read request units of a query or scan, from the units counted over every item it scanned (rounded
 * once over the total): never less than one read's minimum, even when nothing matched.
 */
export function queryReadUnits(scannedUnits: number, consistent: boolean): number {
  return Math.max(scannedUnits, consistent ? 1 : 0.5);
}

/** EventBridge bills each PutEvents entry per started 64 KB. */
export function eventEntryUnits(entryBytes: number): number {
  return Math.max(1, Math.ceil(entryBytes / (64 * KB)));
}

/** SQS bills each request per started 64 KB of payload (a batch counts its total payload). */
export function sqsRequestUnits(payloadBytes: number): number {
  return Math.max(1, Math.ceil(payloadBytes / (64 * KB)));
}

/** Lambda bills duration in GB-seconds: configured memory times duration, rounded up to the millisecond. */
export function lambdaGbSeconds(memoryMb: number, durationMs: number): number {
  return (memoryMb / 1024) * (Math.ceil(durationMs) / 1000);
}

/** API Gateway HTTP APIs meter a request per started 512 KB of the request. */
export function apiRequestUnits(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / (512 * KB)));
}
