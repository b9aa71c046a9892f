import type { Message } from './message.ts';

/** What the platform keeps of a citizen beside their message, and erases (删除个人信息). */
export type ErasedField = 'name' | 'phone' | 'location' | 'source';

/** The secrets kept beside a message, as far as erasure is concerned. */
export interface ContactSecrets {
  nameEncrypted?: string;
  phoneEncrypted?: string;
  sourceKey: string;
  requestHash?: string;
}

/** Why personal data was erased: the city's retention period passed, or someone asked. */
export type ErasureReason = 'retention' | 'request';

/** An audit entry of an erasure: who, when, what, never the data itself. */
export interface ErasureRecord {
  erasureId: string;
  at: string;
  by: string;
  reason: ErasureReason;
  messageIds: string[];
  fields: ErasedField[];
}

/** The source key an erased message keeps: no address, keyed or not, leads back to it. */
export const ERASED_SOURCE = 'erased';

/**
 * Erases a citizen's personal data from a message and its secrets: their name, phone, the location
 * they typed and the keyed hash of their address. The matter stays — category, text, thread,
 * timeline, rating and every date — so statistics, the deputy's archive and the lists still count
 * it. Returns the fields that held something, or nothing when it was erased already.
 */
export function eraseContact<S extends ContactSecrets>(
  message: Message,
  secrets: S,
  at: string,
): { message: Message; secrets: S; erased: ErasedField[] } | undefined {
  if (message.contactErasedAt) return undefined;
  const erased: ErasedField[] = [];
  if (secrets.nameEncrypted) erased.push('name');
  if (secrets.phoneEncrypted) erased.push('phone');
  if (message.location) erased.push('location');
  if (secrets.sourceKey !== ERASED_SOURCE) erased.push('source');
  const { location: _location, ...kept } = message;
  const { nameEncrypted: _name, phoneEncrypted: _phone, requestHash: _request, ...keptSecrets } = secrets;
  return { message: { ...kept, contactErasedAt: at }, secrets: { ...keptSecrets, sourceKey: ERASED_SOURCE } as S, erased };
}

/** The date before which closed messages lose their personal data: `months` before `now`. */
export function retentionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}
