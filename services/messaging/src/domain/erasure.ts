import type { ErasedField } from '../../../../shared/privacy/erasure.ts';
import type { Message } from './message.ts';

export type { ErasedField, ErasureReason, ErasureRecord } from '../../../../shared/privacy/erasure.ts';
export { retentionCutoff } from '../../../../shared/privacy/erasure.ts';

/** The secrets kept beside a message, as far as erasure is concerned. */
export interface ContactSecrets {
  nameEncrypted?: string;
  phoneEncrypted?: string;
  sourceKey: string;
  requestHash?: string;
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
