import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';

/**
 * The key that signs access tokens (ES256). Only the identity service signs; every service
 * verifies with the public key. In AWS the private key never leaves KMS; locally it is a PEM file.
 */
export interface SigningKey {
  /** Key id, put in the token header (`kid`) and the JWKS. */
  readonly keyId: string;
  /** Signs a JWS signing input; returns the raw `r‖s` signature JWS wants (64 bytes). */
  sign(signingInput: Uint8Array): Promise<Uint8Array>;
  publicKey(): Promise<KeyObject>;
}

/** A P-256 key pair kept in a PEM file: created on first use, reused after a restart. */
export class FileSigningKey implements SigningKey {
  private privateKey: KeyObject | undefined;
  readonly keyId: string;

  constructor(private readonly path: string) {
    // The id names the key itself, so a rotated key file gets a new kid.
    const spki = createPublicKey(this.load()).export({ type: 'spki', format: 'der' });
    this.keyId = `local-${createHash('sha256').update(spki).digest('base64url').slice(0, 16)}`;
  }

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    return sign('sha256', signingInput, { key: this.load(), dsaEncoding: 'ieee-p1363' });
  }

  async publicKey(): Promise<KeyObject> {
    return createPublicKey(this.load());
  }

  private load(): KeyObject {
    if (this.privateKey) return this.privateKey;
    try {
      this.privateKey = createPrivateKey(readFileSync(this.path, 'utf8'));
    } catch {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      try {
        writeFileSync(this.path, pem, { flag: 'wx', mode: 0o600 });
        this.privateKey = privateKey;
      } catch {
        // Another process created it first: use theirs.
        this.privateKey = createPrivateKey(readFileSync(this.path, 'utf8'));
      }
    }
    return this.privateKey;
  }
}

/**
 * An asymmetric KMS key (ECC_NIST_P256, SIGN_VERIFY). KMS returns DER-encoded ECDSA signatures
 * (https://docs.aws.amazon.com/kms/latest/APIReference/API_Sign.html); JWS wants raw r‖s.
 */
export class KmsSigningKey implements SigningKey {
  private cachedPublicKey: Promise<KeyObject> | undefined;

  constructor(
    readonly keyId: string,
    private readonly client: Pick<KMSClient, 'send'> = new KMSClient({}),
  ) {}

  async sign(signingInput: Uint8Array): Promise<Uint8Array> {
    const { Signature } = await this.client.send(
      new SignCommand({ KeyId: this.keyId, Message: signingInput, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' }),
    );
    if (!Signature) throw new Error('KMS returned no signature');
    return derToJose(Signature, 32);
  }

  publicKey(): Promise<KeyObject> {
    if (!this.cachedPublicKey) {
      const pending = this.client.send(new GetPublicKeyCommand({ KeyId: this.keyId })).then(({ PublicKey }) => {
        if (!PublicKey) throw new Error('KMS returned no public key');
        return createPublicKey({ key: Buffer.from(PublicKey), format: 'der', type: 'spki' });
      });
      this.cachedPublicKey = pending;
      // A failed fetch (throttling, a timeout) is not cached, or every token would be refused until a cold start.
      pending.catch(() => {
        if (this.cachedPublicKey === pending) this.cachedPublicKey = undefined;
      });
    }
    return this.cachedPublicKey;
  }
}

/** Converts a DER ECDSA signature (SEQUENCE of two INTEGERs) to the fixed-size `r‖s` of JWS. */
export function derToJose(der: Uint8Array, partLength: number): Uint8Array {
  const bytes = Buffer.from(der);
  let offset = 2;
  if (bytes[0] !== 0x30) throw new Error('not a DER sequence');
  if (bytes[1]! & 0x80) offset = 2 + (bytes[1]! & 0x7f);
  const readInteger = (): Buffer => {
    if (bytes[offset] !== 0x02) throw new Error('not a DER integer');
    const length = bytes[offset + 1]!;
    const value = bytes.subarray(offset + 2, offset + 2 + length);
    offset += 2 + length;
    const trimmed = value.subarray(Math.max(0, value.length - partLength));
    return Buffer.concat([Buffer.alloc(partLength - trimmed.length), trimmed]);
  };
  return Buffer.concat([readInteger(), readInteger()]);
}

/**
 * The KMS key that signed tokens before a rotation (docs/operations.md, "Rotate the token-signing
 * key"): verified and published beside the signing key until the last of its tokens has expired.
 */
export const PREVIOUS_SIGNING_KEY_ENV = 'MINQING_PREVIOUS_SIGNING_KEY_ID';

let configured: SigningKey | undefined;
let verifying: readonly SigningKey[] | undefined;

/** The keys a token may carry the `kid` of: the signing key, and during a rotation the previous one. */
export function verifyingKeysFromEnv(): readonly SigningKey[] {
  if (verifying) return verifying;
  const previous = process.env[PREVIOUS_SIGNING_KEY_ENV];
  verifying = [signingKeyFromEnv(), ...(previous ? [new KmsSigningKey(previous)] : [])];
  return verifying;
}

/** The signing key named by the environment: a KMS key id in AWS, a PEM file locally. */
export function signingKeyFromEnv(): SigningKey {
  if (configured) return configured;
  const kmsKeyId = process.env.MINQING_SIGNING_KEY_ID;
  const file = process.env.MINQING_SIGNING_KEY_FILE;
  if (kmsKeyId) configured = new KmsSigningKey(kmsKeyId);
  else if (file) configured = new FileSigningKey(file);
  else throw new Error('set MINQING_SIGNING_KEY_ID (KMS) or MINQING_SIGNING_KEY_FILE (local)');
  return configured;
}
