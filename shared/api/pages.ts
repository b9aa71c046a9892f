import { z } from 'zod';
import { InvalidInputError } from '../runtime/errors.ts';

/**
 * Paging of a list a route reads whole (a few hundred items at most) and answers in pages, as
 * the API convention says: `?limit=` (1–200, default 50) and `?cursor=` (the previous page's
 * `nextCursor`, `null` on the last page).
 */
export const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Items per page (1–200).'),
  cursor: z.string().max(200).optional().describe("The previous page's `nextCursor`."),
});

/** The `nextCursor` of a paged list's answer. */
export const nextCursorSchema = z.string().nullable().describe('The next page’s cursor; `null` on the last page.');

/**
 * The page after `cursor` of `items`, in their order; `keyOf` names each item uniquely and the
 * cursor carries the last key shown, so a page does not shift when items are added before it.
 * A cursor whose item is gone (or that no page gave) is a 400.
 */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, limit: number, cursor?: string): { items: T[]; nextCursor: string | null } {
  let start = 0;
  if (cursor !== undefined) {
    const key = Buffer.from(cursor, 'base64url').toString('utf8');
    const at = items.findIndex((item) => keyOf(item) === key);
    if (at < 0) throw new InvalidInputError('The cursor is not valid.', [{ path: 'cursor', message: 'not a cursor from a previous page' }]);
    start = at + 1;
  }
  const shown = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return { items: shown, nextCursor: more && shown.length > 0 ? Buffer.from(keyOf(shown.at(-1)!), 'utf8').toString('base64url') : null };
}
