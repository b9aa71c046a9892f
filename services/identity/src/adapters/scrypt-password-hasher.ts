import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../ports.ts';

const scryptAsync = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scrypt(password, salt, keylen, options, (e, key) => (e ? reject(e) : resolve(key))));

/**
 * scrypt (memory-hard, node:crypto). Stored as `scrypt$N$r$p$salt$hash`, so the cost can rise
 * without breaking existing hashes: a hash below the standard cost still verifies, and sign-in
 * replaces it ({@link ScryptPasswordHasher.needsRehash}). The standard cost is OWASP's scrypt
 * minimum N = 2^15, r = 8, p = 3 (32 MiB, fits the smallest Lambda). Demo accounts (local only,
 * password `demo`) use a low cost so the first start seeds hundreds of accounts in seconds.
 */
export class ScryptPasswordHasher implements PasswordHasher {
  static readonly STANDARD = { N: 2 ** 15, r: 8, p: 3 };
  static readonly DEMO = { N: 2 ** 10, r: 8, p: 1 };

  async hash(password: string, options: { cost?: 'standard' | 'demo' } = {}): Promise<string> {
    const { N, r, p } = options.cost === 'demo' ? ScryptPasswordHasher.DEMO : ScryptPasswordHasher.STANDARD;
    const salt = randomBytes(16);
    const key = await scryptAsync(password, salt, 32, { N, r, p, maxmem: 256 * N * r });
    return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
  }

  /** Whether a stored hash is weaker than the standard cost (demo hashes, local only, excepted). */
  needsRehash(stored: string): boolean {
    const [scheme, n, r, p] = stored.split('$');
    const cost = { N: Number(n), r: Number(r), p: Number(p) };
    const { DEMO, STANDARD } = ScryptPasswordHasher;
    if (scheme !== 'scrypt' || (cost.N === DEMO.N && cost.r === DEMO.r && cost.p === DEMO.p)) return false;
    return cost.N < STANDARD.N || cost.r < STANDARD.r || cost.N * cost.p < STANDARD.N * STANDARD.p;
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [scheme, n, r, p, salt, hash] = stored.split('$');
    if (scheme !== 'scrypt' || !salt || !hash) return false;
    const N = Number(n);
    const expected = Buffer.from(hash, 'base64');
    // A stored key that decodes to (almost) nothing would match any password: refuse it.
    if (expected.length < 16) return false;
    try {
      const key = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, {
        N,
        r: Number(r),
        p: Number(p),
        maxmem: 256 * N * Number(r),
      });
      return timingSafeEqual(key, expected);
    } catch {
      // Malformed cost parameters (scrypt throws): not a password that verifies.
      return false;
    }
  }
}
