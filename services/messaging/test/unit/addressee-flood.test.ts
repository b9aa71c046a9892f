import { describe, expect, it } from 'vitest';
import { ADDRESSEE_LIMITS } from '../../../../shared/abuse/addressee-limits.ts';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { submitMessage } from '../../src/use-cases/submit-message.ts';
import { deputyLoad, MemoryCounters, MemoryDirectory, MemoryMessages, MemoryRegistry, memoryCipher, memorySources, sequentialIds } from './in-memory.ts';

/** A flood from many addresses at one deputy: no source passes its own limits, the addressee's cap holds the rest. */

const city = loadCityConfig('demo');
const now = new Date('2026-03-05T02:00:00Z');
const cause = { correlationId: 'corr-1', causationId: 'req-1' };

describe('intake: floods from many addresses', () => {
  it(`holds for review every message to one deputy past ${ADDRESSEE_LIMITS.perDeputyPerHour} an hour, each from a different address, and lets other deputies' through`, async () => {
    // Prepare
    const messages = new MemoryMessages();
    const ports = {
      messages,
      directory: new MemoryDirectory([deputyLoad('D0001', 0), deputyLoad('D0002', 0)], []),
      registry: new MemoryRegistry(),
      counters: new MemoryCounters(),
      sources: memorySources,
      cipher: memoryCipher,
      city,
      ids: sequentialIds(),
    };
    const submit = (deputyCode: string, client: number) =>
      submitMessage(
        ports,
        { deputyCode, category: 'public_facilities', content: `第${client}号：村里篮球场晚上没有灯，孩子们没法打球。` },
        { clientIp: `2001:db8:f100::${client.toString(16)}`, cause },
        now,
      );

    // Act: one more than the cap, each from its own address; then one to another deputy
    const flood = [];
    for (let client = 1; client <= ADDRESSEE_LIMITS.perDeputyPerHour + 5; client++) flood.push(await submit('D0001', client));
    const other = await submit('D0002', 100_000);

    // Assess: all accepted (a flood learns nothing), the ones past the cap held as a flood
    const stored = flood.map((r) => messages.items.get(r.messageId)!.message);
    expect(flood.every((r) => r.status === 'submitted')).toBe(true);
    expect(stored.slice(0, ADDRESSEE_LIMITS.perDeputyPerHour).every((m) => m.status === 'submitted')).toBe(true);
    expect(stored.slice(ADDRESSEE_LIMITS.perDeputyPerHour).map((m) => [m.status, m.hold?.reason])).toEqual(Array.from({ length: 5 }, () => ['held', 'flood']));
    expect(messages.items.get(other.messageId)!.message.status).toBe('submitted');
  });
});
