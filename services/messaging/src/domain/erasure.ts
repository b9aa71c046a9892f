import { emit, type Emitted } from '../../../../shared/domain/transition.ts';
import { MessageWeChatUnbound } from '../../../../shared/events/messaging/index.ts';
import type { ErasedField } from '../../../../shared/privacy/erasure.ts';
import type { Message } from './message.ts';

export type { ErasedField, ErasureReason, ErasureRecord } from '../../../../shared/privacy/erasure.ts';
export { retentionCutoff } from '../../../../shared/privacy/erasure.ts';

/** The secrets kept beside a message, as far as erasure is concerned. */
export interface ContactSecrets {
  nameEncrypted?: string;
  phoneEncrypted?: string;
  wechatOpenIdEncrypted?: string;
  sourceKey: string;
  requestHash?: string;
}

/** The source key an erased message keeps: no address, keyed or not, leads back to it. */
export const ERASED_SOURCE = 'erased';

/**
 * Erases a citizen's personal data from a message and its secrets: their name, phone, the location
 * they typed, their WeChat binding and the keyed hash of their address. The matter stays — category, text, thread,
 * timeline, rating and every date — so statistics, the deputy's archive and the lists still count
 * it. Returns the fields that held something, and `MessageWeChatUnbound` when WeChat notices were on
 * (so notifications stops choosing WeChat); nothing when it was erased already.
 */
export function eraseContact<S extends ContactSecrets>(
  message: Message,
  secrets: S,
  at: string,
): { message: Message; secrets: S; erased: ErasedField[]; emitted: Emitted[] } | undefined {
  if (message.contactErasedAt) return undefined;
  const erased: ErasedField[] = [];
  if (secrets.nameEncrypted) erased.push('name');
  if (secrets.phoneEncrypted) erased.push('phone');
  if (message.location) erased.push('location');
  if (secrets.wechatOpenIdEncrypted) erased.push('wechat');
  if (secrets.sourceKey !== ERASED_SOURCE) erased.push('source');
  const { location: _location, wechatSince: _wechat, ...kept } = message;
  const { nameEncrypted: _name, phoneEncrypted: _phone, wechatOpenIdEncrypted: _openId, requestHash: _request, ...keptSecrets } = secrets;
  const emitted = message.wechatSince ? [emit(MessageWeChatUnbound, { messageId: message.messageId, unboundAt: at })] : [];
  return { message: { ...kept, contactErasedAt: at }, secrets: { ...keptSecrets, sourceKey: ERASED_SOURCE } as S, erased, emitted };
}
