import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AccessClaims } from '../../shared/auth/caller.ts';
import { FileSigningKey } from '../../shared/auth/signing-key.ts';
import { issueAccessToken, verifyAccessToken } from '../../shared/auth/tokens.ts';

/** A rotation of the token-signing key: both keys verify, each token by its `kid`, until the old tokens expire. */

const now = new Date('2027-01-08T08:00:00.000Z');
const claims: AccessClaims = {
  sub: 'acct-0001',
  username: 'lucheng.reviewer',
  name: '李明',
  role: 'township_reviewer',
  scope: { townshipCode: 'lucheng' },
  city: 'demo',
};
const dir = mkdtempSync(join(tmpdir(), 'minqing-rotation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('token-signing key rotation', () => {
  // Prepare: the key that signed until today, the new one, and one that was never published
  const previous = new FileSigningKey(join(dir, 'previous.pem'));
  const current = new FileSigningKey(join(dir, 'current.pem'));
  const stranger = new FileSigningKey(join(dir, 'stranger.pem'));

  it("accepts a token of either published key, each checked against its own kid's key", async () => {
    // Act
    const oldToken = await issueAccessToken(previous, claims, now);
    const newToken = await issueAccessToken(current, claims, now);
    const results = await Promise.all([verifyAccessToken([current, previous], oldToken, now), verifyAccessToken([current, previous], newToken, now)]);

    // Assess
    expect(previous.keyId).not.toBe(current.keyId);
    expect(results.map((r) => r.ok && r.claims.username)).toEqual(['lucheng.reviewer', 'lucheng.reviewer']);
  });

  it('refuses a token of a key no longer published, and one whose kid names another key than the one that signed', async () => {
    // Prepare: a token of the stranger's key that claims the current key's kid
    const forged = await issueAccessToken({ keyId: current.keyId, sign: (input) => stranger.sign(input), publicKey: () => stranger.publicKey() }, claims, now);
    const oldToken = await issueAccessToken(previous, claims, now);

    // Act
    const results = await Promise.all([verifyAccessToken([current], oldToken, now), verifyAccessToken([current, previous], forged, now)]);

    // Assess
    expect(results).toEqual([
      { ok: false, problem: 'invalid' },
      { ok: false, problem: 'invalid' },
    ]);
  });
});
