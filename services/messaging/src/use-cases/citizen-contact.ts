import type { FieldCipher } from '../../../../shared/crypto/field-cipher.ts';
import { messageField } from '../domain/personal-fields.ts';
import type { StoredMessage } from '../ports.ts';

/**
 * The name and phone a citizen left with a message, decrypted as belonging to that message: a
 * value copied from another message does not open (the cipher binds the message and the field).
 */
export async function citizenContactOf(
  cipher: Pick<FieldCipher, 'decrypt'>,
  stored: Pick<StoredMessage, 'message' | 'secrets'>,
): Promise<{ name?: string; phone?: string }> {
  const { messageId } = stored.message;
  const [name, phone] = await Promise.all([
    stored.secrets.nameEncrypted ? cipher.decrypt(stored.secrets.nameEncrypted, messageField(messageId, 'name')) : undefined,
    stored.secrets.phoneEncrypted ? cipher.decrypt(stored.secrets.phoneEncrypted, messageField(messageId, 'phone')) : undefined,
  ]);
  return { ...(name !== undefined ? { name } : {}), ...(phone !== undefined ? { phone } : {}) };
}
