import { describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS, throttleKeys, throttleVerdict, windowStart, type ThrottleLimits } from '../../src/domain/login-throttle.ts';

/** Sign-in throttling rules: fixed windows, limits per username and per client. */

/** 2025-03-01T08:00:00Z: a multiple of 15 minutes, so a window starts exactly here. */
const windowOpen = Date.UTC(2025, 2, 1, 8, 0, 0);
const windowOpenSeconds = windowOpen / 1000;
const at = (secondsIntoWindow: number) => new Date(windowOpen + secondsIntoWindow * 1000);

describe('DEFAULT_LOGIN_LIMITS', () => {
  it('allows 5 failures per username and 30 per client in 15-minute windows', () => {
    // Assess
    expect(DEFAULT_LOGIN_LIMITS).toEqual({ perUsername: 5, perClient: 30, windowSeconds: 900 });
  });
});

describe('windowStart', () => {
  it.each([
    { case: 'at the first second of a window', offset: 0, start: windowOpenSeconds },
    { case: 'in the middle', offset: 437.25, start: windowOpenSeconds },
    { case: 'in the last second', offset: 899.999, start: windowOpenSeconds },
    { case: 'at the start of the next window', offset: 900, start: windowOpenSeconds + 900 },
    { case: 'just before the window (previous one)', offset: -0.001, start: windowOpenSeconds - 900 },
  ])('$case', ({ offset, start }) => {
    // Act
    const result = windowStart(at(offset));

    // Assess
    expect(result).toBe(start);
    expect(result % 900).toBe(0);
  });

  it('uses the window length of the limits passed', () => {
    // Prepare
    const limits: ThrottleLimits = { perUsername: 3, perClient: 10, windowSeconds: 60 };

    // Act / Assess
    expect(windowStart(at(125), limits)).toBe(windowOpenSeconds + 120);
    expect(windowStart(at(59), limits)).toBe(windowOpenSeconds);
  });
});

describe('throttleVerdict', () => {
  it.each([
    { username: 0, client: 0, allowed: true },
    { username: 4, client: 0, allowed: true },
    { username: 4, client: 29, allowed: true },
    { username: 5, client: 0, allowed: false },
    { username: 6, client: 0, allowed: false },
    { username: 0, client: 30, allowed: false },
    { username: 0, client: 31, allowed: false },
    { username: 5, client: 30, allowed: false },
  ])('username failures $username, client failures $client → allowed $allowed', ({ username, client, allowed }) => {
    // Act
    const verdict = throttleVerdict({ username, client }, at(10));

    // Assess
    expect(verdict.allowed).toBe(allowed);
  });

  it.each([
    { offset: 0, retryAfter: 900 },
    { offset: 1, retryAfter: 899 },
    { offset: 100.7, retryAfter: 800 },
    { offset: 600, retryAfter: 300 },
    { offset: 899, retryAfter: 1 },
    { offset: 899.9, retryAfter: 1 },
  ])('tells a blocked caller to retry after $retryAfter s when $offset s into the window', ({ offset, retryAfter }) => {
    // Act
    const verdict = throttleVerdict({ username: 5, client: 0 }, at(offset));

    // Assess
    expect(verdict).toEqual({ allowed: false, retryAfterSeconds: retryAfter });
  });

  it('counts retryAfter down to the window end and never below 1 s', () => {
    // Prepare
    const offsets = Array.from({ length: 901 }, (_, i) => i * 0.999);

    // Act
    const waits = offsets.map((offset) => {
      const verdict = throttleVerdict({ username: 0, client: 30 }, at(offset));
      return verdict.allowed ? Number.NaN : verdict.retryAfterSeconds;
    });

    // Assess
    for (const [i, wait] of waits.entries()) {
      expect(wait).toBeGreaterThanOrEqual(1);
      expect(wait).toBeLessThanOrEqual(900);
      expect(Number.isInteger(wait)).toBe(true);
      // Trying again after the wait lands in the next window.
      expect(windowStart(at(offsets[i]! + wait))).toBe(windowOpenSeconds + 900);
      if (i > 0) expect(wait).toBeLessThanOrEqual(waits[i - 1]!);
    }
  });

  it('applies the limits passed', () => {
    // Prepare
    const limits: ThrottleLimits = { perUsername: 2, perClient: 3, windowSeconds: 60 };

    // Act / Assess
    expect(throttleVerdict({ username: 1, client: 2 }, at(0), limits)).toEqual({ allowed: true });
    expect(throttleVerdict({ username: 2, client: 0 }, at(15), limits)).toEqual({ allowed: false, retryAfterSeconds: 45 });
    expect(throttleVerdict({ username: 0, client: 3 }, at(59.5), limits)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});

describe('throttleKeys', () => {
  it('case-folds and trims usernames so Admin and admin share a budget', () => {
    // Act
    const variants = ['admin', 'Admin', 'ADMIN', '  aDmIn  '].map((u) => throttleKeys(u, '203.0.113.7').username);

    // Assess
    expect(new Set(variants)).toEqual(new Set(['user#admin']));
  });

  it('folds Chinese-pinyin usernames with capitals too, and keeps different names apart', () => {
    // Act
    const a = throttleKeys('ZhangSan', '203.0.113.7');
    const b = throttleKeys('zhangsan', '198.51.100.2');
    const c = throttleKeys('zhangsan2', '203.0.113.7');

    // Assess
    expect(a.username).toBe(b.username);
    expect(a.username).not.toBe(c.username);
  });

  it('keys clients by address, in a namespace apart from usernames', () => {
    // Act
    const keys = throttleKeys('203.0.113.7', '203.0.113.7');
    const other = throttleKeys('admin', '198.51.100.2');

    // Assess
    expect(keys).toEqual({ username: 'user#203.0.113.7', client: 'client#203.0.113.7' });
    expect(keys.username).not.toBe(keys.client);
    expect(other.client).toBe('client#198.51.100.2');
    expect(throttleKeys('x', '2001:db8::1').client).toBe('client#2001:db8::1');
  });
});
