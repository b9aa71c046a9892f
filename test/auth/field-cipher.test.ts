import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, type KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFieldCipher, maskPhone } from '../../shared/crypto/field-cipher.ts';

/** Field encryption of personal data: AES-256-GCM under a local key file or KMS data keys. */

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'minqing-cipher-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const keyFile = (name: string) => join(dir, `${name}.key`);

/** Flips one bit of one base64url part of a `v1.<wrapped>.<iv>.<tag>.<body>` ciphertext. */
function flipBit(ciphertext: string, part: 'iv' | 'tag' | 'body'): string {
  const parts = ciphertext.split('.');
  const index = { iv: 2, tag: 3, body: 4 }[part];
  const bytes = Buffer.from(parts[index]!, 'base64url');
  bytes[0] = bytes[0]! ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('createFieldCipher({ file })', () => {
  it.each([
    { case: 'Chinese text', plaintext: '张三丰，鹿城镇东华社区3组' },
    { case: 'a mobile number', plaintext: '13912345678' },
    { case: 'an empty string', plaintext: '' },
    { case: 'emoji and mixed scripts', plaintext: 'Zhang 张 🚲 — «ok»' },
  ])('round-trips $case', async ({ plaintext }) => {
    // Prepare
    const cipher = createFieldCipher({ file: keyFile('roundtrip') });

    // Act
    const ciphertext = await cipher.encrypt(plaintext);
    const decrypted = await cipher.decrypt(ciphertext);

    // Assess
    expect(ciphertext).toMatch(/^v1\.local\.[\w-]+\.[\w-]+\.[\w-]*$/);
    expect(decrypted).toBe(plaintext);
  });

  it('encrypts the same value differently each time (random IV) and never shows the plaintext', async () => {
    // Prepare
    const cipher = createFieldCipher({ file: keyFile('iv') });
    const phone = '13912345678';

    // Act
    const first = await cipher.encrypt(phone);
    const second = await cipher.encrypt(phone);

    // Assess
    expect(first).not.toBe(second);
    expect(first.split('.')[2]).not.toBe(second.split('.')[2]);
    for (const ciphertext of [first, second]) {
      expect(ciphertext).not.toContain(phone);
      expect(ciphertext).not.toContain('5678');
      expect(ciphertext).not.toContain(Buffer.from(phone).toString('base64url'));
    }
    expect(await cipher.decrypt(first)).toBe(phone);
    expect(await cipher.decrypt(second)).toBe(phone);
  });

  it('keeps Chinese plaintext out of the ciphertext, in any encoding', async () => {
    // Prepare
    const cipher = createFieldCipher({ file: keyFile('iv') });
    const name = '李小明';

    // Act
    const ciphertext = await cipher.encrypt(name);

    // Assess
    const body = Buffer.from(ciphertext.split('.')[4]!, 'base64url');
    expect(ciphertext).not.toContain(name);
    expect(body.includes(Buffer.from(name, 'utf8'))).toBe(false);
    expect(body).toHaveLength(Buffer.byteLength(name, 'utf8'));
  });

  it.each(['body', 'tag', 'iv'] as const)('refuses a ciphertext with one bit of its %s flipped', async (part) => {
    // Prepare
    const cipher = createFieldCipher({ file: keyFile('tamper') });
    const ciphertext = await cipher.encrypt('13912345678');
    const tampered = flipBit(ciphertext, part);
    expect(tampered).not.toBe(ciphertext);

    // Act
    const attempt = cipher.decrypt(tampered);

    // Assess
    await expect(attempt).rejects.toThrow();
  });

  it.each([
    { case: 'another version', ciphertext: 'v2.local.aaaa.bbbb.cccc' },
    { case: 'missing parts', ciphertext: 'v1.local.aaaa' },
    { case: 'plain text', ciphertext: '13912345678' },
    { case: 'an unknown local key', ciphertext: 'v1.remote.aaaa.bbbb.cccc' },
  ])('refuses $case', async ({ ciphertext }) => {
    // Prepare
    const cipher = createFieldCipher({ file: keyFile('tamper') });

    // Act
    const attempt = cipher.decrypt(ciphertext);

    // Assess
    await expect(attempt).rejects.toThrow();
  });

  it('creates its key file (0600, 32 bytes) and a second cipher on it decrypts after a restart', async () => {
    // Prepare
    const path = keyFile('restart');
    const before = createFieldCipher({ file: path });
    const ciphertext = await before.encrypt('王芳 13800001111');

    // Act
    const after = createFieldCipher({ file: path });
    const decrypted = await after.decrypt(ciphertext);

    // Assess
    expect(decrypted).toBe('王芳 13800001111');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toHaveLength(32);
  });

  it('cannot decrypt with another key file', async () => {
    // Prepare
    const ciphertext = await createFieldCipher({ file: keyFile('mine') }).encrypt('13912345678');
    const other = createFieldCipher({ file: keyFile('theirs') });

    // Act
    const attempt = other.decrypt(ciphertext);

    // Assess
    await expect(attempt).rejects.toThrow();
  });
});

/**
 * A fake KMS: GenerateDataKey returns a random AES-256 key and an opaque blob naming it;
 * Decrypt maps the blob back. Counts calls and can fail the next call of a kind once.
 */
function fakeKms(keyId: string) {
  const keys = new Map<string, Buffer>();
  const calls = { generateDataKey: 0, decrypt: 0 };
  const failNext = { generateDataKey: false, decrypt: false };
  const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
  const send = async (command: unknown) => {
    if (command instanceof GenerateDataKeyCommand) {
      calls.generateDataKey++;
      expect(command.input).toEqual({ KeyId: keyId, KeySpec: 'AES_256' });
      if (failNext.generateDataKey) {
        failNext.generateDataKey = false;
        throw throttled();
      }
      const plaintext = randomBytes(32);
      const blob = Buffer.from(`wrapped:${keyId}:${randomUUID()}`);
      keys.set(blob.toString('hex'), plaintext);
      return { KeyId: keyId, Plaintext: new Uint8Array(plaintext), CiphertextBlob: new Uint8Array(blob) };
    }
    if (command instanceof DecryptCommand) {
      calls.decrypt++;
      if (failNext.decrypt) {
        failNext.decrypt = false;
        throw throttled();
      }
      const plaintext = keys.get(Buffer.from(command.input.CiphertextBlob!).toString('hex'));
      if (!plaintext) throw Object.assign(new Error('invalid ciphertext'), { name: 'InvalidCiphertextException' });
      return { KeyId: keyId, Plaintext: new Uint8Array(plaintext) };
    }
    throw new Error(`unexpected command ${(command as object).constructor.name}`);
  };
  return { client: { send } as unknown as Pick<KMSClient, 'send'>, calls, failNext };
}

describe('createFieldCipher({ kmsKeyId, client })', () => {
  const kmsKeyId = 'alias/minqing-demo-data';

  it('asks KMS for one data key for many encryptions, and decrypts its own values without KMS', async () => {
    // Prepare
    const kms = fakeKms(kmsKeyId);
    const cipher = createFieldCipher({ kmsKeyId, client: kms.client });
    const values = ['13912345678', '13800001111', '张三', '鹿城镇'];

    // Act
    const ciphertexts = await Promise.all(values.map((v) => cipher.encrypt(v)));
    const decrypted = await Promise.all(ciphertexts.map((c) => cipher.decrypt(c)));

    // Assess
    expect(decrypted).toEqual(values);
    expect(kms.calls).toEqual({ generateDataKey: 1, decrypt: 0 });
    expect(new Set(ciphertexts.map((c) => c.split('.')[1])).size).toBe(1);
  });

  it('unwraps a data key from another instance with one Decrypt, then caches it', async () => {
    // Prepare
    const kms = fakeKms(kmsKeyId);
    const writer = createFieldCipher({ kmsKeyId, client: kms.client });
    const ciphertexts = [await writer.encrypt('13912345678'), await writer.encrypt('李四')];
    const reader = createFieldCipher({ kmsKeyId, client: kms.client });

    // Act
    const decrypted = await Promise.all([...ciphertexts, ...ciphertexts].map((c) => reader.decrypt(c)));

    // Assess
    expect(decrypted).toEqual(['13912345678', '李四', '13912345678', '李四']);
    expect(kms.calls).toEqual({ generateDataKey: 1, decrypt: 1 });
  });

  it('refuses a value whose wrapped key KMS does not know', async () => {
    // Prepare
    const ciphertext = await createFieldCipher({ kmsKeyId, client: fakeKms(kmsKeyId).client }).encrypt('13912345678');
    const elsewhere = createFieldCipher({ kmsKeyId, client: fakeKms(kmsKeyId).client });

    // Act
    const attempt = elsewhere.decrypt(ciphertext);

    // Assess
    await expect(attempt).rejects.toThrow(/invalid ciphertext/);
  });

  it('retries Decrypt after a transient failure instead of caching the failure', async () => {
    // Prepare
    const kms = fakeKms(kmsKeyId);
    const ciphertext = await createFieldCipher({ kmsKeyId, client: kms.client }).encrypt('13912345678');
    const reader = createFieldCipher({ kmsKeyId, client: kms.client });
    kms.failNext.decrypt = true;

    // Act
    const duringOutage = reader.decrypt(ciphertext);
    await expect(duringOutage).rejects.toThrow(/Rate exceeded/);
    const afterOutage = await reader.decrypt(ciphertext);

    // Assess
    expect(afterOutage).toBe('13912345678');
    expect(kms.calls.decrypt).toBe(2);
  });

  it('retries GenerateDataKey after a transient failure instead of caching the failure', async () => {
    // Prepare
    const kms = fakeKms(kmsKeyId);
    const cipher = createFieldCipher({ kmsKeyId, client: kms.client });
    kms.failNext.generateDataKey = true;

    // Act
    await expect(cipher.encrypt('13912345678')).rejects.toThrow(/Rate exceeded/);
    const ciphertext = await cipher.encrypt('13912345678');

    // Assess
    expect(await cipher.decrypt(ciphertext)).toBe('13912345678');
    expect(kms.calls.generateDataKey).toBe(2);
  });
});

describe('maskPhone', () => {
  it.each([
    { phone: '13912345678', masked: '139****5678' },
    { phone: '18600000000', masked: '186****0000' },
    { phone: '1391234567', masked: '****' },
    { phone: '', masked: '****' },
    { phone: '+8613912345678', masked: '****' },
  ])('$phone → $masked', ({ phone, masked }) => {
    // Act / Assess
    expect(maskPhone(phone)).toBe(masked);
  });
});

describe('a field bound to its record and field (v2)', () => {
  const phoneOf = (record: string) => ({ record, field: 'phone' });

  it('opens only in the record and field it was written for', async () => {
    // Prepare
    const cipher = createFieldCipher({ file: keyFile('bound') });
    const ciphertext = await cipher.encrypt('13912345678', phoneOf('message#m-0001'));

    // Act
    const opened = await cipher.decrypt(ciphertext, phoneOf('message#m-0001'));
    const moved = cipher.decrypt(ciphertext, phoneOf('message#m-0002'));
    const otherField = cipher.decrypt(ciphertext, { record: 'message#m-0001', field: 'name' });
    const unbound = cipher.decrypt(ciphertext);

    // Assess
    expect(ciphertext).toMatch(/^v2\.local\./);
    expect(opened).toBe('13912345678');
    await expect(moved).rejects.toThrow();
    await expect(otherField).rejects.toThrow();
    await expect(unbound).rejects.toThrow();
  });

  it('still reads a v1 value written without a context, whatever context the reader names', async () => {
    // Prepare
    const cipher = createFieldCipher({ file: keyFile('legacy') });
    const legacy = await cipher.encrypt('13800001111');

    // Act
    const opened = await cipher.decrypt(legacy, phoneOf('deputy#D0001'));

    // Assess
    expect(legacy).toMatch(/^v1\./);
    expect(opened).toBe('13800001111');
  });

  it("asks KMS for the service's own data key (encryption context) for bound values", async () => {
    // Prepare
    const calls: unknown[] = [];
    const send = async (command: unknown) => {
      calls.push((command as GenerateDataKeyCommand | DecryptCommand).input);
      const plaintext = randomBytes(32);
      return { Plaintext: new Uint8Array(plaintext), CiphertextBlob: new Uint8Array(Buffer.from(`wrapped:${randomUUID()}`)) };
    };
    const cipher = createFieldCipher({ kmsKeyId: 'alias/k', client: { send } as unknown as Pick<KMSClient, 'send'>, service: 'messaging' });

    // Act
    await cipher.encrypt('13912345678', phoneOf('message#m-0001'));

    // Assess
    expect(calls).toEqual([{ KeyId: 'alias/k', KeySpec: 'AES_256', EncryptionContext: { service: 'messaging' } }]);
  });
});
