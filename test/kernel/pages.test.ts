import { describe, expect, it } from 'vitest';
import { pageOf, pageQuery } from '../../shared/api/pages.ts';
import { InvalidInputError } from '../../shared/runtime/errors.ts';

/** Lists read whole and answered in pages, as the API convention says. */

const entries = Array.from({ length: 7 }, (_, i) => ({ id: `e-${i}` }));
const key = (e: { id: string }) => e.id;

describe('pageOf', () => {
  it('walks the whole list page by page, in its order, ending with a null cursor', () => {
    // Prepare
    const seen: string[] = [];
    let cursor: string | undefined;

    // Act
    for (let pages = 0; pages < 10; pages++) {
      const page = pageOf(entries, key, 3, cursor);
      seen.push(...page.items.map(key));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }

    // Assess
    expect(seen).toEqual(entries.map(key));
  });

  it('keeps its place when items are added before it, and refuses a cursor no page gave', () => {
    // Prepare
    const first = pageOf(entries, key, 3);

    // Act
    const next = pageOf([{ id: 'e-new' }, ...entries], key, 3, first.nextCursor!);

    // Assess
    expect(next.items.map(key)).toEqual(['e-3', 'e-4', 'e-5']);
    expect(() => pageOf(entries, key, 3, 'bm90LWEta2V5')).toThrow(InvalidInputError);
    expect(pageQuery.parse({})).toEqual({ limit: 50 });
  });
});
