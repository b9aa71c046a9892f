import { describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '../../src/adapters/scrypt-password-hasher.ts';
import { DECOY_HASH } from '../../src/domain/decoy-hash.ts';

/** scrypt password hashes: `scrypt$N$r$p$salt$hash`. Standard cost is slow (~100 ms): used sparingly. */

const hasher = new ScryptPasswordHasher();
const base64 = '[A-Za-z0-9+/]+={0,2}';

describe('ScryptPasswordHasher', () => {
  it('hashes at standard cost (N = 32768, p = 3) and verifies the right password only', async () => {
    // Act
    const stored = await hasher.hash('正确的马 battery staple');
    const right = await hasher.verify('正确的马 battery staple', stored);
    const wrong = await hasher.verify('正确的马 battery stapler', stored);

    // Assess
    expect(stored).toMatch(new RegExp(`^scrypt\\$32768\\$8\\$3\\$${base64}\\$${base64}$`));
    const [, , , , salt, hash] = stored.split('$');
    expect(Buffer.from(salt!, 'base64')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64')).toHaveLength(32);
    expect(right).toBe(true);
    expect(wrong).toBe(false);
  });

  it('hashes demo accounts at low cost (N = 1024), still verifiable', async () => {
    // Act
    const stored = await hasher.hash('demo', { cost: 'demo' });

    // Assess
    expect(stored).toMatch(new RegExp(`^scrypt\\$1024\\$8\\$1\\$${base64}\\$${base64}$`));
    expect(await hasher.verify('demo', stored)).toBe(true);
    expect(await hasher.verify('Demo', stored)).toBe(false);
    expect(await hasher.verify('', stored)).toBe(false);
  });

  it('salts: two hashes of the same password differ, and both verify', async () => {
    // Act
    const first = await hasher.hash('demo', { cost: 'demo' });
    const second = await hasher.hash('demo', { cost: 'demo' });

    // Assess
    expect(first).not.toBe(second);
    expect(first.split('$')[4]).not.toBe(second.split('$')[4]);
    expect(first.split('$')[5]).not.toBe(second.split('$')[5]);
    expect(await hasher.verify('demo', first)).toBe(true);
    expect(await hasher.verify('demo', second)).toBe(true);
  });

  it('reads the cost from the stored hash, so older cheaper hashes keep working', async () => {
    // Prepare
    const demo = await hasher.hash('secret', { cost: 'demo' });
    const [scheme, , r, p, salt, hash] = demo.split('$');

    // Act: the same salt and key claimed at another cost no longer match
    const claimedStandard = [scheme, 32768, r, p, salt, hash].join('$');

    // Assess
    expect(await hasher.verify('secret', demo)).toBe(true);
    expect(await hasher.verify('secret', claimedStandard)).toBe(false);
  });

  it('does not verify when one bit of the stored key changes', async () => {
    // Prepare
    const stored = await hasher.hash('demo', { cost: 'demo' });
    const parts = stored.split('$');
    const key = Buffer.from(parts[5]!, 'base64');
    key[31] = key[31]! ^ 0x01;
    parts[5] = key.toString('base64');

    // Act
    const verified = await hasher.verify('demo', parts.join('$'));

    // Assess
    expect(verified).toBe(false);
  });

  const salt = Buffer.alloc(16, 7).toString('base64');
  const key = Buffer.alloc(32, 9).toString('base64');
  it.each([
    { case: 'an empty string', stored: '' },
    { case: 'plain text', stored: 'demo' },
    { case: 'another scheme', stored: `bcrypt$1024$8$1$${salt}$${key}` },
    { case: 'no salt', stored: `scrypt$1024$8$1$$${key}` },
    { case: 'no key', stored: `scrypt$1024$8$1$${salt}$` },
    { case: 'too few fields', stored: `scrypt$1024$8$1$${salt}` },
    { case: 'a non-numeric N', stored: `scrypt$abc$8$1$${salt}$${key}` },
    { case: 'an N that is not a power of two', stored: `scrypt$1000$8$1$${salt}$${key}` },
    { case: 'a zero r', stored: `scrypt$1024$0$1$${salt}$${key}` },
    { case: 'a key that decodes to no bytes', stored: `scrypt$1024$8$1$${salt}$!!!!` },
    { case: 'a key of a single byte', stored: `scrypt$1024$8$1$${salt}$AA==` },
  ])('answers false (never throws, never true) for a stored hash with $case', async ({ stored }) => {
    // Act
    const verdicts = await Promise.all(['demo', '', 'anything'].map((password) => hasher.verify(password, stored)));

    // Assess
    expect(verdicts).toEqual([false, false, false]);
  });

  it('never verifies a password against DECOY_HASH, which costs the same as a real hash', async () => {
    // Prepare
    const [scheme, n, r, p] = DECOY_HASH.split('$');

    // Act
    const verdicts = await Promise.all(['', 'demo'].map((password) => hasher.verify(password, DECOY_HASH)));

    // Assess
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual([
      'scrypt',
      ScryptPasswordHasher.STANDARD.N,
      ScryptPasswordHasher.STANDARD.r,
      ScryptPasswordHasher.STANDARD.p,
    ]);
    expect(verdicts).toEqual([false, false]);
  });
});
