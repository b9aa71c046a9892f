import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FileSigningKey } from '../../../../shared/auth/signing-key.ts';
import { verifyAccessToken } from '../../../../shared/auth/tokens.ts';
import { TooManyRequestsError, UnauthorizedError } from '../../../../shared/runtime/errors.ts';
import { ScryptPasswordHasher } from '../../src/adapters/scrypt-password-hasher.ts';
import { DECOY_HASH } from '../../src/domain/decoy-hash.ts';
import type { FailureCounter, PasswordHasher, StoredAccount } from '../../src/ports.ts';
import { signIn, type SignInPorts } from '../../src/use-cases/sign-in.ts';

/** 登录: password check, token issue, and brute-force throttling per username and per client. */

/** 100 s into a 15-minute window (08:00:00Z starts one), so a blocked caller waits 800 s. */
const now = new Date('2025-03-01T08:01:40.000Z');
const windowOfNow = Date.UTC(2025, 2, 1, 8, 0, 0) / 1000;
const PASSWORD = 'correct-horse-电池';

/** Failure counts in a Map, keyed by counter key and window; remembers each increment. */
class MapFailureCounter implements FailureCounter {
  readonly counts = new Map<string, number>();
  readonly increments: { key: string; windowStart: number; expiresAt: number }[] = [];

  async count(key: string, windowStart: number): Promise<number> {
    return this.counts.get(`${key}@${windowStart}`) ?? 0;
  }

  async increment(key: string, windowStart: number, expiresAt: number): Promise<void> {
    this.increments.push({ key, windowStart, expiresAt });
    this.counts.set(`${key}@${windowStart}`, (this.counts.get(`${key}@${windowStart}`) ?? 0) + 1);
  }

  /** A reservation is the failure counted in advance; a release takes it back. */
  async reserve(key: string, windowStart: number, limit: number, expiresAt: number): Promise<boolean> {
    if (this.of(key, windowStart) >= limit) return false;
    await this.increment(key, windowStart, expiresAt);
    return true;
  }

  async release(key: string, windowStart: number): Promise<void> {
    const at = this.increments.findLastIndex((i) => i.key === key && i.windowStart === windowStart);
    if (at >= 0) this.increments.splice(at, 1);
    this.counts.set(`${key}@${windowStart}`, this.of(key, windowStart) - 1);
  }

  of(key: string, windowStart = windowOfNow): number {
    return this.counts.get(`${key}@${windowStart}`) ?? 0;
  }
}

/** The real scrypt hasher, recording which stored hashes it was asked to check. */
class RecordingHasher implements PasswordHasher {
  readonly checked: string[] = [];
  private readonly real = new ScryptPasswordHasher();

  hash(password: string, options?: { cost?: 'standard' | 'demo' }): Promise<string> {
    return this.real.hash(password, options);
  }

  verify(password: string, stored: string): Promise<boolean> {
    this.checked.push(stored);
    return this.real.verify(password, stored);
  }
}

let dir: string;
let signingKey: FileSigningKey;
let accounts: Map<string, StoredAccount>;
let hasher: RecordingHasher;
let failures: MapFailureCounter;
let lookups: string[];
let ports: SignInPorts;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'minqing-sign-in-'));
  signingKey = new FileSigningKey(join(dir, 'signing.pem'));
  const passwordHash = await new ScryptPasswordHasher().hash(PASSWORD, { cost: 'demo' });
  const fixtures: StoredAccount[] = [
    { accountId: 'acc-zhangsan', username: 'zhangsan', name: '张三', role: 'deputy', scope: { deputyCode: 'D0001' }, passwordHash },
    { accountId: 'acc-lucheng', username: 'lucheng.reviewer', name: '李明', role: 'township_reviewer', scope: { townshipCode: 'lucheng' }, passwordHash },
    ...Array.from(
      { length: 9 },
      (_, i): StoredAccount => ({
        accountId: `acc-handler${i + 1}`,
        username: `handler${i + 1}`,
        name: `办理人${i + 1}`,
        role: 'unit_handler',
        scope: { unitCode: `U-${i + 1}` },
        passwordHash,
      }),
    ),
  ];
  accounts = new Map(fixtures.map((a) => [a.username, a]));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  hasher = new RecordingHasher();
  failures = new MapFailureCounter();
  lookups = [];
  ports = {
    directory: {
      getAccount: async (username) => {
        lookups.push(username);
        return accounts.get(username);
      },
    },
    hasher,
    failures,
    signingKey,
    city: 'demo',
  };
});

const attempt = (username: string, password: string, clientIp: string, at: Date = now) => signIn(ports, { username, password, clientIp }, at);

/** Runs a failing attempt and checks it failed as a wrong password does. */
async function fail(username: string, clientIp: string, at: Date = now): Promise<void> {
  await expect(attempt(username, 'wrong-password', clientIp, at)).rejects.toBeInstanceOf(UnauthorizedError);
}

describe('signIn', () => {
  it('issues a one-hour bearer token carrying role, scope, name and city for the right password', async () => {
    // Act
    const result = await attempt('lucheng.reviewer', PASSWORD, '203.0.113.7');

    // Assess
    expect(result).toEqual({
      accessToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 3600,
      user: { id: 'acc-lucheng', username: 'lucheng.reviewer', role: 'township_reviewer', name: '李明', scope: { townshipCode: 'lucheng' } },
    });
    const verified = await verifyAccessToken(signingKey, result.accessToken, now);
    expect(verified).toEqual({
      ok: true,
      claims: { sub: 'acc-lucheng', username: 'lucheng.reviewer', name: '李明', role: 'township_reviewer', scope: { townshipCode: 'lucheng' }, city: 'demo' },
    });
    expect(failures.increments).toEqual([]);
  });

  it('answers a wrong password and an unknown user with the same 401, after checking a hash both times', async () => {
    // Act
    const wrongPassword = await attempt('zhangsan', 'not-it', '203.0.113.7').catch((e: unknown) => e);
    const unknownUser = await attempt('nobody', PASSWORD, '198.51.100.2').catch((e: unknown) => e);

    // Assess
    for (const error of [wrongPassword, unknownUser]) {
      expect(error).toBeInstanceOf(UnauthorizedError);
      expect(error).toMatchObject({ status: 401, message: 'Wrong username or password.' });
    }
    expect((wrongPassword as Error).message).toBe((unknownUser as Error).message);
    expect(hasher.checked).toEqual([accounts.get('zhangsan')!.passwordHash, DECOY_HASH]);
  });

  it('counts each failure once for the username and once for the client, kept for two windows', async () => {
    // Act
    await fail('zhangsan', '203.0.113.7');
    await expect(attempt('nobody', PASSWORD, '198.51.100.2')).rejects.toBeInstanceOf(UnauthorizedError);

    // Assess
    expect(failures.of('user#zhangsan')).toBe(1);
    expect(failures.of('client#203.0.113.7')).toBe(1);
    expect(failures.of('user#nobody')).toBe(1);
    expect(failures.of('client#198.51.100.2')).toBe(1);
    expect(failures.increments).toHaveLength(4);
    for (const increment of failures.increments) expect(increment).toMatchObject({ windowStart: windowOfNow, expiresAt: windowOfNow + 1800 });
  });

  it('still lets the right password in after 4 failures for the username', async () => {
    // Prepare
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) await fail('zhangsan', ip);

    // Act
    const result = await attempt('zhangsan', PASSWORD, '10.0.0.5');

    // Assess
    expect(result.user.username).toBe('zhangsan');
  });

  it('after 5 failures for a username (from any clients, any case) refuses even the right password with 429', async () => {
    // Prepare
    for (const ip of ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4']) await fail('zhangsan', ip);
    await fail('ZhangSan', '10.0.0.5');
    expect(failures.of('user#zhangsan')).toBe(5);
    const checksBefore = hasher.checked.length;

    // Act
    const error = await attempt('zhangsan', PASSWORD, '10.0.0.6').catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(TooManyRequestsError);
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 800, retryable: true });
    expect(hasher.checked).toHaveLength(checksBefore);
    expect(lookups.filter((u) => u === 'zhangsan')).toHaveLength(4);
    expect(failures.of('user#zhangsan')).toBe(5);
  });

  it('lets another username from another client sign in while one username is blocked', async () => {
    // Prepare
    for (let i = 0; i < 5; i++) await fail('zhangsan', '10.0.0.1');
    await expect(attempt('zhangsan', PASSWORD, '10.0.0.1')).rejects.toBeInstanceOf(TooManyRequestsError);

    // Act
    const result = await attempt('lucheng.reviewer', PASSWORD, '10.9.9.9');

    // Assess
    expect(result.user.username).toBe('lucheng.reviewer');
  });

  it('after 30 failures from one client blocks every username from that client, but not elsewhere', async () => {
    // Prepare: 8 usernames, none past its own limit of 5, 30 failures in all
    for (let i = 0; i < 30; i++) await fail(`handler${(i % 8) + 1}`, '203.0.113.66');
    expect(failures.of('client#203.0.113.66')).toBe(30);
    expect(Math.max(...Array.from({ length: 8 }, (_, i) => failures.of(`user#handler${i + 1}`)))).toBeLessThan(5);

    // Act
    const fromThatClient = await attempt('handler9', PASSWORD, '203.0.113.66').catch((e: unknown) => e);
    const fromElsewhere = await attempt('handler9', PASSWORD, '198.51.100.2');

    // Assess
    expect(fromThatClient).toBeInstanceOf(TooManyRequestsError);
    expect(fromThatClient).toMatchObject({ retryAfterSeconds: 800 });
    expect(fromElsewhere.user.username).toBe('handler9');
  });

  it('lets the right password in again once a new window starts (15 minutes later)', async () => {
    // Prepare
    for (let i = 0; i < 5; i++) await fail('zhangsan', '10.0.0.1');
    await expect(attempt('zhangsan', PASSWORD, '10.0.0.1')).rejects.toBeInstanceOf(TooManyRequestsError);
    const nextWindow = new Date(now.getTime() + 15 * 60 * 1000);

    // Act
    const result = await attempt('zhangsan', PASSWORD, '10.0.0.1', nextWindow);

    // Assess
    expect(result.user.username).toBe('zhangsan');
    expect((await verifyAccessToken(signingKey, result.accessToken, nextWindow)).ok).toBe(true);
  });

  it('trims the username, for the lookup and for the failure count', async () => {
    // Act
    const result = await attempt('  zhangsan\t', PASSWORD, '10.0.0.1');
    await fail(' zhangsan ', '10.0.0.1');

    // Assess
    expect(result.user.username).toBe('zhangsan');
    expect(lookups).toEqual(['zhangsan', 'zhangsan']);
    expect(failures.of('user#zhangsan')).toBe(1);
  });

  it('applies the limits passed in the ports', async () => {
    // Prepare
    ports.limits = { perUsername: 2, perClient: 100, windowSeconds: 60 };
    await fail('zhangsan', '10.0.0.1');
    await fail('zhangsan', '10.0.0.2');

    // Act
    const error = await attempt('zhangsan', PASSWORD, '10.0.0.3').catch((e: unknown) => e);

    // Assess: 100 s is 40 s into a 60 s window
    expect(error).toMatchObject({ status: 429, retryAfterSeconds: 20 });
    expect(failures.increments[0]).toMatchObject({ windowStart: windowOfNow + 60, expiresAt: windowOfNow + 60 + 120 });
  });
});
