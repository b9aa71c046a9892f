import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';

/**
 * What a stored value belongs to: the record (a message id, a deputy's code) and the field. It is
 * bound into the ciphertext as associated data, so a value copied to another record or field no
 * longer decrypts.
 */
export interface FieldContext {
  record: string;
  field: string;
}

/**
 * Encrypts personal fields (phones, citizens' names) before they are stored: AES-256-GCM with a
 * data key. Ciphertext format: `v2.<wrapped data key>.<iv>.<tag>.<ciphertext>`, base64url parts,
 * the {@link FieldContext} as associated data, so each value carries what is needed to decrypt it,
 * keys can rotate, and a value only opens where it was written. `v1` values (no context) are
 * still read: a value written without a context is `v1` (decisions #10).
 */
export interface FieldCipher {
  encrypt(plaintext: string, context?: FieldContext): Promise<string>;
  decrypt(ciphertext: string, context?: FieldContext): Promise<string>;
}

interface DataKeySource {
  /** The data key to encrypt with now, and its wrapped (encrypted) form to store. */
  current(bound: boolean): Promise<{ plaintext: Buffer; wrapped: string }>;
  /** Unwraps a stored data key. */
  unwrap(wrapped: string, bound: boolean): Promise<Buffer>;
}

/** The associated data of a context: unambiguous, as neither part may hold a NUL. */
function associatedData(context: FieldContext): Buffer {
  if (`${context.record}${context.field}`.includes('\0')) throw new Error('a field context holds no NUL');
  return Buffer.from(`${context.record}\0${context.field}`, 'utf8');
}

class AesGcmFieldCipher implements FieldCipher {
  constructor(private readonly keys: DataKeySource) {}

  async encrypt(plaintext: string, context?: FieldContext): Promise<string> {
    const { plaintext: key, wrapped } = await this.keys.current(context !== undefined);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    if (context) cipher.setAAD(associatedData(context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [context ? 'v2' : 'v1', wrapped, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  async decrypt(ciphertext: string, context?: FieldContext): Promise<string> {
    const [version, wrapped, iv, tag, body] = ciphertext.split('.');
    if (!wrapped || !iv || !tag || body === undefined) throw new Error('not a field ciphertext');
    if (version === 'v2' && !context) throw new Error('a v2 field ciphertext opens only with its context');
    if (version !== 'v1' && version !== 'v2') throw new Error('not a v1 or v2 field ciphertext');
    const key = await this.keys.unwrap(wrapped, version === 'v2');
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    if (version === 'v2' && context) decipher.setAAD(associatedData(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * KMS envelope encryption: one data key per cold start from GenerateDataKey, unwrapped keys cached
 * (https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#enveloping). Data keys for
 * `v2` values carry the encryption context `{service}`: the key policy lets a service's role
 * unwrap only its own service's keys, and CloudTrail names the service in every call.
 */
class KmsDataKeys implements DataKeySource {
  private readonly currentKeys = new Map<boolean, Promise<{ plaintext: Buffer; wrapped: string }>>();
  private readonly unwrapped = new Map<string, Promise<Buffer>>();

  constructor(
    private readonly keyId: string,
    private readonly client: Pick<KMSClient, 'send'> = new KMSClient({}),
    private readonly service?: string,
  ) {}

  /** The encryption context of a data key: the service's name, for `v2` values of a named service. */
  private contextOf(bound: boolean): { EncryptionContext?: Record<string, string> } {
    return bound && this.service ? { EncryptionContext: { [ENCRYPTION_CONTEXT_KEY]: this.service } } : {};
  }

  current(bound: boolean) {
    let currentKey = this.currentKeys.get(bound);
    if (!currentKey) {
      const pending = this.client.send(new GenerateDataKeyCommand({ KeyId: this.keyId, KeySpec: 'AES_256', ...this.contextOf(bound) })).then((out) => {
        if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS returned no data key');
        const wrapped = Buffer.from(out.CiphertextBlob).toString('base64url');
        const plaintext = Buffer.from(out.Plaintext);
        this.unwrapped.set(wrapped, Promise.resolve(plaintext));
        return { plaintext, wrapped };
      });
      currentKey = pending;
      this.currentKeys.set(bound, pending);
      // A failed call (throttling, a timeout) is not cached: the next encryption asks KMS again.
      pending.catch(() => {
        if (this.currentKeys.get(bound) === pending) this.currentKeys.delete(bound);
      });
    }
    return currentKey;
  }

  unwrap(wrapped: string, bound: boolean): Promise<Buffer> {
    let key = this.unwrapped.get(wrapped);
    if (!key) {
      const pending = this.client.send(new DecryptCommand({ CiphertextBlob: Buffer.from(wrapped, 'base64url'), ...this.contextOf(bound) })).then((out) => {
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

  async current(_bound: boolean) {
    return { plaintext: this.load(), wrapped: 'local' };
  }

  async unwrap(wrapped: string, _bound: boolean): Promise<Buffer> {
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

/** The KMS encryption context's key naming the service a data key belongs to (the key policy checks it). */
export const ENCRYPTION_CONTEXT_KEY = 'service';

/** One cipher per service and process: its data keys are cached, and bound to that service. */
const configured = new Map<string, FieldCipher>();

/**
 * The field cipher named by the environment: a KMS key in AWS (data keys bound to
 * `service`, the KMS encryption context the key policy checks), a key file locally.
 */
export function fieldCipherFromEnv(service?: string): FieldCipher {
  const name = service ?? '';
  const existing = configured.get(name);
  if (existing) return existing;
  const kmsKeyId = process.env.MINQING_DATA_KEY_ID;
  const file = process.env.MINQING_DATA_KEY_FILE;
  let cipher: FieldCipher;
  if (kmsKeyId) cipher = new AesGcmFieldCipher(new KmsDataKeys(kmsKeyId, undefined, service));
  else if (file) cipher = new AesGcmFieldCipher(new FileDataKey(file));
  else throw new Error('set MINQING_DATA_KEY_ID (KMS) or MINQING_DATA_KEY_FILE (local)');
  configured.set(name, cipher);
  return cipher;
}

/** A cipher over a KMS key (its data keys bound to `service`), or a local key file (for tests and the local platform). */
export function createFieldCipher(source: { kmsKeyId: string; client?: Pick<KMSClient, 'send'>; service?: string } | { file: string }): FieldCipher {
  return new AesGcmFieldCipher('file' in source ? new FileDataKey(source.file) : new KmsDataKeys(source.kmsKeyId, source.client, source.service));
}

/** Whether a stored value is bound to its record and field (`v2`); a `v1` value is rewritten when next written. */
export function isBoundCiphertext(ciphertext: string): boolean {
  return ciphertext.startsWith('v2.');
}

/** Masks a mainland mobile number for display: 139****5678. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}
