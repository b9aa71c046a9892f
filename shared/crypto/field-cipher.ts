import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';

/**
 * Encrypts personal fields (phones, citizens' names) before they are stored: AES-256-GCM with a
 * data key. Ciphertext format: `v1.<wrapped data key>.<iv>.<tag>.<ciphertext>`, base64url parts, so
 * each value carries what is needed to decrypt it and keys can rotate.
 */
export interface FieldCipher {
  encrypt(plaintext: string): Promise<string>;
  decrypt(ciphertext: string): Promise<string>;
}

interface DataKeySource {
  /** The data key to encrypt with now, and its wrapped (encrypted) form to store. */
  current(): Promise<{ plaintext: Buffer; wrapped: string }>;
  /** Unwraps a stored data key. */
  unwrap(wrapped: string): Promise<Buffer>;
}

class AesGcmFieldCipher implements FieldCipher {
  constructor(private readonly keys: DataKeySource) {}

  async encrypt(plaintext: string): Promise<string> {
    const { plaintext: key, wrapped } = await this.keys.current();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', wrapped, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  async decrypt(ciphertext: string): Promise<string> {
    const [version, wrapped, iv, tag, body] = ciphertext.split('.');
    if (version !== 'v1' || !wrapped || !iv || !tag || body === undefined) throw new Error('not a v1 field ciphertext');
    const key = await this.keys.unwrap(wrapped);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * KMS envelope encryption: one data key per cold start from GenerateDataKey, unwrapped keys cached
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#enveloping).
 */
class KmsDataKeys implements DataKeySource {
  private currentKey: Promise<{ plaintext: Buffer; wrapped: string }> | undefined;
  private readonly unwrapped = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly keyId: string,
    private readonly client: Pick<KMSClient, 'send'> = new KMSClient({}),
  ) {}

  current() {
    if (!this.currentKey) {
      const pending = this.client.send(new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256' })).then((out) => {
        if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
        const wrapped = Buffer.from(out.CiphertextBlob).toString('base64url');
        const plaintext = Buffer.from(out.Plaintext);
        this.unwrapped.set(wrapped, Promise.resolve(plaintext));
        return { plaintext, wrapped };
      });
      this.currentKey = pending;
      // A failed call (throttling, a timeout) is not cached: the next encryption asks KMS again.
      pending.catch(() => {
        if (this.currentKey === pending) this.currentKey = undefined;
      });
    }
    return this.currentKey;
  }

  unwrap(wrapped: string): Promise<Buffer> {
    let key = this.unwrapped.get(wrapped);
    if (!key) {
      const pending = this.client.send(new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, 'base64url') })).then((out) => {
        if (!out.Plaintext) throw new Error('KMS returned no plaintext');
        return Buffer.from(out.Plaintext);
      });
      key = pending;
      this.unwrapped.set(wrapped, pending);
      // A failed unwrap is not cached: the next decryption of this key asks KMS again.
      pending.catch(() => {
        if (this.unwrapped.get(wrapped) === pending) this.unwrapped.delete(wrapped);
      });
    }
    return key;
  }
}

/** A single local key in a file (created on first use); its "wrapped" form is just its id. */
class FileDataKey implements DataKeySource {
  private key: Buffer | undefined;

  constructor(private readonly path: string) {}

  async current() {
    return { plaintext: this.load(), wrapped: 'local' };
  }

  async unwrap(wrapped: string): Promise<Buffer> {
    if (wrapped !== 'local') throw new Error('unknown local data key');
    return this.load();
  }

  private load(): Buffer {
    if (this.key) return this.key;
    try {
      this.key = checked(Buffer.from(readFileSync(this.path, 'utf8').trim(), 'base64'));
    } catch {
      const key = randomBytes(32);
      try {
        writeFileSync(this.path, key.toString('base64'), { flag: 'wx', mode: 0o600 });
        this.key = key;
      } catch {
        this.key = checked(Buffer.from(readFileSync(this.path, 'utf8').trim(), 'base64'));
      }
    }
    return this.key;
  }
}

function checked(key: Buffer): Buffer {
  if (key.length !== 32) throw new Error('local data key must be 32 bytes');
  return key;
}

let configured: FieldCipher | undefined;

/** The field cipher named by the environment: a KMS key in AWS, a key file locally. */
export function fieldCipherFromEnv(): FieldCipher {
  if (configured) return configured;
  const kmsKeyId = process.env.MINQING_DATA_KEY_ID;
  const file = process.env.MINQING_DATA_KEY_FILE;
  if (kmsKeyId) configured = new AesGcmFieldCipher(new KmsDataKeys(kmsKeyId));
  else if (file) configured = new AesGcmFieldCipher(new FileDataKey(file));
  else throw new Error('set MINQING_DATA_KEY_ID (KMS) or MINQING_DATA_KEY_FILE (local)');
  return configured;
}

/** A cipher over a KMS key, or a local key file (for tests and the local platform). */
export function createFieldCipher(source: { kmsKeyId: string; client?: Pick<KMSClient, 'send'> } | { file: string }): FieldCipher {
  return new AesGcmFieldCipher('file' in source ? new FileDataKey(source.file) : new KmsDataKeys(source.kmsKeyId, source.client));
}

/** Masks a mainland mobile number for display: 139****5678. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}
