/**
 * A multinomial naive Bayes classifier over a message's terms: small enough to keep in one table
 * item, trained again from scratch on every run (no incremental state to drift).
 */

/** A trained model: per label, how many documents and how often each term occurred. */
export interface NaiveBayesModel {
  labels: Record<string, { documents: number; termTotal: number; terms: Record<string, number> }>;
  vocabulary: number;
}

/** One labelled example: its terms and its label. */
export interface Example {
  terms: readonly string[];
  label: string;
}

/**
 * Trains on `examples`. Terms seen fewer than `minCount` times in all are dropped, which keeps the
 * model item small once the city has thousands of routed matters.
 */
export function train(examples: readonly Example[], minCount = 1): NaiveBayesModel {
  const overall = new Map<string, number>();
  for (const { terms } of examples) for (const term of terms) overall.set(term, (overall.get(term) ?? 0) + 1);
  const kept = (term: string) => (overall.get(term) ?? 0) >= minCount;
  const labels: NaiveBayesModel['labels'] = {};
  for (const { terms, label } of examples) {
    const entry = (labels[label] ??= { documents: 0, termTotal: 0, terms: {} });
    entry.documents += 1;
    for (const term of terms) {
      if (!kept(term)) continue;
      entry.terms[term] = (entry.terms[term] ?? 0) + 1;
      entry.termTotal += 1;
    }
  }
  return { labels, vocabulary: [...overall.keys()].filter(kept).length };
}

/**
 * The most likely label with its posterior probability (0–1), or undefined for an empty model or a
 * text with no known term (a guess from the priors alone is no suggestion).
 */
export function classify(model: NaiveBayesModel, terms: readonly string[]): { label: string; probability: number } | undefined {
  const entries = Object.entries(model.labels);
  const documents = entries.reduce((sum, [, l]) => sum + l.documents, 0);
  if (documents === 0) return undefined;
  // A term no label has seen says nothing, yet smoothing would favour the labels with fewest terms.
  const known = terms.filter((term) => entries.some(([, l]) => l.terms[term] !== undefined));
  if (known.length === 0) return undefined;
  const scores = entries.map(([label, l]) => {
    let score = Math.log(l.documents / documents);
    for (const term of known) score += Math.log(((l.terms[term] ?? 0) + 1) / (l.termTotal + model.vocabulary + 1));
    return { label, score };
  });
  const best = scores.reduce((a, b) => (b.score > a.score ? b : a));
  const total = scores.reduce((sum, s) => sum + Math.exp(s.score - best.score), 0);
  return { label: best.label, probability: 1 / total };
}
