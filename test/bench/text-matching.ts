/**
 * `npm run bench:matching`: how well similar matters are found and triage suggests, measured on
 * the labelled set `test/fixture/labelled/messages.json` (216 messages written for it, 97 problems).
 *
 * Similarity: messages arrive one by one (the problems' messages interleaved) and each is compared
 * with its township-and-category index as intake does; a pair is predicted the same problem when
 * either found the other. Precision and recall over every pair of the same township and category.
 *
 * Triage: four folds by problem (every fourth problem held out), so a held-out message's neighbours
 * are never in training; each message is suggested once, by the model trained on the other folds,
 * with the demo city's keyword rules (cold start: no routed matters at all) and without them.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadCityConfig } from '../../shared/city/config.ts';
import { findSimilar, fingerprint, INDEX_LIMIT, SIMILARITY_THRESHOLD, type IndexEntry } from '../../services/messaging/src/domain/text/similar-matters.ts';
import { suggestTriage, trainTriage, type TriageRules } from '../../services/messaging/src/domain/text/triage.ts';

interface Problem {
  problem: string;
  township: string;
  category: string;
  unit: string;
  messages: string[];
}

/** The labelled problems. */
export function labelledProblems(): Problem[] {
  const file = fileURLToPath(new URL('../fixture/labelled/messages.json', import.meta.url));
  return (JSON.parse(readFileSync(file, 'utf8')) as { problems: Problem[] }).problems;
}

/** Messages in arrival order: the first message of every problem, then every second, and so on. */
function arrivals(problems: readonly Problem[]) {
  const longest = Math.max(...problems.map((p) => p.messages.length));
  const order: { id: string; problem: Problem; text: string }[] = [];
  for (let i = 0; i < longest; i++) {
    for (const p of problems) if (p.messages[i]) order.push({ id: `${p.problem}#${i}`, problem: p, text: p.messages[i]! });
  }
  return order;
}

/** Precision and recall of the similar-matter search at `SIMILARITY_THRESHOLD`. */
export function measureSimilarity(problems = labelledProblems()) {
  const indexes = new Map<string, IndexEntry[]>();
  const predicted = new Set<string>();
  const now = new Date('2026-03-05T00:00:00Z');
  const pairKey = (a: string, b: string) => [a, b].sort().join('|');
  const messages = arrivals(problems);
  for (const m of messages) {
    const key = `${m.problem.township}/${m.problem.category}`;
    const index = indexes.get(key) ?? [];
    const words = fingerprint(m.text);
    const found = findSimilar(index, words);
    for (const f of found) predicted.add(pairKey(m.id, f.messageId));
    indexes.set(key, [{ messageId: m.id, at: now.toISOString(), words }, ...index].slice(0, INDEX_LIMIT));
  }
  let pairs = 0;
  let same = 0;
  let truePositives = 0;
  for (let i = 0; i < messages.length; i++) {
    for (let j = i + 1; j < messages.length; j++) {
      const a = messages[i]!;
      const b = messages[j]!;
      if (a.problem.township !== b.problem.township || a.problem.category !== b.problem.category) continue;
      pairs += 1;
      const isSame = a.problem === b.problem;
      if (isSame) same += 1;
      if (isSame && predicted.has(pairKey(a.id, b.id))) truePositives += 1;
    }
  }
  return {
    threshold: SIMILARITY_THRESHOLD,
    messages: messages.length,
    pairs,
    samePairs: same,
    predictedPairs: predicted.size,
    precision: truePositives / predicted.size,
    recall: truePositives / same,
  };
}

/** Held-out accuracy of the triage suggestion (category, unit), four folds by problem. */
export function measureTriage(rules: TriageRules, withRoutedMatters: boolean, problems = labelledProblems()) {
  let messages = 0;
  let category = 0;
  let unit = 0;
  let suggested = 0;
  const confident = { count: 0, category: 0 };
  for (let fold = 0; fold < 4; fold++) {
    const training = problems.filter((_, i) => i % 4 !== fold);
    const held = problems.filter((_, i) => i % 4 === fold);
    const matters = withRoutedMatters
      ? training.flatMap((p) => p.messages.map((content) => ({ content, category: p.category, unitCode: p.unit, townshipCode: p.township })))
      : [];
    const model = trainTriage(matters, rules, new Date('2026-03-05T00:00:00Z'));
    for (const p of held) {
      for (const text of p.messages) {
        messages += 1;
        const triage = suggestTriage(model, text, p.township);
        if (!triage) continue;
        suggested += 1;
        if (triage.category === p.category) category += 1;
        if (triage.unitCode === p.unit) unit += 1;
        if (triage.confidence >= 0.5) {
          confident.count += 1;
          if (triage.category === p.category) confident.category += 1;
        }
      }
    }
  }
  return {
    messages,
    suggested,
    categoryAccuracy: category / messages,
    unitAccuracy: unit / messages,
    confidentShare: confident.count / messages,
    confidentCategoryAccuracy: confident.count ? confident.category / confident.count : 0,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rules = loadCityConfig('demo').triage;
  const none = { categories: {}, units: {} };
  console.log('similarity', measureSimilarity());
  console.log('triage, keyword rules only (cold start)', measureTriage(rules, false));
  console.log('triage, routed matters only', measureTriage(none, true));
  console.log('triage, keyword rules and routed matters', measureTriage(rules, true));
}
