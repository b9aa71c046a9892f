// Reports, from inside dynalite, what each DynamoDB call would be billed on: the sizes of the item
// before and after a write, which secondary indexes it enters, changes in or leaves, and the bytes
// a read returns or a query scans. The units themselves are counted by the platform
// (metering/billable-units.ts); this only observes. Plain JavaScript: it runs in dynalite's thread.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
/** dynalite's own database module: the actions call these exports by name, so wrapping them sees every call. */
const db = require('dynalite/db');

const itemBytes = (item) => (item ? db.itemSize(item) : 0);
const writeOperation = (data) => (data.Item ? 'PutItem' : data._updates || data.AttributeUpdates ? 'UpdateItem' : 'DeleteItem');
const has = (item, keys) => item != null && keys.every((key) => item[key] != null);

/** An item's entry in an index: the attributes the index projects (its keys, the table's, and any it includes). */
function entryOf(item, index, tableKeys) {
  if (item == null || index.Projection?.ProjectionType === 'ALL' || index.Projection == null) return item;
  const kept = [...index.KeySchema.map((k) => k.AttributeName), ...tableKeys, ...(index.Projection.NonKeyAttributes ?? [])];
  return Object.fromEntries(kept.filter((name) => item[name] != null).map((name) => [name, item[name]]));
}

/**
 * Installs the observers; `report` receives one fact per billable call:
 * `{ table, operation, before, after, indexes, failed }` for a write, `{ table, operation, bytes, consistent }` for an
 * item read, `{ table, operation, readUnits, consistent }` for a query or scan.
 */
export function meterDynalite(report) {
  const { addConsumedCapacity, updateIndexes, checkConditional, queryTable } = db;
  // A write's operation is known where its capacity is computed, which the action does right
  // before it updates the indexes, in the same turn of the event loop.
  let pendingWrite;

  db.addConsumedCapacity = (data, isRead, item, other) => {
    if (isRead) report({ table: data.TableName, operation: 'GetItem', bytes: itemBytes(item), consistent: data.ConsistentRead === true });
    else pendingWrite = writeOperation(data);
    return addConsumedCapacity(data, isRead, item, other);
  };

  db.updateIndexes = (store, table, before, after, cb) => {
    const operation = pendingWrite ?? 'PutItem';
    pendingWrite = undefined;
    const tableKeys = table.KeySchema.map((k) => k.AttributeName);
    const indexes = [...(table.GlobalSecondaryIndexes ?? []), ...(table.LocalSecondaryIndexes ?? [])].map((index) => {
      const keys = index.KeySchema.map((k) => k.AttributeName);
      const wasIn = has(before, keys);
      const isIn = has(after, keys);
      const keyChanged = wasIn && isIn && keys.some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
      // The entry is what the index projects (local-dynamo.ts): it changes only when one of those attributes does.
      const entryBefore = wasIn ? entryOf(before, index, tableKeys) : undefined;
      const entryAfter = isIn ? entryOf(after, index, tableKeys) : undefined;
      const changed = wasIn && isIn && !keyChanged && JSON.stringify(entryBefore) !== JSON.stringify(entryAfter);
      return { wasIn, isIn, keyChanged, changed, before: itemBytes(entryBefore), after: itemBytes(entryAfter) };
    });
    report({ table: table.TableName, operation, before: itemBytes(before), after: itemBytes(after), indexes, failed: false });
    return updateIndexes(store, table, before, after, cb);
  };

  db.checkConditional = (data, existing) => {
    const refused = checkConditional(data, existing);
    // A write refused by its condition is still billed, on the size of the item it found.
    if (refused != null) {
      report({ table: data.TableName, operation: writeOperation(data), before: itemBytes(existing), after: 0, indexes: [], failed: true });
    }
    return refused;
  };

  db.queryTable = (store, table, data, opts, isLocal, fetchFromItemDb, startKeyNames, cb) => {
    const asked = data.ReturnConsumedCapacity;
    const operation = data.KeyConditions ? 'Query' : 'Scan';
    const consistent = data.ConsistentRead === true;
    // dynalite adds up the bytes it reads only when capacity is asked for: ask, and answer as the caller asked.
    if (asked !== 'TOTAL' && asked !== 'INDEXES') data.ReturnConsumedCapacity = 'TOTAL';
    return queryTable(store, table, data, opts, isLocal, fetchFromItemDb, startKeyNames, (err, result) => {
      if (!err && result?.ConsumedCapacity) {
        // dynalite has rounded the scanned bytes up per 4 KB and halved them for an eventually consistent read.
        report({ table: data.TableName, operation, readUnits: result.ConsumedCapacity.CapacityUnits, consistent });
        if (asked !== 'TOTAL' && asked !== 'INDEXES') delete result.ConsumedCapacity;
      }
      data.ReturnConsumedCapacity = asked;
      cb(err, result);
    });
  };
}
