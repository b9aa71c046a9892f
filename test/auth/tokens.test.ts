import { createPrivateKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessClaims } from '../../shared/auth/caller.ts';
import { derToJose, FileSigningKey, KmsSigningKey } from '../../shared/auth/signing-key.ts';
import { ACCESS_TOKEN_TTL_SECONDS, issueAccessToken, TOKEN_AUDIENCE, TOKEN_ISSUER, verifyAccessToken } from '../../shared/auth/tokens.ts';

/** Access tokens: ES256 JWS issued here (possibly signed by KMS), verified by `jose`. */

const now = new Date('2025-03-01T08:00:00.000Z');
const nowSeconds = Math.floor(now.getTime() / 1000);

const claims: AccessClaims = {
  sub: 'acct-0001',
  username: 'lucheng.reviewer',
  name: '李明',
  role: 'township_reviewer',
  scope: { townshipCode: 'lucheng' },
  city: 'demo',
};

let dir: string;
let keyFile: string;
let key: FileSigningKey;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'minqing-tokens-'));
  keyFile = join(dir, 'signing.pem');
  key = new FileSigningKey(keyFile);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const b64json = (part: string): Record<string, unknown> => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
const encodeJson = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const filePrivateKey = (): KeyObject => createPrivateKey(readFileSync(keyFile, 'utf8'));

/** A token signed with the file's private key but with claims and registered fields chosen by the test. */
function handSigned(payload: Record<string, unknown>, registered: { iss?: string; aud?: string }): Promise<string> {
  let jwt = new SignJWT(payload)
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setSubject('acct-0001')
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + 600);
  if (registered.iss !== undefined) jwt = jwt.setIssuer(registered.iss);
  if (registered.aud !== undefined) jwt = jwt.setAudience(registered.aud);
  return jwt.sign(filePrivateKey());
}

describe('issueAccessToken / verifyAccessToken', () => {
  it('round-trips the claims, with an ES256 header naming the key and an hour of life', async () => {
    // Act
    const token = await issueAccessToken(key, claims, now);
    const verified = await verifyAccessToken(key, token, now);

    // Assess
    const [header, payload, signature] = token.split('.');
    expect(b64json(header!)).toEqual({ alg: 'ES256', typ: 'JWT', kid: key.keyId });
    expect(b64json(payload!)).toMatchObject({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + 3600 });
    expect(Buffer.from(signature!, 'base64url')).toHaveLength(64);
    expect(verified).toEqual({ ok: true, claims });
  });

  it('accepts a token one second before exp and calls it expired one second after', async () => {
    // Prepare
    const token = await issueAccessToken(key, claims, now);
    const exp = now.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000;

    // Act
    const justBefore = await verifyAccessToken(key, token, new Date(exp - 1000));
    const justAfter = await verifyAccessToken(key, token, new Date(exp + 1000));

    // Assess
    expect(justBefore.ok).toBe(true);
    expect(justAfter).toEqual({ ok: false, problem: 'expired' });
  });

  it('refuses a token used before it was issued (nbf)', async () => {
    // Prepare
    const token = await issueAccessToken(key, claims, now);

    // Act
    const verified = await verifyAccessToken(key, token, new Date(now.getTime() - 60_000));

    // Assess
    expect(verified).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses a payload tampered to role admin with the original signature', async () => {
    // Prepare
    const [header, payload, signature] = (await issueAccessToken(key, claims, now)).split('.');
    const forged = { ...b64json(payload!), role: 'admin', scope: {} };
    const tampered = `${header}.${encodeJson(forged)}.${signature}`;

    // Act
    const verified = await verifyAccessToken(key, tampered, now);

    // Assess
    expect(verified).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses a token signed by another key', async () => {
    // Prepare
    const other = new FileSigningKey(join(dir, 'other.pem'));
    const token = await issueAccessToken(other, claims, now);

    // Act
    const verified = await verifyAccessToken(key, token, now);

    // Assess
    expect((await verifyAccessToken(other, token, now)).ok).toBe(true);
    expect(verified).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses an unsigned alg:none token', async () => {
    // Prepare
    const payload = { ...claims, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat: nowSeconds, nbf: nowSeconds, exp: nowSeconds + 600 };
    const unsigned = `${encodeJson({ alg: 'none', typ: 'JWT' })}.${encodeJson(payload)}.`;

    // Act
    const verified = await verifyAccessToken(key, unsigned, now);

    // Assess
    expect(verified).toEqual({ ok: false, problem: 'invalid' });
  });

  it('accepts a hand-signed token with the right issuer and audience (control for the cases below)', async () => {
    // Prepare
    const { sub: _sub, ...rest } = claims;
    const token = await handSigned(rest, { iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });

    // Act
    const verified = await verifyAccessToken(key, token, now);

    // Assess
    expect(verified).toEqual({ ok: true, claims });
  });

  it.each([
    { case: 'another issuer', iss: 'someone-else', aud: TOKEN_AUDIENCE },
    { case: 'another audience', iss: TOKEN_ISSUER, aud: 'another-app' },
    { case: 'no issuer', iss: undefined, aud: TOKEN_AUDIENCE },
    { case: 'no audience', iss: TOKEN_ISSUER, aud: undefined },
  ])('refuses a token with $case', async ({ iss, aud }) => {
    // Prepare
    const { sub: _sub, ...rest } = claims;
    const token = await handSigned(rest, { iss, aud });

    // Act
    const verified = await verifyAccessToken(key, token, now);

    // Assess
    expect(verified).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses a properly signed token whose claims lack a role', async () => {
    // Prepare
    const { sub: _sub, role: _role, ...rest } = claims;
    const token = await handSigned(rest, { iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });

    // Act
    const verified = await verifyAccessToken(key, token, now);

    // Assess
    expect(verified).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses a properly signed token with a role that does not exist', async () => {
    // Prepare
    const { sub: _sub, ...rest } = claims;
    const token = await handSigned({ ...rest, role: 'superuser' }, { iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });

    // Act
    const verified = await verifyAccessToken(key, token, now);

    // Assess
    expect(verified).toEqual({ ok: false, problem: 'invalid' });
  });

  it('refuses garbage', async () => {
    // Act
    const verdicts = await Promise.all(['', 'abc', 'a.b.c', `${encodeJson({ alg: 'ES256' })}.x.y`].map((t) => verifyAccessToken(key, t, now)));

    // Assess
    expect(verdicts).toEqual(verdicts.map(() => ({ ok: false, problem: 'invalid' })));
  });
});

describe('FileSigningKey', () => {
  it('creates a missing key file readable by its owner only (0600)', () => {
    // Prepare
    const path = join(dir, 'fresh.pem');
    expect(existsSync(path)).toBe(false);

    // Act
    new FileSigningKey(path);

    // Assess
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(createPrivateKey(readFileSync(path, 'utf8')).asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('gives the same public key after a restart (a new instance on the same file)', async () => {
    // Prepare
    const path = join(dir, 'restart.pem');
    const before = new FileSigningKey(path);
    const token = await issueAccessToken(before, claims, now);

    // Act
    const after = new FileSigningKey(path);

    // Assess
    const spki = async (k: FileSigningKey) => (await k.publicKey()).export({ type: 'spki', format: 'der' });
    expect(await spki(after)).toEqual(await spki(before));
    expect(after.keyId).toBe(before.keyId);
    expect(await verifyAccessToken(after, token, now)).toEqual({ ok: true, claims });
  });

  it('signs with raw r‖s (ieee-p1363) that node verifies against its public key', async () => {
    // Prepare
    const data = Buffer.from('header.payload', 'ascii');

    // Act
    const signature = await key.sign(data);

    // Assess
    expect(signature).toHaveLength(64);
    expect(verify('sha256', data, { key: await key.publicKey(), dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });
});

/** A DER ECDSA signature built by hand: SEQUENCE { INTEGER r, INTEGER s } (the integers as given). */
function der(r: Buffer, s: Buffer): Buffer {
  const int = (value: Buffer) => Buffer.concat([Buffer.from([0x02, value.length]), value]);
  const body = Buffer.concat([int(r), int(s)]);
  return Buffer.concat([Buffer.from([0x30, body.length]), body]);
}

describe('derToJose', () => {
  it('converts a node DER signature to the r‖s that ieee-p1363 verification accepts', () => {
    // Prepare
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const data = Buffer.from('some data to sign');

    for (let i = 0; i < 20; i++) {
      const derSignature = sign('sha256', data, { key: privateKey, dsaEncoding: 'der' });

      // Act
      const jose = derToJose(derSignature, 32);

      // Assess
      expect(jose).toHaveLength(64);
      expect(verify('sha256', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
    }
  });

  it('drops the 0x00 DER puts before an r whose top bit is set', () => {
    // Prepare
    const r = Buffer.alloc(32, 0xab);
    const s = Buffer.alloc(32, 0x11);
    const signature = der(Buffer.concat([Buffer.from([0x00]), r]), s);
    expect(signature[3]).toBe(33);

    // Act
    const jose = derToJose(signature, 32);

    // Assess
    expect(Buffer.from(jose)).toEqual(Buffer.concat([r, s]));
  });

  it('left-pads a short r (and s) with zeros to 32 bytes', () => {
    // Prepare
    const shortR = Buffer.alloc(30, 0x42);
    const shortS = Buffer.alloc(31, 0x24);
    const signature = der(shortR, shortS);

    // Act
    const jose = Buffer.from(derToJose(signature, 32));

    // Assess
    expect(jose).toEqual(Buffer.concat([Buffer.alloc(2), shortR, Buffer.alloc(1), shortS]));
  });

  it('reads a long-form sequence length (P-521 signatures are over 127 bytes)', () => {
    // Prepare
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
    const data = Buffer.from('long form');
    const derSignature = sign('sha512', data, { key: privateKey, dsaEncoding: 'der' });
    expect(derSignature[1]).toBe(0x81);

    // Act
    const jose = derToJose(derSignature, 66);

    // Assess
    expect(jose).toHaveLength(132);
    expect(verify('sha512', data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, jose)).toBe(true);
  });

  it('refuses what is not a DER sequence of integers', () => {
    // Assess
    expect(() => derToJose(Buffer.from([0x31, 0x04, 0x02, 0x01, 0x01, 0x02]), 32)).toThrow(/not a DER sequence/);
    expect(() => derToJose(Buffer.from([0x30, 0x04, 0x04, 0x01, 0x01, 0x02]), 32)).toThrow(/not a DER integer/);
  });
});

/** A fake KMS holding one P-256 key pair: Sign (RAW, ECDSA_SHA_256) answers DER, GetPublicKey SPKI DER. */
function fakeKms(keyId: string) {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const calls = { sign: 0, getPublicKey: 0 };
  let failNextGetPublicKey = false;
  const send = async (command: unknown) => {
    if (command instanceof SignCommand) {
      calls.sign++;
      const { KeyId, Message, MessageType, SigningAlgorithm } = command.input;
      expect({ KeyId, MessageType, SigningAlgorithm }).toEqual({ KeyId: keyId, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
      return { KeyId, Signature: new Uint8Array(sign('sha256', Message!, { key: privateKey, dsaEncoding: 'der' })) };
    }
    if (command instanceof GetPublicKeyCommand) {
      calls.getPublicKey++;
      expect(command.input.KeyId).toBe(keyId);
      if (failNextGetPublicKey) {
        failNextGetPublicKey = false;
        throw Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
      }
      return { KeyId: keyId, PublicKey: new Uint8Array(publicKey.export({ type: 'spki', format: 'der' })) };
    }
    throw new Error(`unexpected command ${(command as object).constructor.name}`);
  };
  return {
    client: { send } as unknown as Pick<KMSClient, 'send'>,
    calls,
    publicKey,
    failNextGetPublicKey: () => {
      failNextGetPublicKey = true;
    },
  };
}

describe('KmsSigningKey', () => {
  const keyId = 'arn:aws:kms:cn-north-1:123456789012:key/11111111-2222-3333-4444-555555555555';

  it('issues tokens that verifyAccessToken accepts, fetching the public key once', async () => {
    // Prepare
    const kms = fakeKms(keyId);
    const kmsKey = new KmsSigningKey(keyId, kms.client);

    // Act
    const first = await issueAccessToken(kmsKey, claims, now);
    const second = await issueAccessToken(kmsKey, { ...claims, sub: 'acct-0002' }, now);
    const verdicts = await Promise.all([verifyAccessToken(kmsKey, first, now), verifyAccessToken(kmsKey, second, now), verifyAccessToken(kmsKey, first, now)]);

    // Assess
    expect(verdicts).toEqual([
      { ok: true, claims },
      { ok: true, claims: { ...claims, sub: 'acct-0002' } },
      { ok: true, claims },
    ]);
    expect(b64json(first.split('.')[0]!)).toEqual({ alg: 'ES256', typ: 'JWT', kid: keyId });
    expect(kms.calls).toEqual({ sign: 2, getPublicKey: 1 });
    expect((await kmsKey.publicKey()).export({ type: 'spki', format: 'der' })).toEqual(kms.publicKey.export({ type: 'spki', format: 'der' }));
    expect(kms.calls.getPublicKey).toBe(1);
  });

  it('refuses a KMS-signed token when verified with a file key, and vice versa', async () => {
    // Prepare
    const kmsKey = new KmsSigningKey(keyId, fakeKms(keyId).client);
    const kmsToken = await issueAccessToken(kmsKey, claims, now);
    const fileToken = await issueAccessToken(key, claims, now);

    // Act
    const verdicts = [await verifyAccessToken(key, kmsToken, now), await verifyAccessToken(kmsKey, fileToken, now)];

    // Assess
    expect(verdicts).toEqual([
      { ok: false, problem: 'invalid' },
      { ok: false, problem: 'invalid' },
    ]);
  });

  it('asks KMS again after a failed GetPublicKey instead of caching the failure', async () => {
    // Prepare
    const kms = fakeKms(keyId);
    const kmsKey = new KmsSigningKey(keyId, kms.client);
    const token = await issueAccessToken(kmsKey, claims, now);
    kms.failNextGetPublicKey();

    // Act
    const duringOutage = await verifyAccessToken(kmsKey, token, now);
    const afterOutage = await verifyAccessToken(kmsKey, token, now);

    // Assess
    expect(duringOutage).toEqual({ ok: false, problem: 'invalid' });
    expect(afterOutage).toEqual({ ok: true, claims });
    expect(kms.calls.getPublicKey).toBe(2);
  });
});
