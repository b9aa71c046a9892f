import { InvalidInputError } from '../runtime/errors.ts';

/** The `nextCursor` of a paged list: the query's `LastEvaluatedKey`, opaque to the client. */
export function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The `ExclusiveStartKey` a client's `?cursor=` continues from; a cursor of another list (another
 * partition of the index) or no cursor at all is a 400.
 */
export function decodeCursor(cursor: string | undefined, partitionKey: string, partition: string): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    // A cursor only continues the list it came from.
    if (typeof key !== 'object' || key === null || key[partitionKey] !== partition) throw new Error('bad cursor');
    return key;
  } catch {
    throw new InvalidInputError('The cursor is not valid.', [{ path: 'cursor', message: 'not a cursor from a previous page' }]);
  }
}
