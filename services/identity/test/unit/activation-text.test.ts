import { describe, expect, it } from 'vitest';
import { TooManyRequestsError } from '../../../../shared/runtime/errors.ts';
import type { StoredItem } from '../../../../shared/store/item-store.ts';
import { normalizeCode } from '../../src/domain/account.ts';
import type { AccountStore, FailureCounter, StoredAccount } from '../../src/ports.ts';
import { hashCode } from '../../src/use-cases/accounts.ts';
import { requestActivationText, type ActivationTextPorts } from '../../src/use-cases/activation-text.ts';

const now = new Date('2026-12-02T08:00:00.000Z');

/** Accounts in memory, versioned as the store's are; `reads` counts lookups. */
function accountsOf(list: StoredAccount[]) {
  const items = new Map(list.map((a) => [a.username, { ...a, pk: `account#${a.username}`, sk: 'account', version: 1 } as StoredItem<StoredAccount>]));
  const store = {
    reads: 0,
    async get(username: string) {
      store.reads++;
      return items.get(username);
    },
    async save(stored: StoredItem<StoredAccount>, next: StoredAccount) {
      items.set(stored.username, { ...stored, ...next, version: stored.version + 1 });
    },
    items,
  };
  return store;
}

/** Counts per key and window, as the DynamoDB counter does. */
function counter(): FailureCounter {
  const counts = new Map<string, number>();
  return {
    async count(key, window) {
      return counts.get(`${key}|${window}`) ?? 0;
    },
    async increment(key, window) {
      counts.set(`${key}|${window}`, (counts.get(`${key}|${window}`) ?? 0) + 1);
    },
    async reserve(key, window, limit) {
      const current = counts.get(`${key}|${window}`) ?? 0;
      if (current >= limit) return false;
      counts.set(`${key}|${window}`, current + 1);
      return true;
    },
    async release(key, window) {
      counts.set(`${key}|${window}`, (counts.get(`${key}|${window}`) ?? 1) - 1);
    },
  };
}

const deputy = (username: string, status: StoredAccount['status']): StoredAccount => ({
  accountId: `acc-${username}`,
  username,
  name: '代表',
  role: 'deputy',
  scope: { deputyCode: username },
  status,
});

function world(accounts: StoredAccount[], phones: string[]) {
  const store = accountsOf(accounts);
  const texts: { username: string; code: string }[] = [];
  let seed = 0;
  const ports: ActivationTextPorts = {
    accounts: store as unknown as AccountStore,
    random: (n) => Uint8Array.from({ length: n }, () => seed++),
    requests: counter(),
    hasPhone: async (username) => phones.includes(username),
    text: async (username, code) => void texts.push({ username, code }),
  };
  return { ports, store, texts };
}

describe('activation codes by SMS', () => {
  it('texts a pending deputy with a phone a code that is now the account’s', async () => {
    // Prepare
    const { ports, store, texts } = world([deputy('D0001', 'pending')], ['D0001']);

    // Act
    await requestActivationText(ports, { username: ' D0001 ', clientIp: '203.0.113.1' }, now);

    // Assess
    expect(texts).toHaveLength(1);
    expect(texts[0]!.username).toBe('D0001');
    expect(store.items.get('D0001')!.activationCodeHash).toBe(hashCode(normalizeCode(texts[0]!.code)));
  });

  it('texts nobody for an unknown name, an active account, a staff account or a deputy without a phone, and says nothing', async () => {
    // Prepare
    const staff: StoredAccount = { ...deputy('lucheng.reviewer', 'active'), role: 'township_reviewer', scope: { townshipCode: 'lucheng' } };
    const { ports, store, texts } = world([deputy('D0002', 'active'), deputy('D0003', 'pending'), staff], ['D0002', 'lucheng.reviewer']);

    // Act
    const answers = await Promise.all(
      ['D9999', 'D0002', 'D0003', 'lucheng.reviewer'].map((username) => requestActivationText(ports, { username, clientIp: '203.0.113.2' }, now)),
    );

    // Assess
    expect(answers).toEqual([undefined, undefined, undefined, undefined]);
    expect(texts).toEqual([]);
    expect(store.items.get('D0003')!.activationCodeHash).toBeUndefined();
  });

  it('refuses past the limit per username and per client before looking anything up', async () => {
    // Prepare
    const { ports, store } = world([], []);
    const ask = (username: string, clientIp: string) => requestActivationText(ports, { username, clientIp }, now);
    for (let i = 0; i < 3; i++) await ask('D9999', '203.0.113.3');
    for (let i = 0; i < 10; i++) await ask(`D10${i}`, '203.0.113.4');
    const readsBefore = store.reads;

    // Act
    const sameName = ask('D9999', '203.0.113.5');
    const sameClient = ask('D2000', '203.0.113.4');

    // Assess
    await expect(sameName).rejects.toBeInstanceOf(TooManyRequestsError);
    await expect(sameClient).rejects.toBeInstanceOf(TooManyRequestsError);
    expect(store.reads).toBe(readsBefore);
  });
});
