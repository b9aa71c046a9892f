import { z } from 'zod';
import { readContact } from '../use-cases/read-contact.ts';
import { cipher, directory, internal } from './deps.ts';

/**
 * Internal function `contact` (not on the HTTP API; only notifications may invoke it): the phone,
 * e-mail and bound WeChat openid of a deputy (by code) or a staff account (by username), decrypted, so notifications
 * can reach them on the channels they chose. Never logged, never in an event. A deputy whose term
 * ended, or an unknown name, answers `{}`: nobody is texted on their behalf.
 */
export const contact = internal(
  { name: 'contact', input: z.object({ username: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/) }).strict() },
  async ({ username }): Promise<{ phone?: string; email?: string; wechatOpenId?: string }> => readContact(directory, cipher, username),
);
