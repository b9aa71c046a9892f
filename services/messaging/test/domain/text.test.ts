import { describe, expect, it } from 'vitest';
import { measureSimilarity, measureTriage } from '../../../../test/bench/text-matching.ts';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { classify, train } from '../../src/domain/text/naive-bayes.ts';
import { findSimilar, fingerprint, INDEX_DAYS, indexHorizon, laterMatches, similarOf, SIMILARITY_THRESHOLD } from '../../src/domain/text/similar-matters.ts';
import { cosine } from '../../src/domain/text/similarity.ts';
import { bigrams, terms, words } from '../../src/domain/text/terms.ts';
import { suggestTriage, trainTriage, unitKind } from '../../src/domain/text/triage.ts';

/** Segmentation, similarity and the triage classifier: pure functions of the text. */

const LIGHTS = '鹿城镇沿江路从桥头到农贸市场那一段的路灯已经坏了一个多星期，晚上黑乎乎的，老人出门散步很不安全。';
const LIGHTS_AGAIN = '沿江路农贸市场附近路灯不亮好几天了，晚上走路看不清，希望尽快修一下。';
const WATER = '团结小区这三天天天停水，也没有提前通知，家里老人做饭洗澡都成问题。';
const at = new Date('2026-03-05T02:00:00Z');

describe('terms of a Chinese message', () => {
  it('segments words with the Chinese dictionary and leaves out particles and punctuation', () => {
    // Prepare / act
    const found = words('路灯坏了好几天，晚上很黑！');

    // Assess: the dictionary keeps 路灯 and 晚上 whole; 了, 很 and the punctuation are gone
    expect(found).toContain('路灯');
    expect(found).toContain('晚上');
    expect(found).not.toContain('了');
    expect(found).not.toContain('很');
    expect(found).not.toContain('，');
  });

  it('makes character bigrams of each Han run, and folds full-width digits', () => {
    expect(bigrams('路灯不亮，井盖')).toEqual(['路灯', '灯不', '不亮', '井盖']);
    expect(words('８路公交')).toContain('8');
  });

  it('adds, marked, only the bigrams that are not already words', () => {
    const found = terms('路灯不亮');
    expect(found).toContain('路灯');
    expect(found).not.toContain('~路灯');
    expect(found).toContain('~不亮');
  });
});

describe('similarity', () => {
  it('is 1 for the same words, 0 for none shared, and weighs terms when told', () => {
    expect(cosine(['路灯', '沿江'], ['沿江', '路灯'])).toBeCloseTo(1);
    expect(cosine(['路灯'], ['停水'])).toBe(0);
    expect(cosine([], ['停水'])).toBe(0);
    const plain = cosine(['路灯', '沿江'], ['路灯', '杏花']);
    const rareStreets = cosine(['路灯', '沿江'], ['路灯', '杏花'], (t) => (t === '路灯' ? 0.5 : 2));
    expect(plain).toBeCloseTo(0.5);
    expect(rareStreets).toBeLessThan(plain);
  });

  it('finds a neighbour reporting the same broken lights, not another problem of the township', () => {
    // Prepare: the index holds a lighting and a water complaint
    const index = [
      { messageId: 'm-water', at: at.toISOString(), words: fingerprint(WATER) },
      { messageId: 'm-lights', at: at.toISOString(), words: fingerprint(LIGHTS) },
    ];

    // Act
    const found = findSimilar(index, fingerprint(LIGHTS_AGAIN));

    // Assess
    expect(found.map((f) => f.messageId)).toEqual(['m-lights']);
    expect(found[0]!.score).toBeGreaterThanOrEqual(SIMILARITY_THRESHOLD);
  });

  it('finds the later arrivals alike to a message, and merges them with those found at its arrival', () => {
    // Prepare
    const own = { messageId: 'm-1', at: at.toISOString(), words: ['路灯', '不亮'] };
    const later = new Date(at.getTime() + 60_000).toISOString();
    const index = [own, { messageId: 'm-2', at: later, words: ['路灯', '不亮'] }, { messageId: 'm-3', at: later, words: ['停水'] }];

    // Act
    const found = laterMatches(index, own);

    // Assess: itself and the unlike one left out; the found-at-arrival match kept beside
    expect(found).toEqual([{ messageId: 'm-2', score: 1 }]);
    expect(similarOf([{ messageId: 'm-0', score: 0.3 }], found)).toEqual([
      { messageId: 'm-2', score: 1 },
      { messageId: 'm-0', score: 0.3 },
    ]);
    expect(indexHorizon(at)).toBe(new Date(at.getTime() - INDEX_DAYS * 86_400_000).toISOString());
  });
});

describe('naive Bayes', () => {
  it('learns which words go with which label, with a probability', () => {
    // Prepare
    const model = train([
      { terms: ['路灯', '晚上'], label: 'lights' },
      { terms: ['路灯', '坏'], label: 'lights' },
      { terms: ['停水', '自来水'], label: 'water' },
    ]);

    // Act
    const lights = classify(model, ['路灯']);
    const unknown = classify(model, ['核桃']);

    // Assess
    expect(lights?.label).toBe('lights');
    expect(lights!.probability).toBeGreaterThan(0.5);
    expect(lights!.probability).toBeLessThanOrEqual(1);
    expect(unknown).toBeUndefined();
    expect(classify(train([]), ['路灯'])).toBeUndefined();
  });
});

describe('triage suggestion', () => {
  const rules = { categories: { public_facilities: ['路灯'], roads_transport: ['公路'] }, units: { 'u-{township}-jianshe': ['路灯'], 'u-jiaotong': ['公路'] } };

  it('starts from the keyword rules and names the township office of the message township', () => {
    // Prepare: no routed matter yet
    const model = trainTriage([], rules, at);

    // Act
    const triage = suggestTriage(model, LIGHTS, 'donggua');

    // Assess
    expect(triage).toMatchObject({ category: 'public_facilities', unitCode: 'u-donggua-jianshe' });
    expect(triage!.confidence).toBeGreaterThan(0);
    expect(triage!.confidence).toBeLessThanOrEqual(1);
    expect(suggestTriage(model, '核桃卖不出去', 'donggua')).toBeUndefined();
  });

  it("learns from the city's routed matters, township offices as one kind", () => {
    // Prepare
    const matters = [
      { content: WATER, category: 'public_facilities', unitCode: 'u-shuiwu', townshipCode: 'lucheng' },
      { content: '新城小区经常停水，没有任何通知', category: 'public_facilities', unitCode: 'u-shuiwu', townshipCode: 'donggua' },
    ];

    // Act
    const model = trainTriage(matters, rules, at);

    // Assess
    expect(model.examples).toBe(2);
    expect(suggestTriage(model, '小区停水两天了', 'zixi')).toMatchObject({ category: 'public_facilities', unitCode: 'u-shuiwu' });
    expect(unitKind('u-lucheng-jianshe', 'lucheng')).toBe('u-{township}-jianshe');
    expect(unitKind('u-shuiwu', 'lucheng')).toBe('u-shuiwu');
  });
});

describe('measured on the labelled set (figures in docs/performance.md)', () => {
  it('finds similar matters with precision and recall of at least 0.75 at the threshold', () => {
    const measured = measureSimilarity();
    expect(measured.messages).toBeGreaterThanOrEqual(200);
    expect(measured.precision).toBeGreaterThanOrEqual(0.75);
    expect(measured.recall).toBeGreaterThanOrEqual(0.75);
  });

  it('suggests the category of held-out messages better with the keyword rules than from routed matters alone', () => {
    const rules = loadCityConfig('demo').triage;
    const matters = measureTriage({ categories: {}, units: {} }, true);
    const both = measureTriage(rules, true);
    expect(both.messages).toBeGreaterThanOrEqual(200);
    expect(both.categoryAccuracy).toBeGreaterThan(matters.categoryAccuracy);
    expect(both.categoryAccuracy).toBeGreaterThanOrEqual(0.6);
  });
});
