import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { submitMessage } from '../../src/use-cases/submit-message.ts';
import { retrainTriage, similarNow } from '../../src/use-cases/match-message.ts';
import {
  deputyLoad,
  MemoryCounters,
  MemoryDirectory,
  MemoryMessages,
  MemoryRegistry,
  MemorySimilarityIndex,
  MemoryTriageModels,
  memoryCipher,
  memorySources,
  sequentialIds,
} from './in-memory.ts';

/** Intake finds similar open matters of the township and category, and suggests a category and unit. */

const city = loadCityConfig('demo');
const now = new Date('2026-03-05T02:00:00Z');
const cause = { correlationId: 'corr-1', causationId: 'req-1' };
const NEIGHBOURS = [
  '鹿城镇沿江路从桥头到农贸市场那一段的路灯已经坏了一个多星期，晚上黑乎乎的，老人出门散步很不安全。',
  '沿江路农贸市场附近路灯不亮好几天了，晚上走路看不清，希望尽快修一下。',
  '沿江路晚上没有路灯，已经好多天了，孩子晚自习回家要经过这里，家长很担心。',
];

function intake(models = new MemoryTriageModels()) {
  const messages = new MemoryMessages();
  const index = new MemorySimilarityIndex();
  const ports = {
    messages,
    directory: new MemoryDirectory([deputyLoad('D0001', 0)], []),
    registry: new MemoryRegistry([]),
    counters: new MemoryCounters(),
    sources: memorySources,
    cipher: memoryCipher,
    city,
    ids: sequentialIds(),
    matching: { index, models, rules: city.triage },
  };
  const submit = (content: string, category = 'public_facilities', clientIp = '2001:db8::1') =>
    submitMessage(ports, { deputyCode: 'D0001', category, content }, { clientIp, cause }, now);
  return { messages, index, models, submit };
}

describe('matching at intake', () => {
  it('stores the earlier similar messages on a new one, and links the earlier ones to it', async () => {
    // Prepare
    const { messages, index, submit } = intake();
    const [first, second] = [
      await submit(NEIGHBOURS[0]!, 'public_facilities', '2001:db8::1'),
      await submit(NEIGHBOURS[1]!, 'public_facilities', '2001:db8::2'),
    ];

    // Act
    const third = await submit(NEIGHBOURS[2]!, 'public_facilities', '2001:db8::3');
    await submit('团结小区这三天天天停水，也没有提前通知。', 'public_facilities', '2001:db8::4');

    // Assess: the third found both; the first, read now, knows of the later ones; the water complaint matches none
    const stored = messages.items.get(third.messageId)!.message;
    expect(stored.similar?.map((s) => s.messageId).sort()).toEqual([first.messageId, second.messageId].sort());
    const ofFirst = await similarNow({ index, messages }, messages.items.get(first.messageId)!.message);
    expect(ofFirst.map((s) => s.messageId)).toContain(third.messageId);
    expect(index.items.get('lucheng/public_facilities')).toHaveLength(4);
  });

  it('compares only within the category, and leaves closed matters out', async () => {
    // Prepare
    const { messages, index, submit } = intake();
    const first = await submit(NEIGHBOURS[0]!, 'public_facilities', '2001:db8::1');
    const elsewhere = await submit(NEIGHBOURS[1]!, 'roads_transport', '2001:db8::2');
    const second = await submit(NEIGHBOURS[1]!, 'public_facilities', '2001:db8::3');

    // Act
    const stored = messages.items.get(first.messageId)!;
    messages.items.set(first.messageId, { ...stored, message: { ...stored.message, status: 'closed' } });
    const similar = await similarNow({ index, messages }, messages.items.get(second.messageId)!.message);

    // Assess
    expect(messages.items.get(elsewhere.messageId)!.message.similar).toBeUndefined();
    expect(messages.items.get(second.messageId)!.message.similar?.map((s) => s.messageId)).toEqual([first.messageId]);
    expect(similar).toEqual([]);
  });

  it('suggests a category and unit from the keyword rules before any model is trained, then from the trained model', async () => {
    // Prepare
    const models = new MemoryTriageModels([
      { content: '小区停水三天了没有通知', category: 'public_facilities', unitCode: 'u-shuiwu', townshipCode: 'lucheng' },
      { content: '自来水发黄，水压很低', category: 'public_facilities', unitCode: 'u-shuiwu', townshipCode: 'lucheng' },
    ]);
    const { messages, submit } = intake(models);

    // Act
    const cold = await submit(NEIGHBOURS[0]!, 'other', '2001:db8::1');
    const trained = await retrainTriage({ models, rules: city.triage }, now);
    const warm = await submit('我们小区又停水了，自来水公司也不通知', 'other', '2001:db8::2');

    // Assess: the citizen's category stays theirs; the suggestion rides beside it
    const coldMessage = messages.items.get(cold.messageId)!.message;
    expect(coldMessage.category).toBe('other');
    expect(coldMessage.triage).toMatchObject({ category: 'public_facilities', unitCode: 'u-lucheng-jianshe' });
    expect(trained.examples).toBe(2);
    expect(models.model?.examples).toBe(2);
    expect(messages.items.get(warm.messageId)!.message.triage).toMatchObject({ category: 'public_facilities', unitCode: 'u-shuiwu' });
  });
});
