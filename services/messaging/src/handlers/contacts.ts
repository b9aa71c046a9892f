import { z } from 'zod';
import { messageField } from '../domain/personal-fields.ts';
import { cipher, internal, messages } from './deps.ts';

/**
 * Internal function `citizen-contact` (not on the HTTP API; only notifications may invoke it):
 * the phone a citizen left with a message and the openid of the WeChat they chose for its notices,
 * decrypted, so that notifications can reach them. Never logged, never put in an event. A message
 * held as a suspected flood, or an unknown one, answers `{}`, so nobody is told on a flood's behalf.
 */
export const citizenContact = internal(
  { name: 'citizen-contact', input: z.object({ messageId: z.string().regex(/^m-[a-z0-9]{8,40}$/) }).strict() },
  async ({ messageId }): Promise<{ phone?: string; wechatOpenId?: string }> => {
    const stored = await messages.get(messageId);
    if (!stored || stored.message.status === 'held') return {};
    const { phoneEncrypted, wechatOpenIdEncrypted } = stored.secrets;
    return {
      ...(phoneEncrypted ? { phone: await cipher.decrypt(phoneEncrypted, messageField(messageId, 'phone')) } : {}),
      ...(wechatOpenIdEncrypted ? { wechatOpenId: await cipher.decrypt(wechatOpenIdEncrypted, messageField(messageId, 'wechat')) } : {}),
    };
  },
);
