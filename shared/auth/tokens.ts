import { errors, jwtVerify } from 'jose';
import { accessClaimsSchema, type AccessClaims } from './caller.ts';
import type { SigningKey } from './signing-key.ts';

export const TOKEN_ISSUER = 'minqing-identity';
export const TOKEN_AUDIENCE = 'minqing';
/** Access tokens are short-lived: a stolen one is useless within the hour. */
export const ACCESS_TOKEN_TTL_SECONDS = 3600;

const base64url = (data: Uint8Array | string) => Buffer.from(data).toString('base64url');

/**
 * Issues a signed ES256 access token. The JWS is assembled here because the signature may come
 * from KMS; verification (the security-critical half) is left to `jose`.
 */
export async function issueAccessToken(key: SigningKey, claims: AccessClaims, now: Date): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  const header = base64url(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: key.keyId }));
  const payload = base64url(JSON.stringify({ ...claims, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, nbf: iat, exp: iat + ACCESS_TOKEN_TTL_SECONDS }));
  const signingInput = `${header}.${payload}`;
  const signature = await key.sign(Buffer.from(signingInput, 'ascii'));
  return `${signingInput}.${base64url(signature)}`;
}

/** Why a token was refused (never told to the client beyond "sign in again"). */
export type TokenProblem = 'expired' | 'invalid';

/**
 * Verifies signature, algorithm, issuer, audience and lifetime; returns the claims or the problem.
 * With several keys (a rotation), the token's `kid` picks the one; a `kid` of none of them is invalid.
 */
export async function verifyAccessToken(
  key: SigningKey | readonly SigningKey[],
  token: string,
  now: Date,
): Promise<{ ok: true; claims: AccessClaims } | { ok: false; problem: TokenProblem }> {
  const verified = await verifyAccessTokenAt(key, token, now);
  return verified.ok ? { ok: true, claims: verified.claims } : verified;
}

/** {@link verifyAccessToken}, also returning when the token was issued (epoch seconds), for revocation checks. */
export async function verifyAccessTokenAt(
  key: SigningKey | readonly SigningKey[],
  token: string,
  now: Date,
): Promise<{ ok: true; claims: AccessClaims; issuedAt: number } | { ok: false; problem: TokenProblem }> {
  const keys: readonly SigningKey[] = 'publicKey' in key ? [key] : key;
  const keyOf = async (header: { kid?: string }) => {
    const match = keys.length === 1 ? keys[0] : keys.find((k) => k.keyId === header.kid);
    if (!match) throw new errors.JWKSNoMatchingKey();
    return match.publicKey();
  };
  try {
    const { payload } = await jwtVerify(token, keyOf, {
      algorithms: ['ES256'],
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      currentDate: now,
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    const claims = accessClaimsSchema.safeParse(payload);
    return claims.success ? { ok: true, claims: claims.data, issuedAt: payload.iat! } : { ok: false, problem: 'invalid' };
  } catch (error) {
    return { ok: false, problem: error instanceof errors.JWTExpired ? 'expired' : 'invalid' };
  }
}
