/**
 * How alike two messages are (相似度), from their terms (see terms.ts): the cosine of their term
 * sets, each term weighted by its rarity among the matters compared (IDF), so that 路灯 shared by
 * every lighting complaint of a township counts less than the street both name.
 */

/** A message's distinct terms, as kept to compare later arrivals with it. */
export type TermSet = readonly string[];

/** Inverse document frequency of each term over `documents` (smoothed, so an unseen term weighs most). */
export function rarity(documents: readonly TermSet[]): (term: string) => number {
  const frequency = new Map<string, number>();
  for (const document of documents) for (const term of new Set(document)) frequency.set(term, (frequency.get(term) ?? 0) + 1);
  const n = documents.length;
  return (term) => Math.log((n + 1) / ((frequency.get(term) ?? 0) + 1)) + 1;
}

/** Cosine of two term sets (each term once), weighted by `weight`: 0 (nothing shared) to 1 (same terms). */
export function cosine(a: TermSet, b: TermSet, weight: (term: string) => number = () => 1): number {
  const left = new Set(a);
  const right = new Set(b);
  let shared = 0;
  let normLeft = 0;
  let normRight = 0;
  for (const term of left) {
    const w = weight(term) ** 2;
    normLeft += w;
    if (right.has(term)) shared += w;
  }
  for (const term of right) normRight += weight(term) ** 2;
  return normLeft === 0 || normRight === 0 ? 0 : shared / Math.sqrt(normLeft * normRight);
}
