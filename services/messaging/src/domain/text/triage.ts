import { classify, train, type NaiveBayesModel } from './naive-bayes.ts';
import { terms } from './terms.ts';

/**
 * 智能分拣: a suggested category and handling unit from a message's text, with a confidence (0–1).
 * Only ever a suggestion: deputies and reviewers see it beside the citizen's choice and decide.
 *
 * A city starts from its keyword rules (city config `triage`); once it has routed matters, a naive
 * Bayes model trained on them (keywords included as examples, so the rules keep their say until
 * the city's own matters outnumber them) takes over.
 */

/** Keyword rules of a city: words that point to a category, and to a unit (`u-{township}-…` for a township office). */
export interface TriageRules {
  categories: Record<string, readonly string[]>;
  units: Record<string, readonly string[]>;
}

/** The models trained on a city's routed matters: one for the category, one for the unit. */
export interface TriageModel {
  trainedAt: string;
  examples: number;
  category: NaiveBayesModel;
  unit: NaiveBayesModel;
}

/** A routed matter the model learns from: its text, its category, the unit it went to. */
export interface RoutedMatter {
  content: string;
  category: string;
  unitCode: string;
  townshipCode?: string;
}

export interface Triage {
  category: string;
  unitCode?: string;
  confidence: number;
}

/** Township offices differ only by township: the model learns `u-{township}-jianshe`, not fifteen units. */
const TOWNSHIP = '{township}';
export function unitKind(unitCode: string, townshipCode: string | undefined): string {
  return townshipCode ? unitCode.replace(`u-${townshipCode}-`, `u-${TOWNSHIP}-`) : unitCode;
}
function unitFor(kind: string, townshipCode: string | undefined): string | undefined {
  if (!kind.includes(TOWNSHIP)) return kind;
  return townshipCode ? kind.replace(TOWNSHIP, townshipCode) : undefined;
}

/**
 * How many routed matters one keyword of the rules counts as: enough that a few dozen matters do
 * not drown the rules, few enough that a city's own hundreds do (docs/performance.md, triage).
 */
export const KEYWORD_WEIGHT = 5;

/** The rules' keywords as examples (each keyword a short document of its label, `KEYWORD_WEIGHT` times). */
function keywordExamples(rules: Record<string, readonly string[]>) {
  return Object.entries(rules).flatMap(([label, keywords]) =>
    keywords.flatMap((keyword) => Array.from({ length: KEYWORD_WEIGHT }, () => ({ terms: terms(keyword), label }))),
  );
}

/** Trains the city's models on its routed matters, its keyword rules included. */
export function trainTriage(matters: readonly RoutedMatter[], rules: TriageRules, now: Date): TriageModel {
  const documents = matters.map((m) => ({ terms: terms(m.content), m }));
  return {
    trainedAt: now.toISOString(),
    examples: matters.length,
    category: train([...keywordExamples(rules.categories), ...documents.map((d) => ({ terms: d.terms, label: d.m.category }))]),
    unit: train([...keywordExamples(rules.units), ...documents.map((d) => ({ terms: d.terms, label: unitKind(d.m.unitCode, d.m.townshipCode) }))]),
  };
}

/**
 * The suggestion for a message's text in a township: the category and unit the model finds most
 * likely; the confidence is the category's probability (times the unit's, when a unit is named).
 * Undefined when the text has no term the model knows.
 */
export function suggestTriage(model: TriageModel, content: string, townshipCode: string | undefined): Triage | undefined {
  const found = terms(content);
  const category = classify(model.category, found);
  if (!category) return undefined;
  const unit = classify(model.unit, found);
  const unitCode = unit ? unitFor(unit.label, townshipCode) : undefined;
  const confidence = unitCode && unit ? category.probability * unit.probability : category.probability;
  return { category: category.label, ...(unitCode ? { unitCode } : {}), confidence: Math.round(confidence * 100) / 100 };
}
