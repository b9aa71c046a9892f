import type { FieldCipher } from '../../../../shared/crypto/field-cipher.ts';
import { eventsOf, type Transition } from '../../../../shared/domain/transition.ts';
import type { EventCause } from '../../../../shared/events/envelope.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../../../../shared/runtime/errors.ts';
import { withOptimisticRetry } from '../../../../shared/store/optimistic.ts';
import type { Message } from '../domain/message.ts';
import { messageField } from '../domain/personal-fields.ts';
import { bindWeChat, refuseIfErased, unbindWeChat } from '../domain/wechat-notices.ts';
import type { CitizenWeChatAuthorization, MessageRepository, MessageSecrets, StoredMessage } from '../ports.ts';

/** What the citizen's WeChat notices need: the messages, identity's authorization, the cipher. */
export interface WeChatNoticePorts {
  messages: Pick<MessageRepository, 'get' | 'saveWithSecrets'>;
  wechat: CitizenWeChatAuthorization;
  cipher: Pick<FieldCipher, 'encrypt'>;
  city: string;
}

/** When and why: the envelopes' time and cause. */
export interface WeChatNoticeContext {
  now: Date;
  cause?: EventCause;
}

/**
 * 在微信接收进展通知, first step: the WeChat authorization page for the message the citizen opened
 * (their token already checked). 409 `WECHAT_NOT_CONFIGURED` when the city has not opened WeChat,
 * 409 `CONTACT_ERASED` when the message's personal data was erased.
 */
export async function startWeChatNotices(
  ports: Pick<WeChatNoticePorts, 'wechat'>,
  stored: StoredMessage,
): Promise<{ authorizeUrl: string; expiresAt: string }> {
  refuseIfErased(stored.message);
  const started = await ports.wechat.start(stored.message.trackingCode);
  if (!started) throw new ConflictError('This city has no WeChat official account.', 'WECHAT_NOT_CONFIGURED');
  return started;
}

/**
 * Back from WeChat: the ticket is redeemed (once) for the openid, which is kept encrypted beside the
 * message, replacing an earlier one; `MessageWeChatBound` goes out with the change. A ticket unknown,
 * used, expired or another message's is a 400 on `ticket`, and nothing changes.
 */
export async function completeWeChatNotices(ports: WeChatNoticePorts, stored: StoredMessage, ticket: string, context: WeChatNoticeContext): Promise<Message> {
  const { messageId, trackingCode } = stored.message;
  // Refused before the ticket is spent.
  refuseIfErased(stored.message);
  const openId = await ports.wechat.redeem(trackingCode, ticket);
  if (!openId) throw new InvalidInputError('The WeChat ticket is unknown, already used or expired.', [{ path: 'ticket', message: 'unknown, used or expired' }]);
  const wechatOpenIdEncrypted = await ports.cipher.encrypt(openId, messageField(messageId, 'wechat'));
  return (await changeContact(
    ports,
    messageId,
    context,
    (message) => bindWeChat(message, context.now),
    (secrets) => ({ ...secrets, wechatOpenIdEncrypted }),
  ))!;
}

/** 取消微信通知: the openid is dropped and `MessageWeChatUnbound` goes out; nothing when it was not on. */
export async function stopWeChatNotices(ports: WeChatNoticePorts, messageId: string, context: WeChatNoticeContext): Promise<Message> {
  const changed = await changeContact(
    ports,
    messageId,
    context,
    (message) => unbindWeChat(message, context.now),
    ({ wechatOpenIdEncrypted: _dropped, ...secrets }) => secrets,
  );
  if (changed) return changed;
  const stored = await ports.messages.get(messageId);
  if (!stored) throw new NotFoundError('No such message.');
  return stored.message;
}

/** Writes the message, its changed secrets and the transition's events in one conditional write, again on fresh state if another write came first. */
async function changeContact(
  ports: WeChatNoticePorts,
  messageId: string,
  context: WeChatNoticeContext,
  decide: (message: Message) => Transition<Message> | undefined,
  secretsOf: (secrets: MessageSecrets) => MessageSecrets,
): Promise<Message | undefined> {
  return withOptimisticRetry(async () => {
    const stored = await ports.messages.get(messageId);
    if (!stored) throw new NotFoundError('No such message.');
    const transition = decide(stored.message);
    if (!transition) return undefined;
    const events = eventsOf(transition.emitted, { city: ports.city, now: context.now, cause: context.cause });
    await ports.messages.saveWithSecrets(stored, transition.next, secretsOf(stored.secrets), events);
    return transition.next;
  });
}
