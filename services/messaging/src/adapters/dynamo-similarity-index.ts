import type { ItemStore } from '../../../../shared/store/item-store.ts';
import type { IndexEntry } from '../domain/text/similar-matters.ts';
import type { SimilarityIndex, SimilarityIndexRead } from '../ports.ts';
import { similarityIndexKey } from '../table.ts';

/** The similar-matter indexes, one versioned item per township and category. */
export class DynamoSimilarityIndex implements SimilarityIndex {
  constructor(private readonly store: ItemStore) {}

  async read(townshipCode: string, category: string): Promise<SimilarityIndexRead> {
    const item = await this.store.get<{ entries: IndexEntry[] }>(similarityIndexKey(townshipCode, category));
    return item ? { entries: item.entries, version: item.version } : { entries: [] };
  }

  async write(townshipCode: string, category: string, entries: IndexEntry[], read: SimilarityIndexRead): Promise<void> {
    const key = similarityIndexKey(townshipCode, category);
    if (read.version === undefined) await this.store.create({ ...key, entries });
    else await this.store.replace({ ...key, entries, version: read.version });
  }
}
