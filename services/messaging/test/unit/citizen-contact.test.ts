import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFieldCipher } from '../../../../shared/crypto/field-cipher.ts';
import { citizenContactOf } from '../../src/use-cases/citizen-contact.ts';
import { submitMessage } from '../../src/use-cases/submit-message.ts';
import { deputyLoad, MemoryDirectory, MemoryMessages, memoryIntakePorts } from './in-memory.ts';

/** A citizen's name and phone open only on the message they were left with. */

const dir = mkdtempSync(join(tmpdir(), 'minqing-contact-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function intake() {
  const messages = new MemoryMessages();
  const cipher = createFieldCipher({ file: join(dir, `${Math.random()}.key`) });
  const ports = memoryIntakePorts(messages, new MemoryDirectory([deputyLoad('D0001', 0)], []), { cipher });
  const submit = (name: string, phone: string, clientIp: string) =>
    submitMessage(
      ports,
      { deputyCode: 'D0001', category: 'public_facilities', content: `${name}反映路灯不亮。`, name, phone },
      { clientIp, cause: { correlationId: 'c', causationId: 'c' } },
      new Date('2026-03-05T02:00:00Z'),
    );
  return { messages, cipher, submit };
}

describe('citizenContactOf', () => {
  it('reads the name and phone of their own message', async () => {
    // Prepare
    const { messages, cipher, submit } = intake();
    const { messageId } = await submit('王小明', '13912345678', '2001:db8::1');

    // Act
    const contact = await citizenContactOf(cipher, messages.items.get(messageId)!);

    // Assess
    expect(contact).toEqual({ name: '王小明', phone: '13912345678' });
    expect(messages.items.get(messageId)!.secrets.phoneEncrypted).toMatch(/^v2\./);
  });

  it('refuses a phone or a name moved from another message', async () => {
    // Prepare
    const { messages, cipher, submit } = intake();
    const first = await submit('王小明', '13912345678', '2001:db8::1');
    const second = await submit('李四', '13800001111', '2001:db8::2');
    const victim = messages.items.get(first.messageId)!;
    const other = messages.items.get(second.messageId)!;

    // Act
    const movedPhone = citizenContactOf(cipher, { message: other.message, secrets: { ...other.secrets, phoneEncrypted: victim.secrets.phoneEncrypted } });
    const movedName = citizenContactOf(cipher, { message: other.message, secrets: { ...other.secrets, nameEncrypted: victim.secrets.nameEncrypted } });
    const swappedFields = citizenContactOf(cipher, { message: victim.message, secrets: { ...victim.secrets, phoneEncrypted: victim.secrets.nameEncrypted } });

    // Assess
    await expect(movedPhone).rejects.toThrow();
    await expect(movedName).rejects.toThrow();
    await expect(swappedFields).rejects.toThrow();
  });

  it('still reads a phone stored before values were bound to their message', async () => {
    // Prepare
    const { messages, cipher, submit } = intake();
    const { messageId } = await submit('王小明', '13912345678', '2001:db8::1');
    const stored = messages.items.get(messageId)!;
    const legacy = { ...stored.secrets, phoneEncrypted: await cipher.encrypt('13912345678'), nameEncrypted: undefined };

    // Act
    const contact = await citizenContactOf(cipher, { message: stored.message, secrets: legacy });

    // Assess
    expect(legacy.phoneEncrypted).toMatch(/^v1\./);
    expect(contact).toEqual({ phone: '13912345678' });
  });
});
