import type { FieldCipher } from '../../../../shared/crypto/field-cipher.ts';
import { personalFields } from '../domain/personal-fields.ts';
import type { DirectoryReader } from '../ports.ts';

/**
 * The phone, e-mail and bound WeChat openid of a deputy (by code) or a staff account (by username), decrypted where
 * they are stored: a value copied from another record does not open. A deputy whose term ended,
 * or an unknown name, has none: nobody is reached on their behalf.
 */
export async function readContact(
  directory: Pick<DirectoryReader, 'encryptedContact'>,
  cipher: Pick<FieldCipher, 'decrypt'>,
  username: string,
): Promise<{ phone?: string; email?: string; wechatOpenId?: string }> {
  const stored = await directory.encryptedContact(username);
  if (!stored?.active) return {};
  const contextOf = (field: 'phone' | 'email') => personalFields.contact(stored.holder, username, field);
  const [phone, email, wechatOpenId] = await Promise.all([
    stored.phoneEncrypted ? cipher.decrypt(stored.phoneEncrypted, contextOf('phone')) : undefined,
    stored.emailEncrypted ? cipher.decrypt(stored.emailEncrypted, contextOf('email')) : undefined,
    // The binding is always the account's, a deputy's too.
    stored.wechatOpenIdEncrypted ? cipher.decrypt(stored.wechatOpenIdEncrypted, personalFields.contact('account', username, 'wechat')) : undefined,
  ]);
  return { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...(wechatOpenId ? { wechatOpenId } : {}) };
}
