import { z } from 'zod';

/**
 * The start of a WeChat binding (an account's, or a citizen's for their message): the official
 * account's authorization page to open inside WeChat, and when its state expires. Identity makes
 * it; messaging hands a citizen's on, so the shape is a contract between the two services.
 */
export const wechatAuthorizationSchema = z.object({ authorizeUrl: z.url(), expiresAt: z.iso.datetime() });
