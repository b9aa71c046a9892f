import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCityConfig } from '../../../../shared/city/config.ts';
import { createFieldCipher, type FieldContext } from '../../../../shared/crypto/field-cipher.ts';
import { generateDemoDirectory } from '../../src/demo/demo-directory.ts';
import type { Deputy } from '../../src/domain/directory.ts';
import type { EncryptedContact } from '../../src/ports.ts';
import { readContact } from '../../src/use-cases/read-contact.ts';
import { seedDirectory } from '../../src/use-cases/seed-directory.ts';

/** A deputy's phone opens only on the deputy's own record. */

const dir = mkdtempSync(join(tmpdir(), 'minqing-identity-contact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The directory's records in memory, written through the real seeding and the real cipher. */
async function seededDeputies() {
  const cipher = createFieldCipher({ file: join(dir, `${Math.random()}.key`) });
  const config = loadCityConfig('demo');
  const deputies = generateDemoDirectory({ townships: config.townships, demo: config.demo! }).deputies.slice(0, 2) as [Deputy, Deputy];
  const records = new Map<string, Record<string, unknown>>();
  const writer = {
    createOnce: async (type: string, code: string, attributes: Record<string, unknown>) =>
      !records.has(`${type}#${code}`) && !!records.set(`${type}#${code}`, attributes),
    encrypt: (plaintext: string, context: FieldContext) => cipher.encrypt(plaintext, context),
    getAccount: async () => undefined,
  };
  await seedDirectory(writer, { townships: [], stations: [], rooms: [], groups: [], units: [], accounts: [], deputies }, async () => '', {
    city: 'demo',
    now: () => new Date('2026-03-05T02:00:00Z'),
  });
  const reader = {
    encryptedContact: async (code: string): Promise<EncryptedContact | undefined> => {
      const record = records.get(`deputy#${code}`);
      return record && { active: true, holder: 'deputy', phoneEncrypted: record.phoneEncrypted as string };
    },
  };
  return { cipher, deputies, records, reader };
}

describe('readContact', () => {
  it("reads a deputy's phone from their own record", async () => {
    // Prepare
    const { cipher, deputies, reader } = await seededDeputies();

    // Act
    const contact = await readContact(reader, cipher, deputies[0].code);

    // Assess
    expect(contact).toEqual({ phone: deputies[0].phone });
  });

  it("refuses a phone moved from another deputy's record", async () => {
    // Prepare
    const { cipher, deputies, records, reader } = await seededDeputies();
    const [victim, other] = deputies;
    records.get(`deputy#${other.code}`)!.phoneEncrypted = records.get(`deputy#${victim.code}`)!.phoneEncrypted;

    // Act
    const moved = readContact(reader, cipher, other.code);

    // Assess
    await expect(moved).rejects.toThrow();
  });
});
