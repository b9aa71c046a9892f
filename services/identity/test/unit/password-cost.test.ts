import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { randomBytes, scrypt } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileSigningKey } from '../../../../shared/auth/signing-key.ts';
import { ScryptPasswordHasher } from '../../src/adapters/scrypt-password-hasher.ts';
import { DECOY_HASH } from '../../src/domain/decoy-hash.ts';
import type { FailureCounter, StoredAccount } from '../../src/ports.ts';
import { signIn } from '../../src/use-cases/sign-in.ts';

/** The password cost meets OWASP's scrypt minimum, and older hashes are raised at sign-in. */

const PASSWORD = 'correct-horse-电池';
const dir = mkdtempSync(join(tmpdir(), 'minqing-password-cost-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A counter that never refuses: throttling is another test's subject. */
const noFailures = {
  count: async () => 0,
  increment: async () => {},
  reserve: async () => true,
  release: async () => {},
} as unknown as FailureCounter;

const costOf = (stored: string) => stored.split('$').slice(1, 4).map(Number);

describe('password cost', () => {
  it('hashes new passwords at N = 2^15, r = 8, p = 3 and checks unknown usernames at the same cost', async () => {
    // Act
    const stored = await new ScryptPasswordHasher().hash(PASSWORD);

    // Assess
    expect(costOf(stored)).toEqual([2 ** 15, 8, 3]);
    expect(costOf(DECOY_HASH)).toEqual(costOf(stored));
  });

  it('replaces a hash made at the old cost when its holder signs in, with one that verifies the same password', async () => {
    // Prepare
    const hasher = new ScryptPasswordHasher();
    const weak = await rehashAt({ N: 2 ** 14, r: 8, p: 1 });
    const account: StoredAccount = {
      accountId: 'acc-1',
      username: 'zhangsan',
      name: '张三',
      role: 'deputy',
      scope: { deputyCode: 'D0001' },
      passwordHash: weak,
    };
    const replaced: { username: string; previous: string; next: string }[] = [];

    // Act
    await signIn(
      {
        directory: { getAccount: async () => account },
        hasher,
        failures: noFailures,
        signingKey: new FileSigningKey(join(dir, 'signing.pem')),
        city: 'demo',
        rehashed: async (username, previous, next) => {
          replaced.push({ username, previous, next });
        },
      },
      { username: 'zhangsan', password: PASSWORD, clientIp: '203.0.113.7' },
      new Date('2026-03-05T02:00:00Z'),
    );

    // Assess
    expect(replaced).toHaveLength(1);
    expect(replaced[0]).toMatchObject({ username: 'zhangsan', previous: weak });
    expect(costOf(replaced[0]!.next)).toEqual([2 ** 15, 8, 3]);
    expect(await hasher.verify(PASSWORD, replaced[0]!.next)).toBe(true);
  });

  it('leaves hashes at today’s cost, and local demo hashes, as they are', async () => {
    // Prepare
    const hasher = new ScryptPasswordHasher();

    // Act
    const verdicts = [hasher.needsRehash(await hasher.hash(PASSWORD)), hasher.needsRehash(await hasher.hash(PASSWORD, { cost: 'demo' }))];

    // Assess
    expect(verdicts).toEqual([false, false]);
  });
});

/** A hash of the password at a given (older) cost, in the stored form. */
async function rehashAt(cost: { N: number; r: number; p: number }): Promise<string> {
  const salt = randomBytes(16);
  const key = await new Promise<Buffer>((resolve, reject) =>
    scrypt(PASSWORD, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r }, (e, k) => (e ? reject(e) : resolve(k))),
  );
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}
