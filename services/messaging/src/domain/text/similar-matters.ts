import { cosine } from './similarity.ts';
import { words } from './terms.ts';

/**
 * 相似诉求: the open matters of a township and category whose text is close to a new message's.
 * Each township-and-category keeps an index of its recent messages' words, one small entry per
 * message written once: a new message is compared with the recent entries at intake and its
 * matches are stored on it; the messages that arrived later are compared when a staff member reads
 * it. No entry is ever rewritten, so a burst of messages about one place never contends on one item.
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

/** How many recent entries a message is compared with (newest first), which bounds a read and its work. */
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

/** The oldest arrival time an index still offers at `now`. */
export function indexHorizon(now: Date): string {
  return new Date(now.getTime() - INDEX_DAYS * 86_400_000).toISOString();
}

/** The entries that arrived after `own` (the message itself left out) alike enough to it. */
export function laterMatches(index: readonly IndexEntry[], own: IndexEntry): SimilarMessage[] {
  return findSimilar(
    index.filter((entry) => entry.messageId !== own.messageId && entry.at >= own.at),
    own.words,
  );
}

/** A message's matches: those found when it arrived and those that arrived later, closest first, each once. */
export function similarOf(found: readonly SimilarMessage[], later: readonly SimilarMessage[]): SimilarMessage[] {
  const all = new Map<string, number>();
  for (const match of [...found, ...later]) all.set(match.messageId, Math.max(all.get(match.messageId) ?? 0, match.score));
  return [...all].map(([messageId, score]) => ({ messageId, score })).sort((a, b) => b.score - a.score);
}
