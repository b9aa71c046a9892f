import { cosine } from './similarity.ts';
import { words } from './terms.ts';

/**
 * 相似诉求: the open matters of a township and category whose text is close to a new message's.
 * Each township-and-category keeps a short index of its recent messages' words; a new message is
 * compared with the index once, at intake, and the matches are stored on it (and, as a link back,
 * on the index entries it matched), so no read ever compares texts again.
 */

/**
 * The cosine of two messages' word sets at or above which they are offered as the same matter.
 * Chosen on the labelled set (test/fixture/labelled/messages.json; docs/performance.md): 0.22
 * keeps precision and recall both near 0.8, and a reviewer confirms every merge anyway.
 */
export const SIMILARITY_THRESHOLD = 0.22;

/** At most this many matches are kept per message (the closest first). */
export const MOST_SIMILAR = 5;

/** How long a message stays in its index: older matters are rarely still being reported. */
export const INDEX_DAYS = 90;

/** How many messages an index keeps (newest first), which bounds the item's size and intake's work. */
export const INDEX_LIMIT = 150;

/** A match: another message and how alike the two texts are (0–1, two decimals). */
export interface SimilarMessage {
  messageId: string;
  score: number;
}

/** One message in its township-and-category index. */
export interface IndexEntry {
  messageId: string;
  at: string;
  words: string[];
  /** Messages that arrived later and matched this one. */
  later?: SimilarMessage[];
}

/** The distinct words a message is compared by. */
export function fingerprint(content: string): string[] {
  return [...new Set(words(content))];
}

/** The entries of the index alike enough to `content`'s words, closest first, at most `MOST_SIMILAR`. */
export function findSimilar(index: readonly IndexEntry[], wordsOf: readonly string[]): SimilarMessage[] {
  return index
    .map((entry) => ({ messageId: entry.messageId, score: Math.round(cosine(entry.words, wordsOf) * 100) / 100 }))
    .filter((match) => match.score >= SIMILARITY_THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, MOST_SIMILAR);
}

/**
 * The index after a message arrived: the message first, a link back on each entry it matched,
 * entries older than `INDEX_DAYS` and beyond `INDEX_LIMIT` dropped.
 */
export function indexed(index: readonly IndexEntry[], arrived: IndexEntry, matched: readonly SimilarMessage[], now: Date): IndexEntry[] {
  const oldest = new Date(now.getTime() - INDEX_DAYS * 86_400_000).toISOString();
  const scoreOf = new Map(matched.map((m) => [m.messageId, m.score]));
  const kept = index
    .filter((entry) => entry.at >= oldest && entry.messageId !== arrived.messageId)
    .map((entry) => {
      const score = scoreOf.get(entry.messageId);
      if (score === undefined) return entry;
      const later = [{ messageId: arrived.messageId, score }, ...(entry.later ?? [])].slice(0, MOST_SIMILAR);
      return { ...entry, later };
    });
  return [arrived, ...kept].slice(0, INDEX_LIMIT);
}

/** A message's matches: those found when it arrived and those that arrived later, closest first, each once. */
export function similarOf(found: readonly SimilarMessage[], entry: IndexEntry | undefined): SimilarMessage[] {
  const all = new Map<string, number>();
  for (const match of [...found, ...(entry?.later ?? [])]) all.set(match.messageId, Math.max(all.get(match.messageId) ?? 0, match.score));
  return [...all].map(([messageId, score]) => ({ messageId, score })).sort((a, b) => b.score - a.score);
}
