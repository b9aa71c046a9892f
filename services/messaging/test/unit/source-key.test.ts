import { createHash, createHmac } from 'node:crypto';
import type { KMSClient } from '@aws-sdk/client-kms';
import { describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { kmsSourceKeys, sourceKeysFrom } from '../../../../shared/abuse/source-keys.ts';
import { submitMessage } from '../../src/use-cases/submit-message.ts';
import { deputyLoad, MemoryDirectory, MemoryMessages, memoryIntakePorts } from './in-memory.ts';

/** The source a message is counted under is a keyed hash of the address: hashing every IPv4 address does not find it. */

const city = loadCityConfig('demo');
const clientIp = '203.0.113.7';

async function storedSourceKey(secret: string): Promise<string> {
  const messages = new MemoryMessages();
  const ports = memoryIntakePorts(messages, new MemoryDirectory([deputyLoad('D0001', 0)], []), { sources: sourceKeysFrom(async () => secret) });
  const { messageId } = await submitMessage(
    ports,
    { deputyCode: 'D0001', category: 'public_facilities', content: '村口路灯坏了。' },
    { clientIp, cause: { correlationId: 'c', causationId: 'c' } },
    new Date('2026-03-05T02:00:00Z'),
  );
  return messages.items.get(messageId)!.secrets.sourceKey;
}

describe('the stored source key', () => {
  it("is not any plain hash of a known address, and is the address's HMAC-SHA-256 under the city's secret", async () => {
    // Act
    const stored = await storedSourceKey('city secret one');

    // Assess
    const plain = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 32);
    expect(stored).not.toBe(plain(clientIp));
    expect(stored).not.toBe(plain(`${city.name}|${clientIp}`));
    expect(stored).toBe(createHmac('sha256', 'city secret one').update(clientIp).digest('hex').slice(0, 32));
  });

  it('differs between two cities (secrets) for the same address', async () => {
    // Act
    const [one, two] = await Promise.all([storedSourceKey('city secret one'), storedSourceKey('city secret two')]);

    // Assess
    expect(one).not.toBe(two);
  });
});

describe('kmsSourceKeys', () => {
  it("asks KMS for the address's HMAC-SHA-256 once per address and keeps 128 bits of it", async () => {
    // Prepare
    const calls: Record<string, unknown>[] = [];
    const client = {
      send: async (command: { input: Record<string, unknown> }) => {
        calls.push(command.input);
        return {
          Mac: createHmac('sha256', 'held by KMS')
            .update(command.input.Message as Buffer)
            .digest(),
        };
      },
    } as unknown as Pick<KMSClient, 'send'>;
    const keys = kmsSourceKeys('alias/minqing-demo-source-hash', client);

    // Act
    const first = await keys.keyOf(clientIp);
    const again = await keys.keyOf(clientIp);

    // Assess
    expect(first).toBe(createHmac('sha256', 'held by KMS').update(clientIp).digest('hex').slice(0, 32));
    expect(again).toBe(first);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ KeyId: 'alias/minqing-demo-source-hash', MacAlgorithm: 'HMAC_SHA_256' });
  });
});
