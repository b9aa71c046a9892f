import { z } from 'zod';
import { messageField } from '../domain/personal-fields.ts';
import { cipher, internal, messages } from './deps.ts';

/**
 * Internal function `citizen-contact` (not on the HTTP API; only notifications may invoke it):
 * the phone a citizen left with a message, decrypted, so that notifications can text them. It is
 * never logged and never put in an event. A message held as a suspected flood, one without a
 * phone, or an unknown one answers `{}`, so nobody is texted on a flood's behalf.
 */
export const citizenContact = internal(
  { name: 'citizen-contact', input: z.object({ messageId: z.string().regex(/^m-[a-z0-9]{8,40}$/) }).strict() },
  async ({ messageId }): Promise<{ phone?: string }> => {
    const stored = await messages.get(messageId);
    if (!stored?.secrets.phoneEncrypted || stored.message.status === 'held') return {};
    return { phone: await cipher.decrypt(stored.secrets.phoneEncrypted, messageField(messageId, 'phone')) };
  },
);
